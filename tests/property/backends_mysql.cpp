// property_mysql_tests: the properties on a throwaway MariaDB server, started once for the
// whole binary.

#include "tests/mysql/mysql_server.h"
#include "tests/property/backend.h"

#include <gtest/gtest.h>

namespace stepwise::property {

std::vector<std::unique_ptr<Backend>> available_backends() {
    std::vector<std::unique_ptr<Backend>> out;
    out.push_back(make_mysql_backend());
    return out;
}

} // namespace stepwise::property

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    ::testing::AddGlobalTestEnvironment(new stepwise::testing::MysqlServer);
    return RUN_ALL_TESTS();
}
