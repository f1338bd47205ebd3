#include "tests/acceptance/case_runner.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/wait.h>
#include <system_error>
#include <unistd.h>

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

int spawn_stepwise(const std::vector<std::string>& args) {
    std::string binary = STEPWISE_BINARY;
    std::vector<std::string> copy = args;
    std::vector<char*> argv{binary.data()};
    for (auto& a : copy)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = ::fork();
    if (pid < 0)
        throw std::system_error(errno, std::generic_category(), "fork " + binary);
    if (pid == 0) {
        int null = ::open("/dev/null", O_WRONLY);
        ::dup2(null, STDOUT_FILENO);
        ::dup2(null, STDERR_FILENO);
        ::execv(binary.c_str(), argv.data());
        ::_exit(127);
    }
    return pid;
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

std::vector<std::string> lines_of(const std::string& path) {
    std::vector<std::string> out;
    std::istringstream in(read_text(path));
    std::string line;
    while (std::getline(in, line))
        if (!line.empty() && line.rfind("--", 0) != 0)
            out.push_back(line);
    return out;
}

std::vector<std::string> with(std::vector<std::string> a, const std::vector<std::string>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

const std::vector<std::string>& allow_all_hazards() {
    static const std::vector<std::string> args = {
        "--allow-hazard", "DataLoss",        "--allow-hazard", "TableRewrite",
        "--allow-hazard", "BlockingLock",    "--allow-hazard", "LongRunning",
        "--allow-hazard", "AppIncompatible", "--allow-hazard", "Irreversible"};
    return args;
}

std::vector<std::string> lost_rows(const model::Catalog& target,
                                   const std::map<std::string, long>& before,
                                   const std::map<std::string, long>& after) {
    std::vector<std::string> out;
    for (const auto& t : target.tables) {
        std::string was =
            t.renamed_from && before.count(*t.renamed_from) ? *t.renamed_from : t.name;
        auto b = before.find(was);
        if (b == before.end())
            continue;
        auto a = after.find(t.name);
        long now = a == after.end() ? 0 : a->second;
        if (now != b->second)
            out.push_back("rows of " + t.name + " did not survive: " + std::to_string(b->second) +
                          " before, " + std::to_string(now) + " after");
    }
    return out;
}

} // namespace stepwise::testing
