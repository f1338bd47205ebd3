#include "bench/load/latency_stats.h"

#include <algorithm>
#include <cmath>

namespace stepwise::bench {

void LatencyStats::merge(const LatencyStats& other) {
    timings_.insert(timings_.end(), other.timings_.begin(), other.timings_.end());
}

double LatencyStats::latency_percentile(double p) const {
    if (timings_.empty())
        return 0;
    std::vector<double> values;
    values.reserve(timings_.size());
    for (const auto& t : timings_)
        values.push_back(t.latency_ms);
    auto rank = static_cast<size_t>(std::ceil(p / 100.0 * static_cast<double>(values.size())));
    rank = std::clamp<size_t>(rank, 1, values.size());
    std::nth_element(values.begin(), values.begin() + static_cast<long>(rank - 1), values.end());
    return values[rank - 1];
}

double LatencyStats::max_latency() const {
    double out = 0;
    for (const auto& t : timings_)
        out = std::max(out, t.latency_ms);
    return out;
}

double LatencyStats::max_service() const {
    double out = 0;
    for (const auto& t : timings_)
        out = std::max(out, t.service_ms);
    return out;
}

} // namespace stepwise::bench
