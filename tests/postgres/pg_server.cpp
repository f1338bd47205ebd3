#include "tests/postgres/pg_server.h"

#include "tests/server_owner.h"

#include <arpa/inet.h>
#include <array>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <netinet/in.h>
#include <stdexcept>
#include <sys/socket.h>
#include <unistd.h>

namespace stepwise::testing {

namespace {

const char* kBin = "/usr/lib/postgresql/15/bin";
const char* kTempParent = "/tmp";
const char* kDirPrefix = "stepwise-pg-";

int free_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return 0;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof addr;
    int port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
        port = ntohs(addr.sin_port);
    ::close(fd);
    return port;
}

bool running_as_root() {
    return ::geteuid() == 0;
}

// Runs a PostgreSQL server binary as `postgres` when we are root (initdb refuses root).
std::string as_postgres(const std::string& command) {
    return running_as_root() ? "runuser -u postgres -- " + command : command;
}

// The postmaster pid recorded in `dir`, when that process still runs for `dir`; 0 otherwise.
// A stale postmaster.pid may name a reused pid: pg_ctl would signal whatever runs there (seen
// as a risk for other binaries' servers), so the pid is checked against the process's command
// line first.
int live_postmaster(const std::string& dir) {
    std::ifstream pid_file(dir + "/data/postmaster.pid");
    int pid = 0;
    return pid_file >> pid && process_uses(pid, dir) ? pid : 0;
}

// Stops the server a killed test binary left in `dir`: an immediate shutdown (SIGQUIT, what
// pg_ctl -m immediate sends; the postmaster cleans up its shared memory) when its postmaster
// still runs, then SIGKILL for whatever is left.
void stop_orphan(const std::string& dir) {
    if (int pid = live_postmaster(dir)) {
        ::kill(pid, SIGQUIT);
        wait_until([&] { return process_gone(pid); });
    }
    kill_processes_using(dir);
}

} // namespace

int run_command(const std::string& command, std::string* output) {
    std::string full = command + " 2>&1";
    FILE* pipe = ::popen(full.c_str(), "r");
    if (!pipe)
        return -1;
    std::array<char, 4096> buffer{};
    std::string out;
    size_t n;
    while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
        out.append(buffer.data(), n);
    int status = ::pclose(pipe);
    if (output)
        *output = out;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

PgServer& PgServer::instance() {
    static PgServer server;
    return server;
}

std::string PgServer::bin(const std::string& tool) const {
    return std::string(kBin) + "/" + tool;
}

void PgServer::start() {
    if (running_)
        return;
    reap_orphaned_servers(kTempParent, kDirPrefix, stop_orphan);
    std::string templ = std::string(kTempParent) + "/" + kDirPrefix + "XXXXXX";
    if (!::mkdtemp(templ.data())) {
        error_ = "cannot create a temp directory";
        return;
    }
    dir_ = templ;
    claim_server_dir(dir_);
    std::string out;
    if (running_as_root() && run_command("chown postgres:postgres " + dir_, &out) != 0) {
        error_ = "cannot give " + dir_ + " to user postgres: " + out;
        return;
    }
    std::string data = dir_ + "/data";
    if (run_command(as_postgres(bin("initdb") + " -D " + data +
                                " -A trust -U postgres -E UTF8 --locale=C --no-sync" +
                                (passwords_over_tcp_ ? " --auth-host=scram-sha-256" : "")),
                    &out) != 0) {
        error_ = "initdb failed: " + out;
        return;
    }
    for (int attempt = 0; attempt < 5 && !running_; ++attempt) {
        port_ = free_port();
        std::string listen = passwords_over_tcp_ ? "127.0.0.1" : "";
        std::string options = "-p " + std::to_string(port_) + " -k " + dir_ +
                              " -c listen_addresses='" + listen +
                              "' -c fsync=off -c synchronous_commit=off "
                              "-c full_page_writes=off -c max_connections=50";
        int rc = run_command(as_postgres(bin("pg_ctl") + " -D " + data + " -l " + dir_ +
                                         "/server.log -w -t 180 -o \"" + options + "\" start"),
                             &out);
        if (rc == 0)
            running_ = true;
        else
            error_ = "pg_ctl start failed: " + out;
    }
    if (running_)
        error_.clear();
}

void PgServer::stop() {
    if (!running_)
        return;
    if (!live_postmaster(dir_)) {
        report_dead_server("the PostgreSQL server of " + dir_ +
                               " had stopped before the fixture did",
                           dir_ + "/server.log");
    } else {
        std::string out;
        if (run_command(as_postgres(bin("pg_ctl") + " -D " + dir_ + "/data -m immediate -w stop"),
                        &out) != 0)
            report_dead_server("pg_ctl stop failed: " + out, dir_ + "/server.log");
    }
    running_ = false;
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
}

std::string PgServer::client_args() const {
    return "-h " + dir_ + " -p " + std::to_string(port_) + " -U postgres";
}

std::string PgServer::url(const std::string& database) const {
    return "postgres://postgres@localhost:" + std::to_string(port_) + "/" + database +
           "?host=" + dir_;
}

std::string PgServer::create_database(const std::string& name) {
    drop_database(name);
    std::string out;
    if (run_command(bin("psql") + " " + client_args() +
                        " -d postgres -v ON_ERROR_STOP=1 -qAt -c 'CREATE DATABASE \"" + name +
                        "\"'",
                    &out) != 0)
        throw std::runtime_error("CREATE DATABASE " + name + " failed: " + out);
    return url(name);
}

void PgServer::drop_database(const std::string& name) {
    run_command(bin("psql") + " " + client_args() +
                " -d postgres -qAt -c 'DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)'");
}

void PgServerEnvironment::SetUp() {
    PgServer::instance().start();
}

void PgServerEnvironment::TearDown() {
    PgServer::instance().stop();
}

} // namespace stepwise::testing
