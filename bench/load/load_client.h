#pragma once
// One connection of the load generator: fixed-rate point reads, updates and inserts on the
// online benchmark's `items` table (bench/online/start.sql), each its own transaction.

#include "bench/load/latency_stats.h"

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

struct pg_conn;

namespace stepwise::bench {

struct LoadSettings {
    std::string conninfo;
    int clients = 4;
    double rate = 200;  // transactions per second, all clients together
    long max_id = 1000; // ids 1..max_id exist before the run
    long accounts = 1000;
};

class LoadClient {
public:
    LoadClient(const LoadSettings& settings, int index);
    ~LoadClient();
    // Connects before the schedule begins, so connection set-up is not counted as latency.
    void connect();
    void start(std::chrono::steady_clock::time_point t0);
    void stop();

    const LatencyStats& stats() const { return stats_; }
    long errors() const { return errors_; }
    const std::string& first_error() const { return first_error_; }

private:
    void run();

    LoadSettings settings_;
    int index_;
    std::chrono::steady_clock::time_point t0_;
    std::atomic<bool> stopping_{false};
    std::thread thread_;
    ::pg_conn* conn_ = nullptr;
    LatencyStats stats_;
    long errors_ = 0;
    std::string first_error_;
};

} // namespace stepwise::bench
