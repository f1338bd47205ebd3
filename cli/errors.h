#pragma once
// Errors of the command line itself (bad arguments, missing config), and exit codes.

#include <stdexcept>

namespace stepwise::cli {

enum ExitCode { kOk = 0, kError = 1, kChangesPending = 2, kRefused = 3 };

class CliError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

} // namespace stepwise::cli
