#pragma once
// Which test process owns a throwaway server's temp directory, and the reaping of directories
// whose owner is gone. A test binary killed by SIGKILL or a ctest timeout never runs its
// TearDown, so its server and directory would stay for ever; every fixture start calls
// reap_orphaned_servers() to reclaim them. Header-only because mysql_server.cpp is compiled
// into many binaries whose CMake files list their sources one by one.

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

namespace stepwise::testing {

namespace owner_detail {

// Field 3 (state) and field 22 (start time in clock ticks) of /proc/<pid>/stat. The start time
// tells a reused pid from the process that wrote the owner file.
inline bool read_proc_stat(int pid, char& state, unsigned long long& start) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (!std::getline(in, line))
        return false;
    // The command name may hold spaces and parentheses: the fields start after the last ')'.
    auto close = line.rfind(')');
    if (close == std::string::npos)
        return false;
    std::istringstream fields(line.substr(close + 1));
    std::string skip;
    fields >> state;
    for (int field = 4; field < 22; ++field)
        fields >> skip;
    return static_cast<bool>(fields >> start);
}

inline std::string read_cmdline(int pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/cmdline", std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (char& c : text)
        if (c == '\0')
            c = ' ';
    return text;
}

} // namespace owner_detail

// True when no process `pid` runs any more (none, or only a zombie nobody has waited for).
inline bool process_gone(int pid) {
    char state = 0;
    unsigned long long start = 0;
    return !owner_detail::read_proc_stat(pid, state, start) || state == 'Z';
}

// When process `pid` started (clock ticks after boot); 0 when there is no such process.
inline unsigned long long process_start_time(int pid) {
    char state = 0;
    unsigned long long start = 0;
    return owner_detail::read_proc_stat(pid, state, start) ? start : 0;
}

// Waits, up to `bound`, until `done` holds; returns whether it did.
inline bool wait_until(const std::function<bool()>& done,
                       std::chrono::seconds bound = std::chrono::seconds(60)) {
    auto deadline = std::chrono::steady_clock::now() + bound;
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline)
            return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return true;
}

// Records this process as the owner of `dir` (a file `owner`: pid and start time). Call it
// right after creating the directory, before anything else goes in.
inline void claim_server_dir(const std::string& dir) {
    std::ofstream(dir + "/owner") << ::getpid() << ' ' << process_start_time(::getpid()) << '\n';
}

// Whether `dir` has an owner file naming a process that is gone. A directory without a
// readable owner file is not known to be ours, so it is never called orphaned. A start time of
// 0 means the owner could not read its own (claim_server_dir): then only a pid that no longer
// runs counts, or a live owner's server would be reaped at once.
inline bool server_dir_orphaned(const std::string& dir) {
    std::ifstream in(dir + "/owner");
    int pid = 0;
    unsigned long long start = 0;
    if (!(in >> pid >> start) || pid <= 0)
        return false;
    char state = 0;
    unsigned long long now_start = 0;
    if (!owner_detail::read_proc_stat(pid, state, now_start))
        return true;
    return state == 'Z' || (start != 0 && now_start != start);
}

// Live processes whose command line names a path inside `dir` (the server, or a bootstrap or
// pg_ctl still running for it). The directory names are random, so nothing else matches.
inline std::vector<int> processes_using(const std::string& dir) {
    std::vector<int> pids;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
        const std::string name = entry.path().filename().string();
        if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos)
            continue;
        int pid = std::stoi(name);
        if (pid != ::getpid() && !process_gone(pid) &&
            owner_detail::read_cmdline(pid).find(dir + "/") != std::string::npos)
            pids.push_back(pid);
    }
    return pids;
}

// Whether `pid` is one of processes_using(dir): a pid read from a pid file left in a dead
// server's directory may name an unrelated process by now (pids are reused), which must never
// get a signal meant for that server.
inline bool process_uses(int pid, const std::string& dir) {
    return pid > 0 && !process_gone(pid) &&
           owner_detail::read_cmdline(pid).find(dir + "/") != std::string::npos;
}

// SIGKILLs what processes_using(dir) finds and waits (bounded) until they are gone.
inline void kill_processes_using(const std::string& dir) {
    for (int pid : processes_using(dir))
        ::kill(pid, SIGKILL);
    wait_until([&] { return processes_using(dir).empty(); });
}

// Whether `name` is a server directory name of `prefix`: the prefix and the six letters and
// digits mkdtemp puts for XXXXXX, or (MariaDB before owner files) the prefix and a pid. Other
// directories that happen to share the prefix (a test's fixed scratch path) never match.
inline bool server_dir_name(const std::string& name, const std::string& prefix) {
    if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0)
        return false;
    const std::string rest = name.substr(prefix.size());
    bool alnum = true, digits = true;
    for (char c : rest) {
        const bool digit = c >= '0' && c <= '9';
        alnum = alnum && (digit || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
        digits = digits && digit;
    }
    return (rest.size() == 6 && alnum) || (rest.size() <= 10 && digits);
}

// A server directory leaked before owner files existed: a server_dir_name of our prefix, no owner
// file, untouched for `min_age`, and no process using it. A directory being set up has no owner
// file for an instant only, and a running server keeps its process; neither passes.
inline bool server_dir_abandoned(const std::filesystem::directory_entry& entry,
                                 const std::string& prefix, std::chrono::minutes min_age) {
    std::error_code ec;
    const std::string dir = entry.path().string();
    if (!server_dir_name(entry.path().filename().string(), prefix) ||
        std::filesystem::exists(dir + "/owner", ec) || ec)
        return false;
    auto written = std::filesystem::last_write_time(entry.path(), ec);
    if (ec || std::filesystem::file_time_type::clock::now() - written < min_age)
        return false;
    return processes_using(dir).empty();
}

// The last `lines` lines of a text file (a server's error log), or "" when it cannot be read.
inline std::string log_tail(const std::string& path, size_t lines = 60) {
    std::ifstream in(path);
    std::vector<std::string> ring(lines);
    size_t count = 0;
    std::string line;
    while (lines > 0 && std::getline(in, line))
        ring[count++ % lines] = line;
    std::string out;
    for (size_t i = count > lines ? count - lines : 0; i < count; ++i)
        out += ring[i % lines] + "\n";
    return out;
}

// Prints why a server is gone to stderr, with the tail of its log, before its directory (and
// so the log) is removed: the only evidence of a server that died under a test.
inline void report_dead_server(const std::string& what, const std::string& log_path) {
    std::string tail = log_tail(log_path);
    std::fprintf(stderr, "%s; the last lines of %s:\n%s", what.c_str(), log_path.c_str(),
                 tail.empty() ? "(empty or unreadable)\n" : tail.c_str());
    std::fflush(stderr);
}

// For each directory directly in `parent` whose name starts with `prefix` and whose owner is
// gone: `stop(dir)` stops its server, then the directory is removed; also directories leaked
// before owner files existed (server_dir_abandoned). Directories whose owner lives (parallel
// ctest runs several binaries) and recent directories without an owner file are left alone.
// Returns how many were reaped.
inline int reap_orphaned_servers(const std::string& parent, const std::string& prefix,
                                 const std::function<void(const std::string&)>& stop,
                                 std::chrono::minutes abandoned_after = std::chrono::minutes(60)) {
    int reaped = 0;
    std::error_code ec;
    std::vector<std::string> orphans;
    for (const auto& entry : std::filesystem::directory_iterator(parent, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.compare(0, prefix.size(), prefix) == 0 && entry.is_directory(ec) &&
            !entry.is_symlink(ec) &&
            (server_dir_orphaned(entry.path().string()) ||
             server_dir_abandoned(entry, prefix, abandoned_after)))
            orphans.push_back(entry.path().string());
    }
    for (const auto& dir : orphans) {
        stop(dir);
        // Two fixtures starting at once may reap the same directory; the second finds less.
        std::filesystem::remove_all(dir, ec);
        ++reaped;
    }
    return reaped;
}

} // namespace stepwise::testing
