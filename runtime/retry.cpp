#include "runtime/retry.h"

#include "dialects/common/connection.h"

#include <algorithm>
#include <thread>

namespace stepwise::runtime {

std::chrono::milliseconds backoff_ceiling(const RetryPolicy& policy, int retry) {
    long long delay = std::max<long long>(policy.initial_delay.count(), 0);
    long long cap = std::max<long long>(policy.max_delay.count(), 0);
    for (int i = 1; i < retry && delay < cap; ++i)
        delay *= 2;
    return std::chrono::milliseconds(std::min(delay, cap));
}

Retrier::Retrier(RetryPolicy policy, Reporter& reporter)
    : policy_(policy), reporter_(reporter),
      rng_(policy.seed != 0 ? policy.seed : std::random_device{}()) {}

std::chrono::milliseconds Retrier::next_delay(int retry) {
    auto ceiling = backoff_ceiling(policy_, retry).count();
    double jitter = std::clamp(policy_.jitter, 0.0, 1.0);
    std::uniform_real_distribution<double> draw(1.0 - jitter, 1.0);
    return std::chrono::milliseconds(static_cast<long long>(ceiling * draw(rng_)));
}

void Retrier::run(const std::string& step_id, const std::function<void()>& work,
                  const std::function<void()>& undo) {
    int attempts = std::max(policy_.attempts, 1);
    for (int attempt = 1;; ++attempt) {
        try {
            work();
            return;
        } catch (const dialect::DatabaseError& e) {
            if (!e.lock_timeout() || attempt >= attempts)
                throw;
            if (undo)
                undo();
            auto delay = next_delay(attempt);
            ++retries_;
            reporter_.retrying(Retrying{step_id, attempt, attempts, delay, e.what()});
            std::this_thread::sleep_for(delay);
        }
    }
}

} // namespace stepwise::runtime
