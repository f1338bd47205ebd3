#include "runtime/run_lock.h"

#include "runtime/apply_error.h"
#include "runtime/clock.h"
#include "runtime/lock_holder.h"

#include <fmt/format.h>
#include <optional>
#include <thread>
#include <unistd.h>

namespace stepwise::runtime {

std::string describe_this_process(const std::string& what) {
    char host[256] = {};
    if (::gethostname(host, sizeof host - 1) != 0)
        host[0] = '\0';
    return fmt::format("pid {} on {}: {}, since {}", ::getpid(), host[0] ? host : "unknown host",
                       what, utc_now());
}

std::unique_ptr<dialect::RunLock> acquire_run_lock(const dialect::Dialect& dialect,
                                                   const dialect::Url& url,
                                                   dialect::Connection& connection,
                                                   const std::string& what,
                                                   const dialect::LockOptions& options) {
    const auto* locker = dynamic_cast<const dialect::Locker*>(&dialect);
    if (!locker)
        return nullptr;
    const std::string owner = describe_this_process(what);
    auto attempt = locker->try_run_lock(url, connection, owner, options);
    // A holder killed on this host a moment ago still holds the lock until its server notices
    // the closed connection (milliseconds, longer on a loaded server): wait for that rather
    // than refuse a resume the user started right after the kill.
    using Clock = std::chrono::steady_clock;
    const auto start = Clock::now();
    std::optional<Clock::time_point> reported;
    while (!attempt.lock) {
        auto exited = exited_local_holder(attempt.holder);
        auto now = Clock::now();
        auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(now - start);
        if (!exited || waited >= kExitedHolderWait)
            break;
        if (options.on_wait && (!reported || now - *reported >= std::chrono::seconds(1))) {
            reported = now;
            options.on_wait({"the run lock",
                             fmt::format("pid {} on this host, which has exited", *exited), waited,
                             kExitedHolderWait, "refuse to run, naming the holder"});
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        attempt = locker->try_run_lock(url, connection, owner, options);
    }
    if (!attempt.lock)
        throw Refused(fmt::format("another stepwise is running against this database ({}); wait "
                                  "for it to finish, or stop it (a killed apply resumes where it "
                                  "stopped), then try again",
                                  attempt.holder));
    return std::move(attempt.lock);
}

} // namespace stepwise::runtime
