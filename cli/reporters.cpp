#include "cli/reporters.h"

#include "runtime/json_reporter.h"
#include "runtime/terminal_reporter.h"

#include <iostream>

namespace stepwise::cli {

std::unique_ptr<runtime::Reporter> make_reporter(bool quiet, bool json) {
    if (json)
        return std::make_unique<runtime::JsonReporter>(std::cout);
    if (quiet)
        return std::make_unique<runtime::QuietReporter>();
    return runtime::make_terminal_reporter();
}

} // namespace stepwise::cli
