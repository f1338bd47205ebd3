// main() of postgres_tests: one throwaway server for the whole binary.

#include "tests/postgres/pg_server.h"

#include <gtest/gtest.h>

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    ::testing::AddGlobalTestEnvironment(new stepwise::testing::PgServerEnvironment);
    return RUN_ALL_TESTS();
}
