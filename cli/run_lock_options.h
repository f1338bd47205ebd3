#pragma once
// How apply, rollback and purge take the run lock: how long they wait for the sessions a killed
// run left (--orphan-wait, the environment's orphan_wait, else the runtime's default) and
// where they report that wait (the command's progress sink).

#include "cli/config.h"
#include "dialects/common/locker.h"
#include "runtime/progress.h"

#include <chrono>
#include <string>

namespace stepwise::cli {

// "--orphan-wait" text -> a duration from 0 to a day; throws CliError naming the flag.
std::chrono::milliseconds parse_orphan_wait(const std::string& text);

// `flag` is the --orphan-wait text (empty: not given). `reporter` must outlive the lock call.
dialect::LockOptions run_lock_options(const std::string& flag, const Environment& settings,
                                      runtime::Reporter& reporter);

} // namespace stepwise::cli
