// Issue #10.4 on MariaDB: an unreachable server, a missing database, a user without the
// right to change the schema. Each ends in exit 1 with a clear message and nothing changed;
// where a plan stops part of the way (DDL commits on its own in MySQL), the state rows say
// what was applied and that the plan failed.

#include "dialects/mysql/mysql_quote.h"
#include "tests/acceptance/case_runner.h"
#include "tests/hostile/failure_expect.h"
#include "tests/hostile/target_db.h"
#include "tests/mysql/mysql_server.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using stepwise::testing::CommandResult;
using stepwise::testing::MysqlServer;
using stepwise::testing::run_stepwise;
using namespace stepwise::hostile;

namespace {

class MysqlFailuresTest : public ::testing::Test {
protected:
    void SetUp() override {
        for (const auto& kind : all_target_kinds())
            if (kind.name == "mariadb")
                db_ = kind.make(dir_.path());
        if (!db_)
            FAIL() << "no MariaDB target (see above)";
        auto v1 = dir_.write("v1/users.schema", kUsersV1);
        v2_ = dir_.write("v2/users.schema", kUsersV2);
        auto r = run_stepwise({"apply", "--url", db_->url(), "--schema", v1, "--yes", "--quiet"});
        ASSERT_EQ(r.exit_code, 0) << r.output;
        db_->connection().execute("INSERT INTO users VALUES (1, 'a@example.com')");
        auto url = db_->url().substr(0, db_->url().find('?'));
        database_ = url.substr(url.rfind('/') + 1);
    }
    void TearDown() override {
        if (!weak_.empty())
            MysqlServer::client("DROP USER IF EXISTS " + account(weak_) + ";");
    }
    static std::string account(const std::string& user) {
        return stepwise::mysql::quote_literal(user) + "@'localhost'";
    }
    // A user over the socket, no password, with `privileges` on the database alone.
    std::string weak_user(const std::string& privileges) {
        weak_ = "weak_" + database_;
        EXPECT_EQ(MysqlServer::client("DROP USER IF EXISTS " + account(weak_) + "; CREATE USER " +
                                      account(weak_) + "; GRANT " + privileges + " ON " +
                                      stepwise::mysql::quote_ident(database_) + ".* TO " +
                                      account(weak_) + ";"),
                  0);
        auto url = db_->url();
        return url.replace(url.find("root@"), 4, weak_);
    }
    static CommandResult expect_failure(const std::vector<std::string>& args,
                                        const std::vector<std::string>& phrases) {
        return expect_exit_1(args, phrases);
    }

    ScratchDir dir_;
    std::unique_ptr<TargetDb> db_;
    std::string database_, v2_, weak_;
};

TEST_F(MysqlFailuresTest, UnreachableServer) {
    auto before = db_->dump_everything();
    for (const std::string url :
         {"mysql://root@127.0.0.1:1/" + database_,
          "mysql://root@localhost/" + database_ + "?socket=/nonexistent/dir/my.sock"}) {
        expect_failure({"apply", "--url", url, "--schema", v2_, "--yes"},
                       {"cannot connect", "check the URL"});
        expect_failure({"status", "--url", url}, {"cannot connect"});
    }
    EXPECT_EQ(db_->dump_everything(), before);
}

TEST_F(MysqlFailuresTest, MissingDatabase) {
    auto url = MysqlServer::url("no_such_database");
    expect_failure({"apply", "--url", url, "--schema", v2_, "--yes"},
                   {"no_such_database", "Unknown database"});
    expect_failure({"plan", "--url", url, "--schema", v2_}, {"no_such_database"});
    EXPECT_EQ(MysqlServer::client("USE no_such_database"), 1) << "the apply created it";
}

// Reading only: the apply stops before anything, the tool's tables included.
TEST_F(MysqlFailuresTest, UserWhoMayOnlyRead) {
    auto url = weak_user("SELECT");
    auto before = db_->dump_everything();
    expect_failure({"apply", "--url", url, "--schema", v2_, "--yes"}, {"denied"});
    expect_failure({"rollback", "--url", url, "--yes"}, {});
    EXPECT_EQ(db_->dump_everything(), before);
    EXPECT_EQ(db_->columns("users"), (std::vector<std::string>{"id", "email"}));
}

// The latest plan in the state rows, as `status --json` (run as root) shows it.
nlohmann::json latest_status(const std::string& url) {
    auto r = run_stepwise({"status", "--url", url, "--json"});
    EXPECT_EQ(r.exit_code, 0) << r.output;
    auto j = nlohmann::json::parse(r.output, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << r.output;
    return j;
}

// Writing rows but not changing tables: the user's tables are as they were, and the state
// rows either are as they were or record a failed plan with no step applied.
TEST_F(MysqlFailuresTest, UserWithoutCreateOrAlter) {
    auto url = weak_user("SELECT, INSERT, UPDATE, DELETE");
    auto rows = db_->dump_user_rows();
    auto before = latest_status(db_->url());
    expect_failure({"apply", "--url", url, "--schema", v2_, "--yes"}, {"denied"});
    EXPECT_EQ(db_->columns("users"), (std::vector<std::string>{"id", "email"}));
    EXPECT_EQ(db_->dump_user_rows(), rows);
    auto after = latest_status(db_->url());
    if (after.value("plan", nlohmann::json()) != before.value("plan", nlohmann::json())) {
        EXPECT_EQ(after["plan"].value("status", ""), "failed") << after.dump(2);
        for (const auto& step : after["steps"])
            EXPECT_NE(step.value("status", ""), "applied") << after.dump(2);
    }
}

// Changing tables but not creating them: a plan that adds a column and a table may stop
// half-way, since MySQL commits each DDL statement; whatever was done, the state says so,
// and root's rollback takes it back.
TEST_F(MysqlFailuresTest, PlanStoppedHalfWayIsRecorded) {
    auto url = weak_user("SELECT, INSERT, UPDATE, DELETE, ALTER, INDEX");
    auto v3 = dir_.write("v3/users.schema",
                         std::string(kUsersV2) + "table audit {\n  id int primary key\n}\n");
    auto before = latest_status(db_->url());
    expect_failure({"apply", "--url", url, "--schema", v3, "--yes"}, {"denied"});
    EXPECT_EQ(db_->tables(), (std::vector<std::string>{"users"}));
    auto after = latest_status(db_->url());
    bool column_added = db_->columns("users").size() == 3;
    if (after.value("plan", nlohmann::json()) == before.value("plan", nlohmann::json())) {
        EXPECT_FALSE(column_added) << "a column was added and no state row says so";
        return;
    }
    EXPECT_EQ(after["plan"].value("status", ""), "failed") << after.dump(2);
    bool step_applied = false;
    for (const auto& step : after["steps"])
        step_applied = step_applied || step.value("status", "") == "applied";
    EXPECT_EQ(step_applied, column_added) << after.dump(2);
    auto back = run_stepwise({"rollback", "--url", db_->url(), "--yes"});
    EXPECT_EQ(back.exit_code, 0) << back.output;
    EXPECT_EQ(db_->columns("users"), (std::vector<std::string>{"id", "email"}));
}

} // namespace
