#pragma once
// One apply, rollback or purge at a time per database, through the dialect's Locker.

#include "dialects/common/connection.h"
#include "dialects/common/dialect.h"
#include "dialects/common/locker.h"
#include "dialects/common/url.h"

#include <chrono>
#include <memory>
#include <string>

namespace stepwise::runtime {

// "pid 4242 on build-7: stepwise apply on env prod (...), since 2024-05-01T12:00:00.000Z".
// `what` must be safe to print (no password).
std::string describe_this_process(const std::string& what);

// How long a run waits for the server to drop the lock of a holder on this host that has
// exited (killed): the server notices a closed connection asynchronously.
constexpr std::chrono::milliseconds kExitedHolderWait{30000};

// Takes the run lock, or throws Refused naming the process that holds it; when that process
// ran on this host and has exited, first waits up to kExitedHolderWait for its server session
// to go (reported to `options.on_wait`). A dialect without a Locker gets no lock (nullptr):
// its state tables are then the only guard. Once held, the dialect may wait
// (options.orphan_wait) for sessions a killed run left, reporting each wait to
// `options.on_wait`.
std::unique_ptr<dialect::RunLock> acquire_run_lock(const dialect::Dialect& dialect,
                                                   const dialect::Url& url,
                                                   dialect::Connection& connection,
                                                   const std::string& what,
                                                   const dialect::LockOptions& options = {});

} // namespace stepwise::runtime
