#pragma once
// Batch size for a backfill: fixed, or tuned after every batch to take about the target.

#include "compiler/plan/step.h"

#include <chrono>

namespace stepwise::runtime {

class BatchSizer {
public:
    static constexpr int kMin = 1;
    static constexpr int kMax = 100000;

    explicit BatchSizer(const plan::BatchPolicy& policy);

    int size() const { return size_; }
    // A batch of `rows` took `elapsed`. Automatic sizing scales toward the target, by at
    // most a factor of two per batch so one slow batch (a lock wait) does not collapse it.
    void observe(int rows, std::chrono::microseconds elapsed);

private:
    plan::BatchPolicy policy_;
    int size_;
};

} // namespace stepwise::runtime
