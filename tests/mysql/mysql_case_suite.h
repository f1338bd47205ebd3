#pragma once
// The main() of a test binary that runs every case under tests/cases/mysql/ one way: one
// MariaDB server for the binary, one gtest test per case directory, made by `Case(dir, name)`.

#include "tests/acceptance/case_runner.h"
#include "tests/mysql/mysql_server.h"

#include <filesystem>
#include <gtest/gtest.h>
#include <string>

namespace stepwise::testing {

template <typename Case> int run_mysql_case_suite(int argc, char** argv, const char* suite) {
    ::testing::InitGoogleTest(&argc, argv);
    ::testing::AddGlobalTestEnvironment(new MysqlServer);
    for (const auto& dir : case_dirs(std::string(STEPWISE_SOURCE_DIR) + "/tests/cases/mysql")) {
        std::string name = std::filesystem::path(dir).filename().string();
        ::testing::RegisterTest(suite, name.c_str(), nullptr, nullptr, __FILE__, __LINE__,
                                [dir, name]() -> ::testing::Test* { return new Case(dir, name); });
    }
    return RUN_ALL_TESTS();
}

} // namespace stepwise::testing
