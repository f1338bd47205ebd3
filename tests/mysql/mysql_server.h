#pragma once
// A throwaway MariaDB server for the tests: a fresh data directory in /tmp, root over a Unix
// socket with no password, no TCP. Started once per test binary (a GTest Environment) and
// stopped at the end. STEPWISE_TEST_MYSQL_SOCKET points the tests at a running server
// instead.

#include <gtest/gtest.h>
#include <string>

namespace stepwise::testing {

class MysqlServer : public ::testing::Environment {
public:
    void SetUp() override;
    void TearDown() override;

    // mysql://root@localhost/<db>?socket=...
    static std::string url(const std::string& database);
    // Runs SQL with the mariadb client as root; returns its exit code.
    static int client(const std::string& sql);
    static const std::string& socket();

    // For binaries where few tests need MariaDB: one server started by the first test that
    // asks (start_shared()) and stopped by stop_shared() at the end. start_shared() returns
    // whether it accepts connections; a failed start fails the asking test, saying why.
    static bool start_shared();
    static void stop_shared();

    // Whether this fixture's mariadbd has exited (reaping it if so); the first time it is found
    // gone, the tail of its error log goes to stderr. TearDown and every failed test check it,
    // so a server that dies mid-run leaves evidence before its directory is removed.
    bool check_exited();
    const std::string& dir() const { return dir_; }
    int server_pid() const { return pid_; }

private:
    std::string dir_;
    int pid_ = 0;
    bool exited_ = false;
};

} // namespace stepwise::testing
