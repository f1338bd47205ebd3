#include "tests/acceptance/case_runner.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/wait.h>

namespace stepwise::testing {

namespace {
std::string shell_quote(const std::string& s) {
    std::string out = "'";
    for (char c : s)
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}
} // namespace

CommandResult run_stepwise(const std::vector<std::string>& args) {
    std::string cmd = shell_quote(STEPWISE_BINARY);
    for (const auto& a : args)
        cmd += " " + shell_quote(a);
    cmd += " 2>&1 </dev/null";
    CommandResult result;
    FILE* pipe = popen(cmd.c_str(), "r");
    if (!pipe)
        return result;
    std::array<char, 4096> buf{};
    size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0)
        result.output.append(buf.data(), n);
    int status = pclose(pipe);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

bool file_exists(const std::string& path) {
    return std::filesystem::exists(path);
}

std::vector<std::string> case_dirs(const std::string& dir) {
    std::vector<std::string> out;
    if (!std::filesystem::is_directory(dir))
        return out;
    for (const auto& e : std::filesystem::directory_iterator(dir))
        if (e.is_directory())
            out.push_back(e.path().string());
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace stepwise::testing
