// `stepwise rollback` run once too often: after a finished rollback the next one would start
// on the plan before it. That needs the operator to name the plan (--plan); without it the
// command refuses (exit 3) and changes nothing.

#include "dialects/sqlite/sqlite_connection.h"
#include "tests/acceptance/case_runner.h"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <unistd.h>

namespace fs = std::filesystem;
using stepwise::sqlite::SqliteConnection;
using stepwise::testing::run_stepwise;

namespace {

const char* kFirst = "table items {\n  id int primary key\n}\n";
const char* kSecond = "table items {\n  id int primary key\n}\n"
                      "table notes {\n  id int primary key\n}\n";
const char* kThird = "table items {\n  id int primary key\n}\n"
                     "table tags {\n  id int primary key\n}\n";

class RollbackGuard : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("stepwise-rbguard-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_);
        db_ = (dir_ / "app.db").string();
    }
    void TearDown() override { fs::remove_all(dir_); }

    std::string url() const { return "sqlite://" + db_; }

    // Applies `schema` and returns the id of the plan it recorded.
    std::string apply(const std::string& name, const char* schema) {
        auto path = (dir_ / name).string();
        std::ofstream(path) << schema;
        auto r = run_stepwise({"apply", "--url", url(), "--schema", path, "--yes"});
        EXPECT_EQ(r.exit_code, 0) << r.output;
        return scalar("SELECT plan_id FROM _stepwise_plans ORDER BY seq DESC LIMIT 1");
    }

    bool has_table(const std::string& name) {
        return scalar("SELECT count(*) FROM sqlite_master WHERE name = '" + name + "'") == "1";
    }

    std::string scalar(const std::string& sql) {
        SqliteConnection c(db_);
        auto r = c.query(sql);
        return r.rows.empty() || !r.rows[0][0] ? "NULL" : *r.rows[0][0];
    }

    fs::path dir_;
    std::string db_;
};

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

} // namespace

TEST_F(RollbackGuard, SecondRollbackRefusesToStartOnTheOlderPlanUntilItIsNamed) {
    std::string first = apply("first.schema", kFirst);
    std::string second = apply("second.schema", kSecond);
    ASSERT_NE(first, second);

    auto undo_second = run_stepwise({"rollback", "--url", url(), "--yes"});
    ASSERT_EQ(undo_second.exit_code, 0) << undo_second.output;
    EXPECT_TRUE(contains(undo_second.output, second)) << undo_second.output;
    EXPECT_FALSE(has_table("notes"));

    auto again = run_stepwise({"rollback", "--url", url(), "--yes"});
    EXPECT_EQ(again.exit_code, 3) << again.output;
    EXPECT_TRUE(contains(again.output, second + ", is rolled back")) << again.output;
    EXPECT_TRUE(contains(again.output, "--plan " + first)) << again.output;
    EXPECT_TRUE(has_table("items")) << "the refused rollback changed the database";

    // Naming a plan that is not the one to undo next is refused too.
    auto wrong = run_stepwise({"rollback", "--url", url(), "--yes", "--plan", second});
    EXPECT_EQ(wrong.exit_code, 3) << wrong.output;
    EXPECT_TRUE(contains(wrong.output, "is not the plan a rollback undoes next")) << wrong.output;
    EXPECT_TRUE(has_table("items"));

    auto named = run_stepwise({"rollback", "--url", url(), "--yes", "--plan", first});
    EXPECT_EQ(named.exit_code, 0) << named.output;
    EXPECT_TRUE(contains(named.output, "of plan " + first)) << named.output;
    EXPECT_FALSE(has_table("items"));
}

TEST_F(RollbackGuard, TheNewestPlanNeedsNoName) {
    apply("first.schema", kFirst);
    apply("second.schema", kSecond);

    auto r = run_stepwise({"rollback", "--url", url(), "--yes"});
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_FALSE(has_table("notes"));
    EXPECT_TRUE(has_table("items"));

    // Naming it is allowed as well.
    std::string third = apply("third.schema", kThird);
    auto named = run_stepwise({"rollback", "--url", url(), "--yes", "--plan", third});
    EXPECT_EQ(named.exit_code, 0) << named.output;
    EXPECT_FALSE(has_table("tags"));
    EXPECT_TRUE(has_table("items"));
}

TEST_F(RollbackGuard, UnknownPlanIsRefused) {
    apply("first.schema", kFirst);
    auto r = run_stepwise({"rollback", "--url", url(), "--yes", "--plan", "000000000000"});
    EXPECT_EQ(r.exit_code, 3) << r.output;
    EXPECT_TRUE(contains(r.output, "000000000000 is not recorded")) << r.output;
    EXPECT_TRUE(has_table("items"));
}
