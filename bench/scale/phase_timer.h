#pragma once
// Wall time and memory of one phase of the scale benchmark.

#include <chrono>
#include <string>

namespace stepwise::bench {

struct PhaseResult {
    std::string name;
    double ms = 0;
    double cpu_ms = 0;  // user + system CPU of this process: what a shared machine cannot blur
    double rss_mb = 0;  // resident set after the phase
    double peak_mb = 0; // the process's peak resident set so far (getrusage ru_maxrss)
    std::string note;
};

double current_rss_mb();
double peak_rss_mb();
double process_cpu_ms();
// CPU milliseconds a process of this machine has used so far (/proc/PID/stat); -1 when
// unreadable. For the server backend that runs the catalog queries.
double other_process_cpu_ms(long pid);

template <typename F> PhaseResult time_phase(const std::string& name, F&& body) {
    double cpu_start = process_cpu_ms();
    auto start = std::chrono::steady_clock::now();
    body();
    auto end = std::chrono::steady_clock::now();
    PhaseResult out;
    out.name = name;
    out.ms = std::chrono::duration<double, std::milli>(end - start).count();
    out.cpu_ms = process_cpu_ms() - cpu_start;
    out.rss_mb = current_rss_mb();
    out.peak_mb = peak_rss_mb();
    return out;
}

} // namespace stepwise::bench
