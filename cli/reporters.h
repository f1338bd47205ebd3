#pragma once
// The progress sink a command uses: a bar on a terminal, plain lines otherwise, JSON lines
// with --json, nothing with --quiet.

#include "runtime/progress.h"

#include <memory>

namespace stepwise::cli {

std::unique_ptr<runtime::Reporter> make_reporter(bool quiet, bool json);

} // namespace stepwise::cli
