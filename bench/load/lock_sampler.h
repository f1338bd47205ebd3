#pragma once
// Samples pg_stat_activity on a connection of its own: how many sessions of the benchmark's
// database wait on a heavyweight lock, and for how long the longest has been waiting.

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

namespace stepwise::bench {

struct LockWaitSummary {
    long samples = 0;
    long samples_with_waiters = 0;
    long max_waiters = 0;
    double max_wait_ms = 0;
    std::string error; // the first failure, if sampling stopped early
};

class LockSampler {
public:
    LockSampler(std::string conninfo, std::chrono::milliseconds interval);
    ~LockSampler();
    void start();
    LockWaitSummary stop();

private:
    void run();

    std::string conninfo_;
    std::chrono::milliseconds interval_;
    std::atomic<bool> stopping_{false};
    std::thread thread_;
    LockWaitSummary summary_;
};

} // namespace stepwise::bench
