#include "runtime/run_lock.h"

#include "runtime/apply_error.h"
#include "runtime/clock.h"

#include <fmt/format.h>
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
    auto attempt = locker->try_run_lock(url, connection, describe_this_process(what), options);
    if (!attempt.lock)
        throw Refused(fmt::format("another stepwise is running against this database ({}); wait "
                                  "for it to finish, or stop it (a killed apply resumes where it "
                                  "stopped), then try again",
                                  attempt.holder));
    return std::move(attempt.lock);
}

} // namespace stepwise::runtime
