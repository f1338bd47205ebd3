#pragma once
// A killed apply's server session lives on: PostgreSQL notices a dead client only when it next
// reads from or writes to it, so the statement that session was running finishes first (a
// CREATE INDEX CONCURRENTLY completes; an UPDATE of a batch runs to its end, then its
// transaction is rolled back), holding its locks. The run lock (pg_run_lock.h) therefore also
// covers the working session: the holder names it in application_name, and the next holder
// settles the sessions an earlier run left before it runs anything:
// - a session running CREATE/DROP INDEX CONCURRENTLY is waited for, up to `patience` (its
//   work stays; the resumed step then finds the index built), then cancelled;
// - any other is cancelled at once: it is inside a transaction its client can no longer
//   commit, so its work is lost anyway, and cancelling frees its locks;
// - a session that has not gone after a cancel is terminated; one that survives that too
//   stops the run with an error naming it.

#include "dialects/common/orphan_wait.h"
#include "dialects/postgres/pg_connection.h"

#include <chrono>
#include <functional>
#include <string>

namespace stepwise::postgres {

struct OrphanPolicy {
    std::chrono::milliseconds patience = dialect::kDefaultOrphanWait; // for an index build
    std::chrono::milliseconds after_cancel{5000};
    std::chrono::milliseconds after_terminate{5000};
    // Told, for each session waited for, when the wait starts and about once a second.
    std::function<void(const dialect::OrphanWait&)> on_wait;
};

// Names `worker` as the working session of the run holding the lock for `schema`, after
// settling (as above) the working sessions earlier runs left. Throws DatabaseError when one
// cannot be stopped.
void settle_orphan_sessions(PgConnection& worker, const std::string& schema,
                            const OrphanPolicy& policy = {});

} // namespace stepwise::postgres
