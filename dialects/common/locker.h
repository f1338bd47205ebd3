#pragma once
// An optional ability of a dialect: the lock that lets one apply, rollback or purge at a time
// run against a database. It must die with the process that holds it (a killed apply never
// leaves it behind) and must not stop that process's own writes.

#include "dialects/common/connection.h"
#include "dialects/common/url.h"

#include <memory>
#include <string>

namespace stepwise::dialect {

// Held while it lives; released when destroyed (or when the process dies).
class RunLock {
public:
    virtual ~RunLock() = default;
};

struct LockAttempt {
    std::unique_ptr<RunLock> lock; // empty: another process holds it
    std::string holder;            // then: who, as that process described itself
};

class Locker {
public:
    virtual ~Locker() = default;
    // Never waits. `owner` is a printable description of this process ("pid 12 on host:
    // stepwise apply, since ..."); the next one to try reads it back as `holder`.
    virtual LockAttempt try_run_lock(const Url& url, Connection& connection,
                                     const std::string& owner) const = 0;
};

} // namespace stepwise::dialect
