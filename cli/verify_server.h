#pragma once
// `stepwise verify` on PostgreSQL and MySQL / MariaDB: the scratch copy is a new database on
// the target's own server.

#include "cli/target.h"
#include "cli/verify.h"

#include <memory>

namespace stepwise::cli {

// CREATE DATABASE with a unique name on the target's server (CliError, exit 1, when the role
// may not), the live schema built in it by stepwise's own compiler, then up to `sample` rows
// of each table copied, parents first; a row whose parent was not copied is left out. The
// database is dropped with this object, and by a watcher thread on SIGINT / SIGTERM.
std::unique_ptr<Scratch> make_server_scratch(const Target& target, dialect::Connection& live,
                                             int sample);

} // namespace stepwise::cli
