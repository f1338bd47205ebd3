#pragma once
// A throwaway PostgreSQL 15 server for the tests: initdb into a fresh temp directory owned
// by `postgres`, trust authentication on a private unix socket, a free port, no TCP. Started
// once per test binary by PgServerEnvironment and stopped after. If it cannot start, every
// test fails with the reason (no silent skip).

#include <gtest/gtest.h>
#include <string>

namespace stepwise::testing {

class PgServer {
public:
    static PgServer& instance();

    // Call before start(): the server also listens on 127.0.0.1 (the same port), where roles
    // must log in with a scram-sha-256 password; the Unix socket still trusts everyone.
    // Without it (the default) there is no TCP and no password is ever checked.
    void accept_passwords_over_tcp() { passwords_over_tcp_ = true; }
    bool passwords_over_tcp() const { return passwords_over_tcp_ && running_; }

    void start();
    void stop();
    bool running() const { return running_; }
    const std::string& error() const { return error_; }

    // A new empty database; returns its URL (postgres://postgres@localhost:PORT/NAME?host=DIR).
    std::string create_database(const std::string& name);
    void drop_database(const std::string& name);
    std::string url(const std::string& database) const;
    // `psql`-style arguments for the binaries of PostgreSQL: -h DIR -p PORT -U postgres.
    std::string client_args() const;
    std::string bin(const std::string& tool) const; // /usr/lib/postgresql/15/bin/<tool>
    int port() const { return port_; }
    const std::string& socket_dir() const { return dir_; }

private:
    std::string dir_;
    int port_ = 0;
    bool running_ = false;
    bool passwords_over_tcp_ = false;
    std::string error_;
};

class PgServerEnvironment : public ::testing::Environment {
public:
    void SetUp() override;
    void TearDown() override;
};

// Fails the current test when the server is not running.
#define STEPWISE_REQUIRE_PG()                                                                      \
    ASSERT_TRUE(::stepwise::testing::PgServer::instance().running())                               \
        << "the throwaway PostgreSQL server did not start: "                                       \
        << ::stepwise::testing::PgServer::instance().error()

// Runs a shell command; returns its exit code and output (stdout and stderr).
int run_command(const std::string& command, std::string* output = nullptr);

} // namespace stepwise::testing
