#pragma once
// The run lock on MySQL / MariaDB: GET_LOCK(name, 0) on a connection of its own, so it dies
// with the session (a killed apply never leaves it behind) and never blocks the apply's own
// statements. The name is per database. GET_LOCK shows only the holder's connection id, so
// the holder also writes its description into `_stepwise_run_lock`, keyed by that id; the
// next one to try reads it back through IS_USED_LOCK.
//
// A SIGKILLed client's lock session ends at once, but its working session's server thread
// finishes the statement it was running first (an ALTER, a backfill batch) and only then
// notices. So the holder also records the id of the connection that does the work, and the
// next holder waits for that thread to end before it goes on: a resumed step then never runs
// beside, or before, its own previous attempt. After `options.orphan_wait` it asks the server
// to stop that statement (KILL QUERY, which rolls it back), and after as long again it gives
// up; `options.on_wait` hears about the wait while it lasts.

#include "dialects/common/locker.h"
#include "dialects/mysql/mysql_connection.h"

namespace stepwise::mysql {

dialect::LockAttempt try_mysql_run_lock(const dialect::Url& url, MysqlConnection* work,
                                        const std::string& owner,
                                        const dialect::LockOptions& options = {});

} // namespace stepwise::mysql
