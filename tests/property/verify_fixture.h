#pragma once
// What the server suites of `stepwise verify` share: a database of its own per test, named
// after it, a connection to it, and a temporary folder for the schema files the test writes.

#include "dialects/common/dialect.h"
#include "dialects/common/url.h"

#include <cctype>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <memory>
#include <string>
#include <unistd.h>

namespace stepwise::testing {

class VerifyFixture : public ::testing::Test {
protected:
    // "verify_<test name>"; lower-cased for servers that fold unquoted names (PostgreSQL).
    static std::string database_name(bool lower_case) {
        std::string name = std::string("verify_") +
                           ::testing::UnitTest::GetInstance()->current_test_info()->name();
        if (lower_case)
            for (auto& ch : name)
                ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        return name;
    }

    // After the suite created the database at `url`: the folder (named by `tag`) and db_.
    void open(const dialect::Dialect& dialect, const std::string& url, const std::string& tag) {
        url_ = url;
        dir_ = std::filesystem::temp_directory_path() /
               ("stepwise-" + tag + "-" + std::to_string(::getpid()));
        std::filesystem::create_directories(dir_);
        db_ = dialect.connect(dialect::parse_url(url_));
    }
    // The connection closes before the suite drops the database; the folder goes with it.
    void close() {
        db_.reset();
        std::filesystem::remove_all(dir_);
    }

    std::string write(const std::string& name, const std::string& text) {
        auto path = (dir_ / name).string();
        std::ofstream(path) << text;
        return path;
    }

    std::string url_;
    std::filesystem::path dir_;
    std::unique_ptr<dialect::Connection> db_;
};

} // namespace stepwise::testing
