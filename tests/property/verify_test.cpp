// `stepwise verify` as a user runs it: the proof on a scratch copy, the target untouched.

#include "dialects/sqlite/sqlite_connection.h"
#include "tests/acceptance/case_runner.h"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <regex>
#include <unistd.h>

namespace fs = std::filesystem;
using stepwise::testing::run_stepwise;

namespace {

class VerifyTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("stepwise-verify-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    std::string write(const std::string& name, const std::string& text) {
        auto path = (dir_ / name).string();
        std::ofstream(path) << text;
        return path;
    }
    std::string db_path() const { return (dir_ / "app.db").string(); }
    std::string url() const { return "sqlite://" + db_path(); }
    void sql(const std::string& text) {
        stepwise::sqlite::SqliteConnection c(db_path());
        c.execute(text);
    }
    // The whole database file, to prove verify never writes to it.
    std::string file_bytes() const {
        std::ifstream in(db_path(), std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), {});
    }
    static std::string scratch_path(const std::string& output) {
        std::smatch m;
        if (std::regex_search(output, m, std::regex("scratch copy (\\S+scratch\\.db)")))
            return m[1];
        return "";
    }

    fs::path dir_;
};

const char* kStart = "CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL, nick text);"
                     "INSERT INTO users VALUES (1, 'a@x', 'ann'), (2, 'b@x', NULL), (3, 'a@x', "
                     "'cy');";

TEST_F(VerifyTest, ProvesAPlanUpAndDownAndLeavesTheTargetAlone) {
    sql(kStart);
    auto schema = write("app.schema", "table users {\n  id int primary key\n  email text not "
                                      "null\n  name text not null backfill (coalesce(nick, "
                                      "'anon')) renamed from nick\n  age int\n}\n");
    auto before = file_bytes();
    auto r = run_stepwise({"verify", "--url", url(), "--schema", schema, "--sample", "10"});
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("Verified"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("up ok"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("down ok"), std::string::npos) << r.output;
    EXPECT_EQ(r.output.find("not run"), std::string::npos) << r.output;
    EXPECT_EQ(file_bytes(), before) << "verify changed the target database";
    auto scratch = scratch_path(r.output);
    ASSERT_FALSE(scratch.empty()) << r.output;
    EXPECT_FALSE(fs::exists(scratch)) << "the scratch copy was not removed";
}

// Duplicate emails: adding a unique key works on an empty copy and fails with the rows.
TEST_F(VerifyTest, SampleRowsCanRefuteWhatTheSchemaAloneProves) {
    sql(kStart);
    auto schema = write("app.schema", "table users {\n  id int primary key\n  email text not "
                                      "null unique\n  nick text\n}\n");
    auto schema_only = run_stepwise({"verify", "--url", url(), "--schema", schema});
    EXPECT_EQ(schema_only.exit_code, 0) << schema_only.output;
    EXPECT_NE(schema_only.output.find("schema only"), std::string::npos) << schema_only.output;

    // Either the copy fails on the duplicate or (today: the rebuild's INSERT OR REPLACE
    // drops the duplicate row) the rows after down differ; both refute the plan.
    auto sampled = run_stepwise({"verify", "--url", url(), "--schema", schema, "--sample", "5"});
    EXPECT_EQ(sampled.exit_code, 1) << sampled.output;
    EXPECT_NE(sampled.output.find("Not verified"), std::string::npos) << sampled.output;
    auto scratch = scratch_path(sampled.output);
    ASSERT_FALSE(scratch.empty()) << sampled.output;
    EXPECT_FALSE(fs::exists(scratch));
}

// A sample of one row per table drops the child row whose parent was not kept, so the copy
// stays consistent and the rebuild's foreign key check passes.
TEST_F(VerifyTest, SampleKeepsForeignKeysConsistent) {
    sql("CREATE TABLE \"Order Items\" (id integer PRIMARY KEY, note text);"
        "CREATE TABLE lines (id integer PRIMARY KEY, item integer REFERENCES \"Order Items\" "
        "(id), qty integer);"
        "INSERT INTO \"Order Items\" VALUES (1, 'one'), (2, 'two');"
        "INSERT INTO lines VALUES (1, 2, 5), (2, 1, 7);");
    auto schema =
        write("app.schema", "table \"Order Items\" {\n  id int primary key\n  note text not null "
                            "backfill ('none')\n}\n"
                            "table lines {\n  id int primary key\n  item int references \"Order "
                            "Items\" (id)\n  qty bigint\n}\n");
    auto r = run_stepwise({"verify", "--url", url(), "--schema", schema, "--sample", "1"});
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("Verified"), std::string::npos) << r.output;
}

TEST_F(VerifyTest, NothingToVerifyWhenTheTargetMatches) {
    sql(kStart);
    auto schema =
        write("app.schema", "table users {\n  id int primary key\n  email text not null\n  nick "
                            "text\n}\n");
    auto r = run_stepwise({"verify", "--url", url(), "--schema", schema});
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("Nothing to verify"), std::string::npos) << r.output;
}

TEST_F(VerifyTest, RejectsANegativeSample) {
    sql(kStart);
    auto schema = write("app.schema", "table users {\n  id int primary key\n}\n");
    auto r = run_stepwise({"verify", "--url", url(), "--schema", schema, "--sample", "-1"});
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_NE(r.output.find("--sample"), std::string::npos) << r.output;
}

} // namespace
