#pragma once
// Per-transaction timings of one load run and the figures the benchmark reports from them.

#include <cstddef>
#include <string>
#include <vector>

namespace stepwise::bench {

struct TxnTiming {
    // From the transaction's scheduled start (fixed rate) to its end: what a user waits,
    // queueing behind a stalled connection included.
    double latency_ms = 0;
    // From the moment it was sent to its end: how long the transaction itself took.
    double service_ms = 0;
};

class LatencyStats {
public:
    void add(const TxnTiming& t) { timings_.push_back(t); }
    void merge(const LatencyStats& other);
    size_t count() const { return timings_.size(); }

    // Nearest-rank percentile of the latencies, p in (0, 100]; 0 when empty.
    double latency_percentile(double p) const;
    double max_latency() const;
    double max_service() const;

private:
    std::vector<TxnTiming> timings_;
};

} // namespace stepwise::bench
