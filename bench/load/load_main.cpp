// stepwise_bench_load: a fixed-rate mixed read/write load on PostgreSQL until SIGTERM/SIGINT
// (or --seconds). Prints one line of figures for bench/run (field names on stderr with -v):
//   completed errors p50_ms p99_ms p999_ms max_latency_ms longest_txn_ms
//   lock_samples lock_samples_waiting max_lock_waiters max_lock_wait_ms

#include "bench/load/load_client.h"
#include "bench/load/lock_sampler.h"

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

using namespace stepwise::bench;

namespace {

int usage(const std::string& message) {
    std::cerr << "stepwise_bench_load: " << message
              << "\nusage: stepwise_bench_load --conninfo STR --max-id N [--clients N] "
                 "[--rate TPS] [--accounts N] [--seconds S]\n";
    return 1;
}

} // namespace

int main(int argc, char** argv) {
    LoadSettings settings;
    double seconds = 0;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (i + 1 >= argc)
            return usage("missing value for " + arg);
        std::string value = argv[++i];
        if (arg == "--conninfo")
            settings.conninfo = value;
        else if (arg == "--clients")
            settings.clients = std::atoi(value.c_str());
        else if (arg == "--rate")
            settings.rate = std::atof(value.c_str());
        else if (arg == "--max-id")
            settings.max_id = std::atol(value.c_str());
        else if (arg == "--accounts")
            settings.accounts = std::atol(value.c_str());
        else if (arg == "--seconds")
            seconds = std::atof(value.c_str());
        else
            return usage("unknown option " + arg);
    }
    if (settings.conninfo.empty() || settings.clients < 1 || settings.rate <= 0 ||
        settings.max_id < 1 || settings.accounts < 1)
        return usage("--conninfo, and positive --clients, --rate, --max-id, --accounts");

    // Blocked before any thread starts, so only the sigtimedwait below receives them.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    std::vector<std::unique_ptr<LoadClient>> clients;
    for (int i = 0; i < settings.clients; ++i) {
        clients.push_back(std::make_unique<LoadClient>(settings, i));
        clients.back()->connect();
    }
    auto t0 = std::chrono::steady_clock::now() + std::chrono::milliseconds(20);
    for (auto& c : clients)
        c->start(t0);
    LockSampler sampler(settings.conninfo, std::chrono::milliseconds(20));
    sampler.start();
    std::cerr << "stepwise_bench_load: running" << std::endl;

    if (seconds > 0) {
        timespec wait{static_cast<time_t>(seconds),
                      static_cast<long>((seconds - static_cast<long>(seconds)) * 1e9)};
        sigtimedwait(&signals, nullptr, &wait);
    } else {
        int received = 0;
        sigwait(&signals, &received);
    }

    LatencyStats all;
    long errors = 0;
    for (auto& c : clients) {
        c->stop();
        all.merge(c->stats());
        errors += c->errors();
        if (!c->first_error().empty())
            std::cerr << "stepwise_bench_load: client error: " << c->first_error();
    }
    auto locks = sampler.stop();
    if (!locks.error.empty())
        std::cerr << "stepwise_bench_load: lock sampler: " << locks.error;
    std::printf("%zu %ld %.2f %.2f %.2f %.2f %.2f %ld %ld %ld %.0f\n", all.count(), errors,
                all.latency_percentile(50), all.latency_percentile(99),
                all.latency_percentile(99.9), all.max_latency(), all.max_service(), locks.samples,
                locks.samples_with_waiters, locks.max_waiters, locks.max_wait_ms);
    return 0;
}
