#pragma once
// What the failure suites (failures_test, mysql_failures_test, passwords_test) share: the schema
// the database starts at and the one a failing command tries to reach, and the check that a command
// failed cleanly.

#include "tests/acceptance/case_runner.h"

#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace stepwise::hostile {

inline const char* const kUsersV1 =
    "table users {\n  id int primary key\n  email text not null\n}\n";
inline const char* const kUsersV2 =
    "table users {\n  id int primary key\n  email text not null\n  name text\n}\n";

// Runs the command and requires exit 1, every one of `phrases` in its output, and no crash.
inline testing::CommandResult expect_exit_1(const std::vector<std::string>& args,
                                            const std::vector<std::string>& phrases) {
    auto r = testing::run_stepwise(args);
    EXPECT_EQ(r.exit_code, 1) << r.output;
    for (const auto& p : phrases)
        EXPECT_NE(r.output.find(p), std::string::npos) << "missing '" << p << "' in\n" << r.output;
    EXPECT_EQ(r.output.find("terminate called"), std::string::npos) << r.output;
    return r;
}

} // namespace stepwise::hostile
