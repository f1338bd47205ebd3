#pragma once
// Runs a RapidCheck property inside a GoogleTest with a bounded number of cases:
// STEPWISE_PROPERTY_CASES=N when set, else the backend's default. RC_PARAMS still sets the
// seed.

#include <cstdlib>
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <sstream>
#include <string>

namespace stepwise::property {

inline int property_cases(int fallback) {
    if (const char* env = std::getenv("STEPWISE_PROPERTY_CASES")) {
        int n = std::atoi(env);
        if (n > 0)
            return n;
    }
    return fallback;
}

template <typename Testable> void check_property(int default_cases, Testable&& testable) {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    rc::detail::TestMetadata metadata;
    metadata.id = std::string(info->test_suite_name()) + "/" + info->name();
    metadata.description = info->name();
    auto params = rc::detail::configuration().testParams;
    params.maxSuccess = property_cases(default_cases);
    auto result = rc::detail::checkTestable(std::forward<Testable>(testable), metadata, params);
    if (!result.template is<rc::detail::SuccessResult>()) {
        std::ostringstream message;
        rc::detail::printResultMessage(result, message);
        FAIL() << message.str();
    }
}

} // namespace stepwise::property
