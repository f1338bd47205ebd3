#pragma once
// Lock timeouts are expected, not errors: wait with jittered exponential backoff and retry,
// so a migration waiting for a lock never holds the application's queries up for long.

#include "runtime/progress.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <random>
#include <string>

namespace stepwise::runtime {

struct RetryPolicy {
    int attempts = 5; // in all, the first one included
    std::chrono::milliseconds initial_delay{100};
    std::chrono::milliseconds max_delay{5000};
    double jitter = 0.5;    // each delay is drawn from [d * (1 - jitter), d]
    std::uint64_t seed = 0; // 0: seeded from the system; otherwise reproducible delays
};

// The delay before retry number `retry` (1-based), before jitter: initial * 2^(retry-1),
// capped at max_delay.
std::chrono::milliseconds backoff_ceiling(const RetryPolicy& policy, int retry);

class Retrier {
public:
    Retrier(RetryPolicy policy, Reporter& reporter);

    // Runs `work` until it succeeds, throws something other than a lock timeout, or the
    // attempts are used up (then the last DatabaseError propagates). `undo` runs after each
    // lock timeout, before the wait, to leave no transaction open.
    void run(const std::string& step_id, const std::function<void()>& work,
             const std::function<void()>& undo = {});

    std::chrono::milliseconds next_delay(int retry); // draws the jitter
    int retries() const { return retries_; }         // lock timeouts retried so far

private:
    RetryPolicy policy_;
    Reporter& reporter_;
    std::mt19937_64 rng_;
    int retries_ = 0;
};

} // namespace stepwise::runtime
