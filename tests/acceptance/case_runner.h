#pragma once
// Shared pieces of the data-driven acceptance runners: run the stepwise binary, read case
// files, dump a database's rows in a stable order.

#include "compiler/model/catalog.h"

#include <map>
#include <string>
#include <vector>

namespace stepwise::testing {

struct CommandResult {
    int exit_code = -1;
    std::string output; // stdout and stderr together
};

// Runs the built `stepwise` binary with `args` (each quoted for the shell).
CommandResult run_stepwise(const std::vector<std::string>& args);

// Starts the built `stepwise` binary as a child process with its output discarded and
// returns its pid; throws when fork fails (a -1 pid handed to kill() would signal every
// process the user owns).
int spawn_stepwise(const std::vector<std::string>& args);

std::string read_text(const std::string& path);
bool file_exists(const std::string& path);

// Subdirectories of `dir` that hold a case, sorted.
std::vector<std::string> case_dirs(const std::string& dir);

// The non-empty lines of a case file that are not `--` comments.
std::vector<std::string> lines_of(const std::string& path);

std::vector<std::string> with(std::vector<std::string> a, const std::vector<std::string>& b);

// `--allow-hazard` for every class: the cases test what a migration does; the hazard gate
// has tests of its own.
const std::vector<std::string>& allow_all_hazards();

// Tables of `target` whose row count differs from the start's (following `renamed from`),
// one message each.
std::vector<std::string> lost_rows(const model::Catalog& target,
                                   const std::map<std::string, long>& before,
                                   const std::map<std::string, long>& after);

} // namespace stepwise::testing
