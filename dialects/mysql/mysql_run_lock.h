#pragma once
// The run lock on MySQL / MariaDB: GET_LOCK(name, 0) on a connection of its own, so it dies
// with the session (a killed apply never leaves it behind) and never blocks the apply's own
// statements. The name is per database. GET_LOCK shows only the holder's connection id, so
// the holder also writes its description into `_stepwise_run_lock`, keyed by that id; the
// next one to try reads it back through IS_USED_LOCK.

#include "dialects/common/locker.h"

namespace stepwise::mysql {

dialect::LockAttempt try_mysql_run_lock(const dialect::Url& url, const std::string& owner);

} // namespace stepwise::mysql
