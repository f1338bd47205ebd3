// The stepwise command as a user runs it: exit codes, confirmations, gates, config errors.

#include "tests/acceptance/case_runner.h"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <unistd.h>

namespace fs = std::filesystem;
using stepwise::testing::run_stepwise;

namespace {

class CliTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("stepwise-cli-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    std::string write(const std::string& name, const std::string& text) {
        auto path = (dir_ / name).string();
        fs::create_directories(fs::path(path).parent_path());
        std::ofstream(path) << text;
        return path;
    }
    std::string url() const { return "sqlite://" + (dir_ / "app.db").string(); }

    fs::path dir_;
};

const char* kUsers = "table users {\n  id    int  primary key\n  email text not null\n}\n";
const char* kUsersWithName =
    "table users {\n  id    int  primary key\n  email text not null\n  name  text\n}\n";

TEST_F(CliTest, VersionAndHelp) {
    auto v = run_stepwise({"--version"});
    EXPECT_EQ(v.exit_code, 0);
    EXPECT_NE(v.output.find("stepwise"), std::string::npos);
    auto h = run_stepwise({"--help"});
    EXPECT_EQ(h.exit_code, 0);
    EXPECT_NE(h.output.find("apply"), std::string::npos);
    EXPECT_EQ(run_stepwise({"no-such-command"}).exit_code, 1);
}

TEST_F(CliTest, ValidateReportsErrorsWithLocation) {
    auto bad = write("bad.schema", "table t {\n  id int primary key\n  id text\n}\n");
    auto r = run_stepwise({"validate", bad});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.output.find(bad + ":3:3: error:"), std::string::npos) << r.output;
    EXPECT_EQ(run_stepwise({"validate", write("ok.schema", kUsers)}).exit_code, 0);
}

TEST_F(CliTest, ValidateRejectsMissingPathAndEmptyDirectory) {
    EXPECT_EQ(run_stepwise({"validate", (dir_ / "nope.schema").string()}).exit_code, 1);
    fs::create_directories(dir_ / "empty");
    auto r = run_stepwise({"validate", (dir_ / "empty").string()});
    EXPECT_EQ(r.exit_code, 1);
}

TEST_F(CliTest, FmtCheckNamesFilesThatWouldChange) {
    auto messy = write("s/messy.schema", "TABLE users{id int PRIMARY KEY email text NOT NULL}");
    auto r = run_stepwise({"fmt", "--check", (dir_ / "s").string()});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.output.find(messy), std::string::npos);
    EXPECT_EQ(run_stepwise({"fmt", (dir_ / "s").string()}).exit_code, 0);
    EXPECT_EQ(run_stepwise({"fmt", "--check", (dir_ / "s").string()}).exit_code, 0);
}

TEST_F(CliTest, FmtKeepsFilesWithCommentsUnlessTold) {
    std::string text = "// who owns this\ntable users{id int PRIMARY KEY}\n";
    auto file = write("c/users.schema", text);
    auto r = run_stepwise({"fmt", file});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.output.find("--drop-comments"), std::string::npos) << r.output;
    EXPECT_EQ(stepwise::testing::read_text(file), text);
    // A comment marker inside a string is no comment.
    auto quoted = write("q/t.schema", "table t{id int primary key comment '-- not a comment'}");
    EXPECT_EQ(run_stepwise({"fmt", quoted}).exit_code, 0);
    EXPECT_EQ(run_stepwise({"fmt", "--drop-comments", file}).exit_code, 0);
    EXPECT_EQ(stepwise::testing::read_text(file).find("who owns this"), std::string::npos);
}

TEST_F(CliTest, PlanDetailedExitCodeAndEmptyPlan) {
    auto schema = write("users.schema", kUsers);
    auto pending =
        run_stepwise({"plan", "--url", url(), "--schema", schema, "--detailed-exitcode"});
    EXPECT_EQ(pending.exit_code, 2) << pending.output;
    ASSERT_EQ(
        run_stepwise({"apply", "--url", url(), "--schema", schema, "--yes", "--quiet"}).exit_code,
        0);
    auto none = run_stepwise({"plan", "--url", url(), "--schema", schema, "--detailed-exitcode"});
    EXPECT_EQ(none.exit_code, 0) << none.output;
}

TEST_F(CliTest, ApplyWithoutTerminalNeedsYes) {
    auto schema = write("users.schema", kUsers);
    auto r = run_stepwise({"apply", "--url", url(), "--schema", schema});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.output.find("--yes"), std::string::npos) << r.output;
    auto plan = run_stepwise({"plan", "--url", url(), "--schema", schema, "--detailed-exitcode"});
    EXPECT_EQ(plan.exit_code, 2) << "nothing may have been applied";
}

TEST_F(CliTest, HazardsAreRefusedUntilAllowedOneClassAtATime) {
    auto v1 = write("v1/users.schema", kUsersWithName);
    ASSERT_EQ(run_stepwise({"apply", "--url", url(), "--schema", v1, "--yes", "--quiet"}).exit_code,
              0);
    // Dropping a column is DataLoss (soft, but still) and breaks running code.
    auto v2 = write("v2/users.schema", kUsers);
    auto refused = run_stepwise({"apply", "--url", url(), "--schema", v2, "--contract", "--yes"});
    EXPECT_EQ(refused.exit_code, 3) << refused.output;
    EXPECT_NE(refused.output.find("DataLoss"), std::string::npos) << refused.output;
    auto other = run_stepwise({"apply", "--url", url(), "--schema", v2, "--contract", "--yes",
                               "--allow-hazard", "LongRunning"});
    EXPECT_EQ(other.exit_code, 3) << "allowing one class must not allow another";
}

TEST_F(CliTest, SavedPlanRefusesDrift) {
    auto schema = write("users.schema", kUsers);
    auto plan_file = (dir_ / "plan.json").string();
    ASSERT_EQ(run_stepwise({"plan", "--url", url(), "--schema", schema, "-o", plan_file}).exit_code,
              0);
    // Someone changes the database after the plan was made.
    auto other = write("other/t.schema", "table other {\n  id int primary key\n}\n");
    ASSERT_EQ(
        run_stepwise({"apply", "--url", url(), "--schema", other, "--yes", "--quiet"}).exit_code,
        0);
    auto r = run_stepwise({"apply", "--url", url(), plan_file, "--yes"});
    EXPECT_EQ(r.exit_code, 3) << r.output;
    EXPECT_NE(r.output.find("drift"), std::string::npos) << r.output;
}

TEST_F(CliTest, SavedPlanAppliesWhenNothingDrifted) {
    auto schema = write("users.schema", kUsers);
    auto plan_file = (dir_ / "plan.json").string();
    ASSERT_EQ(run_stepwise({"plan", "--url", url(), "--schema", schema, "-o", plan_file}).exit_code,
              0);
    auto r = run_stepwise({"apply", "--url", url(), plan_file, "--yes", "--quiet"});
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_EQ(
        run_stepwise({"plan", "--url", url(), "--schema", schema, "--detailed-exitcode"}).exit_code,
        0);
}

TEST_F(CliTest, ConfigErrorsNameLineAndColumn) {
    auto cfg = write("stepwise.toml", "schema = \"schemas\"\n[env.dev]\nurl = 42\n");
    auto r = run_stepwise({"--config", cfg, "status", "--env", "dev"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.output.find(cfg + ":3:"), std::string::npos) << r.output;
    auto broken = write("broken.toml", "[env.dev\nurl = 'x'\n");
    auto b = run_stepwise({"--config", broken, "status", "--env", "dev"});
    EXPECT_EQ(b.exit_code, 1);
    EXPECT_NE(b.output.find(broken + ":1:"), std::string::npos) << b.output;
}

TEST_F(CliTest, UnknownEnvironmentIsAClearError) {
    auto cfg = write("stepwise.toml", "[env.dev]\nurl = \"sqlite://dev.db\"\n");
    auto r = run_stepwise({"--config", cfg, "status", "--env", "prod"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.output.find("unknown environment 'prod'"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("dev"), std::string::npos);
}

TEST_F(CliTest, PasswordInUrlIsNeverPrinted) {
    auto r = run_stepwise({"status", "--url", "postgres://app:hunter2secret@127.0.0.1:1/db"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.output.find("hunter2secret"), std::string::npos) << r.output;
}

TEST_F(CliTest, MisspeltUrlInDiffDoesNotEchoThePassword) {
    auto schema = write("users.schema", kUsers);
    auto r = run_stepwise({"diff", "postgres:/app:hunter2secret@127.0.0.1/db", schema});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.output.find("hunter2secret"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("malformed database URL"), std::string::npos) << r.output;
}

TEST_F(CliTest, ApplyStopsBeforeContractAndResumesWithContract) {
    auto v1 = write("v1/users.schema", kUsersWithName);
    ASSERT_EQ(run_stepwise({"apply", "--url", url(), "--schema", v1, "--yes", "--quiet"}).exit_code,
              0);
    auto v2 =
        write("v2/users.schema", "table users {\n  id int primary key\n  email text not null\n"
                                 "  display_name text renamed from name\n}\n");
    std::vector<std::string> allow = {"--allow-hazard", "AppIncompatible", "--allow-hazard",
                                      "TableRewrite",   "--allow-hazard",  "DataLoss",
                                      "--allow-hazard", "LongRunning"};
    std::vector<std::string> args = {"apply", "--url", url(), "--schema", v2, "--yes"};
    args.insert(args.end(), allow.begin(), allow.end());
    auto first = run_stepwise(args);
    ASSERT_EQ(first.exit_code, 0) << first.output;
    EXPECT_NE(first.output.find("--contract"), std::string::npos) << first.output;
    auto pending = run_stepwise({"plan", "--url", url(), "--schema", v2, "--detailed-exitcode"});
    EXPECT_EQ(pending.exit_code, 2) << pending.output;
    EXPECT_NE(pending.output.find("in progress"), std::string::npos) << pending.output;
    args.push_back("--contract");
    auto second = run_stepwise(args);
    ASSERT_EQ(second.exit_code, 0) << second.output;
    auto done = run_stepwise({"plan", "--url", url(), "--schema", v2, "--detailed-exitcode"});
    EXPECT_EQ(done.exit_code, 0) << done.output;
}

} // namespace
