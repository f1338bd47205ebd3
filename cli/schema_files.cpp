#include "cli/schema_files.h"

#include "cli/errors.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace stepwise::cli {

namespace fs = std::filesystem;

std::vector<std::string> schema_files(const std::string& path) {
    std::error_code ec;
    if (!fs::exists(path, ec))
        throw CliError("schema path " + path + " does not exist");
    if (!fs::is_directory(path, ec))
        return {path};
    std::vector<std::string> files;
    for (auto it = fs::recursive_directory_iterator(path, ec); !ec && it != fs::end(it);
         it.increment(ec))
        if (it->is_regular_file() && it->path().extension() == ".schema")
            files.push_back(it->path().string());
    std::sort(files.begin(), files.end());
    return files;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw CliError("cannot read " + path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

void write_file(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out || !(out << text) || !out.flush())
        throw CliError("cannot write " + path);
}

} // namespace stepwise::cli
