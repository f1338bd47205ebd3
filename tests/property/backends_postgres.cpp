// property_postgres_tests: the properties on a throwaway PostgreSQL 15 server, started once
// for the whole binary.

#include "tests/postgres/pg_server.h"
#include "tests/property/backend.h"

#include <gtest/gtest.h>

namespace stepwise::property {

std::vector<std::unique_ptr<Backend>> available_backends() {
    std::vector<std::unique_ptr<Backend>> out;
    out.push_back(make_postgres_backend());
    return out;
}

} // namespace stepwise::property

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    ::testing::AddGlobalTestEnvironment(new stepwise::testing::PgServerEnvironment);
    return RUN_ALL_TESTS();
}
