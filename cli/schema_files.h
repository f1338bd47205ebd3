#pragma once
// The .schema files a path stands for: the file itself, or a directory's files, recursively.

#include <string>
#include <vector>

namespace stepwise::cli {

// Sorted by path; throws CliError for a path that does not exist.
std::vector<std::string> schema_files(const std::string& path);

std::string read_file(const std::string& path);
void write_file(const std::string& path, const std::string& text); // throws CliError

} // namespace stepwise::cli
