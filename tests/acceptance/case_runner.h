#pragma once
// Shared pieces of the data-driven acceptance runners: run the stepwise binary, read case
// files, dump a database's rows in a stable order.

#include <string>
#include <vector>

namespace stepwise::testing {

struct CommandResult {
    int exit_code = -1;
    std::string output; // stdout and stderr together
};

// Runs the built `stepwise` binary with `args` (each quoted for the shell).
CommandResult run_stepwise(const std::vector<std::string>& args);

std::string read_text(const std::string& path);
bool file_exists(const std::string& path);

// Subdirectories of `dir` that hold a case, sorted.
std::vector<std::string> case_dirs(const std::string& dir);

} // namespace stepwise::testing
