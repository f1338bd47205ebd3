#include "runtime/batch_sizer.h"

#include <algorithm>

namespace stepwise::runtime {

BatchSizer::BatchSizer(const plan::BatchPolicy& policy)
    : policy_(policy), size_(std::clamp(policy.size, kMin, kMax)) {}

void BatchSizer::observe(int rows, std::chrono::microseconds elapsed) {
    // A short batch (the last one) says little about the rate.
    if (!policy_.automatic || rows < size_ || policy_.target.count() <= 0)
        return;
    double target = std::chrono::duration<double, std::micro>(policy_.target).count();
    double took = std::max<double>(static_cast<double>(elapsed.count()), 1.0);
    double factor = std::clamp(target / took, 0.5, 2.0);
    double next = static_cast<double>(size_) * factor;
    size_ =
        static_cast<int>(std::clamp(next, static_cast<double>(kMin), static_cast<double>(kMax)));
}

} // namespace stepwise::runtime
