// main() of the mysql unit tests: one throwaway MariaDB server for the whole binary.

#include "tests/mysql/mysql_server.h"

#include <gtest/gtest.h>

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    ::testing::AddGlobalTestEnvironment(new stepwise::testing::MysqlServer);
    return RUN_ALL_TESTS();
}
