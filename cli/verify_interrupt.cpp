#include "cli/verify_interrupt.h"

#include <atomic>
#include <cstdlib>
#include <iostream>

namespace stepwise::cli {

namespace {

sigset_t watched() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    return set;
}

// Set before the destructor wakes the watcher, so that wake-up is not taken for a signal.
std::atomic<bool> g_stopping{false};

} // namespace

InterruptGuard::InterruptGuard(std::function<void()> cleanup) {
    sigset_t set = watched();
    // Blocked in this thread before the watcher starts, so every thread of the process
    // (the watcher inherits the mask) leaves the signals to sigwait().
    pthread_sigmask(SIG_BLOCK, &set, &previous_);
    g_stopping = false;
    watcher_ = std::thread([set, cleanup = std::move(cleanup)] {
        int sig = 0;
        if (sigwait(&set, &sig) != 0 || g_stopping)
            return;
        std::cerr << "\ninterrupted: removing the scratch database before exiting\n";
        try {
            cleanup();
        } catch (const std::exception& e) {
            std::cerr << "error: " << e.what() << "\n";
        }
        std::_Exit(128 + sig);
    });
}

InterruptGuard::~InterruptGuard() {
    g_stopping = true;
    pthread_kill(watcher_.native_handle(), SIGTERM);
    watcher_.join();
    pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
}

} // namespace stepwise::cli
