// main() of hostile_cli_tests. The throwaway PostgreSQL server starts with the first
// PostgreSQL test (ctest runs each test on its own, and most need no server) and stops at
// the end.

#include "tests/postgres/pg_server.h"

#include <gtest/gtest.h>

namespace {
class StopPgServer : public ::testing::Environment {
public:
    void TearDown() override { stepwise::testing::PgServer::instance().stop(); }
};
} // namespace

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    ::testing::AddGlobalTestEnvironment(new StopPgServer);
    return RUN_ALL_TESTS();
}
