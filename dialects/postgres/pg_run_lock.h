#pragma once
// The run lock on PostgreSQL: a session-level advisory lock held by a connection of its own,
// so it dies with the process (the server releases it when the session ends) and never
// blocks the apply's own statements. The holder describes itself in application_name,
// which the next one to try reads back from pg_stat_activity.

#include "dialects/common/locker.h"

namespace stepwise::postgres {

dialect::LockAttempt try_pg_run_lock(const dialect::Url& url, const std::string& schema,
                                     const std::string& owner);

} // namespace stepwise::postgres
