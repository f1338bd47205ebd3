#pragma once
// Runs a RapidCheck property inside a GoogleTest with a bounded number of cases:
// STEPWISE_PROPERTY_CASES=N when set, else the backend's default. RC_PARAMS still sets the
// seed.
//
// Every way out but success fails the test with a message that says what failed first (the
// property's own description: catalog, differences, exception text), then the drawn values,
// cut to a size a CI log keeps. An exception escaping RapidCheck itself fails the test too,
// naming it.

#include <cstdlib>
#include <exception>
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

// The failure text of a result that is not a success; never empty.
inline std::string describe_result(const rc::detail::TestResult& result) {
    // The drawn values can be long (a catalog per value); the description above them is what
    // says what failed, so they are cut first.
    constexpr size_t kValuesLimit = 64 * 1024;
    std::ostringstream out;
    rc::detail::FailureResult failure;
    rc::detail::GaveUpResult gave_up;
    rc::detail::Error error;
    if (result.match(failure)) {
        out << "falsified after " << failure.numSuccess << " passing cases. What failed:\n"
            << (failure.description.empty() ? "(the property gave no description)"
                                            : failure.description)
            << "\n";
        std::ostringstream values;
        for (const auto& [type, value] : failure.counterExample)
            values << "  " << type << ": " << value << "\n";
        std::string text = values.str();
        if (text.size() > kValuesLimit)
            text = text.substr(0, kValuesLimit) + "\n  ... (cut at 64 KiB)\n";
        out << "drawn values (" << failure.counterExample.size() << "):\n" << text;
    } else if (result.match(gave_up)) {
        out << "RapidCheck gave up after " << gave_up.numSuccess << " passing cases: "
            << (gave_up.description.empty() ? "too many cases discarded" : gave_up.description);
    } else if (result.match(error)) {
        out << "RapidCheck could not run the property: "
            << (error.description.empty() ? "(no description)" : error.description);
    } else {
        rc::detail::printResultMessage(result, out);
        if (out.str().empty())
            out << "the property failed with a result RapidCheck did not describe";
    }
    return out.str();
}

template <typename Testable> void check_property(int default_cases, Testable&& testable) {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    rc::detail::TestMetadata metadata;
    metadata.id = std::string(info->test_suite_name()) + "/" + info->name();
    metadata.description = info->name();
    auto params = rc::detail::configuration().testParams;
    params.maxSuccess = property_cases(default_cases);
    rc::detail::TestResult result = rc::detail::Error("the property did not run");
    try {
        result = rc::detail::checkTestable(std::forward<Testable>(testable), metadata, params);
    } catch (const std::exception& e) {
        FAIL() << "the property stopped outside any case with an exception: " << e.what();
    } catch (...) {
        FAIL() << "the property stopped outside any case with an exception that is not a "
                  "std::exception";
    }
    if (!result.template is<rc::detail::SuccessResult>())
        FAIL() << describe_result(result);
}

} // namespace stepwise::property
