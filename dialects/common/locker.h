#pragma once
// An optional ability of a dialect: the lock that lets one apply, rollback or purge at a time
// run against a database. It must die with the process that holds it (a killed apply never
// leaves it behind) and must not stop that process's own writes.

#include "dialects/common/connection.h"
#include "dialects/common/orphan_wait.h"
#include "dialects/common/url.h"

#include <functional>
#include <memory>
#include <string>

namespace stepwise::dialect {

// Held while it lives; released when destroyed (or when the process dies).
class RunLock {
public:
    virtual ~RunLock() = default;
};

struct LockOptions {
    std::chrono::milliseconds orphan_wait = kDefaultOrphanWait;
    // Told when a wait starts and about once a second while it lasts.
    std::function<void(const OrphanWait&)> on_wait;
};

struct LockAttempt {
    std::unique_ptr<RunLock> lock; // empty: another process holds it
    std::string holder;            // then: who, as that process described itself
};

class Locker {
public:
    virtual ~Locker() = default;
    // Never waits for another holder. `owner` is a printable description of this process
    // ("pid 12 on host: stepwise apply, since ..."); the next one to try reads it back as
    // `holder`. Once it holds the lock it may wait, up to `options.orphan_wait` and reporting
    // to `options.on_wait`, for sessions a killed run left (PostgreSQL, MySQL).
    virtual LockAttempt try_run_lock(const Url& url, Connection& connection,
                                     const std::string& owner,
                                     const LockOptions& options = {}) const = 0;
};

} // namespace stepwise::dialect
