#pragma once
// PostgreSQL's dialect::StatementGuard. The only statements of PostgreSQL steps that run
// outside a transaction are concurrent index builds and drops; the builds carry an
// `index_build` plan::Guard (schema, table, index), the drops none. DROP INDEX CONCURRENTLY IF
// EXISTS is idempotent; CREATE INDEX CONCURRENTLY is not: a killed run may leave the index
// built (its server session finishes the statement after the client died), invalid (the
// build failed or was cancelled), or still being built. Before running such a CREATE again:
// - no index of that name: run it;
// - a valid index of that name on that table: the build is done, skip it;
// - an invalid one that another session is building (pg_stat_progress_create_index): wait
//   for that build, then look again; after `build_wait` the guard gives up with a lock
//   timeout, which the runtime's retry policy waits out like any other;
// - an invalid one nobody builds: DROP INDEX CONCURRENTLY IF EXISTS, then run it.

#include "dialects/common/statement_guard.h"

#include <chrono>
#include <string>

namespace stepwise::postgres {

// `build`: the plan::Guard the step compiler put on the CREATE (pg_ddl.h's add_index_build).
// A wait for another session's build is told to `on_wait` at once and about once a second.
dialect::GuardVerdict guard_index_build(dialect::Connection& connection, const plan::Guard& build,
                                        std::chrono::milliseconds build_wait,
                                        const dialect::WaitReport& on_wait = {});

} // namespace stepwise::postgres
