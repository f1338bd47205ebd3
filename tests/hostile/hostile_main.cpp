// main() of hostile_cli_tests. The throwaway PostgreSQL and MariaDB servers start with the
// first test that needs them (ctest runs each test on its own, and most need no server) and
// stop at the end. PostgreSQL also listens on 127.0.0.1 with scram-sha-256 passwords, so a
// wrong password can be tried for real.

#include "tests/mysql/mysql_server.h"
#include "tests/postgres/pg_server.h"

#include <gtest/gtest.h>

namespace {
class StopServers : public ::testing::Environment {
public:
    void TearDown() override {
        stepwise::testing::PgServer::instance().stop();
        stepwise::testing::MysqlServer::stop_shared();
    }
};
} // namespace

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    stepwise::testing::PgServer::instance().accept_passwords_over_tcp();
    ::testing::AddGlobalTestEnvironment(new StopServers);
    return RUN_ALL_TESTS();
}
