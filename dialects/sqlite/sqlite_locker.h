#pragma once
// The run lock on SQLite: an OS file lock (flock) on `<database>.stepwise-lock`, next to the
// database file. SQLite has one writer, so a lock held through the database itself (BEGIN
// IMMEDIATE on a second connection) would block the holder's own writes; a file lock does
// not, and the kernel drops it when the process dies, even by kill -9.

#include "dialects/common/locker.h"

#include <string>

namespace stepwise::sqlite {

// The file beside `database_path` that carries the lock and its holder's description.
std::string lock_file_path(const std::string& database_path);

dialect::LockAttempt try_file_lock(const std::string& database_path, const std::string& owner);

} // namespace stepwise::sqlite
