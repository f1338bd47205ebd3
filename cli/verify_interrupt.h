#pragma once
// Ctrl-C during `stepwise verify`: the scratch database must not outlive the command. A
// signal handler cannot talk to a server, so SIGINT and SIGTERM are blocked while the guard
// lives and a watcher thread waits for them with sigwait(); it runs the cleanup on its own
// connection and exits with 130.

#include <functional>
#include <pthread.h>
#include <signal.h>
#include <thread>

namespace stepwise::cli {

class InterruptGuard {
public:
    explicit InterruptGuard(std::function<void()> cleanup);
    ~InterruptGuard();
    InterruptGuard(const InterruptGuard&) = delete;
    InterruptGuard& operator=(const InterruptGuard&) = delete;

private:
    sigset_t previous_{};
    std::thread watcher_;
};

} // namespace stepwise::cli
