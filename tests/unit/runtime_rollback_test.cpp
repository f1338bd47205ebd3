#include "runtime/executor.h"
#include "tests/unit/runtime_test_support.h"

#include <gtest/gtest.h>

namespace stepwise::runtime {
namespace {

using testing::items_plan;
using testing::scalar;

class RuntimeRollback : public ::testing::Test {
protected:
    void SetUp() override {
        testing::seed_items(conn);
        full.contract = true;
    }

    sqlite::TempDb db;
    sqlite::SqliteConnection conn{db.path()};
    sqlite::SqliteDialect dialect;
    testing::RecordingReporter reporter;
    Executor executor{dialect, conn, reporter};
    ApplyOptions full;
};

TEST_F(RuntimeRollback, RestoresTheStartingShapeAndData) {
    auto before = conn.query("SELECT id, n FROM items ORDER BY id").rows;
    executor.apply(items_plan(), full);
    ASSERT_EQ(testing::column_names(conn, "items"),
              (std::vector<std::string>{"id", "_stepwise_dropped_n", "touched"}));

    auto result = executor.rollback();
    EXPECT_EQ(result.plan_id, "a1b2c3d4e5f6");
    EXPECT_TRUE(result.complete);
    EXPECT_EQ(result.rolled_back,
              (std::vector<std::string>{"items.n:drop", "items.touched:validate",
                                        "items.touched:backfill", "items.touched:add"}));
    EXPECT_EQ(testing::column_names(conn, "items"), (std::vector<std::string>{"id", "n"}));
    EXPECT_EQ(conn.query("SELECT id, n FROM items ORDER BY id").rows, before);

    auto status = executor.status();
    EXPECT_EQ(status.plan->status, PlanStatus::RolledBack);
    for (const auto& s : status.steps)
        EXPECT_EQ(s.status, StepStatus::RolledBack) << s.step_id;

    // Nothing left to undo.
    EXPECT_TRUE(executor.rollback().plan_id.empty());
}

TEST_F(RuntimeRollback, ToStepStopsAfterUndoingIt) {
    executor.apply(items_plan(), full);
    RollbackOptions options;
    options.to_step = "items.touched:backfill";
    auto result = executor.rollback(options);
    EXPECT_FALSE(result.complete);
    EXPECT_EQ(result.rolled_back,
              (std::vector<std::string>{"items.n:drop", "items.touched:validate",
                                        "items.touched:backfill"}));
    EXPECT_EQ(testing::column_names(conn, "items"),
              (std::vector<std::string>{"id", "n", "touched"}));
    EXPECT_EQ(scalar(conn, "SELECT max(touched) FROM items"), "0");

    auto status = executor.status();
    EXPECT_EQ(status.plan->status, PlanStatus::Partial);
    EXPECT_EQ(status.steps[0].status, StepStatus::Applied);
    EXPECT_EQ(status.steps[1].status, StepStatus::RolledBack);

    // Applying again redoes the undone steps only.
    reporter.batches = 0;
    auto again = executor.apply(items_plan(), full);
    EXPECT_EQ(again.steps[0].action, StepAction::AlreadyApplied);
    EXPECT_EQ(again.steps[1].action, StepAction::Applied);
    EXPECT_EQ(reporter.batches, 3);
    EXPECT_EQ(scalar(conn, "SELECT count(*) FROM items WHERE touched = 1"), "250");
}

TEST_F(RuntimeRollback, ToStepMustBeInThePlanAndApplied) {
    executor.apply(items_plan()); // contract deferred
    RollbackOptions unknown;
    unknown.to_step = "nope:add";
    try {
        executor.rollback(unknown);
        FAIL() << "rollback should have refused";
    } catch (const ApplyError& e) {
        EXPECT_EQ(e.step_id(), "nope:add");
        EXPECT_NE(std::string(e.what()).find("not a step of plan a1b2c3d4e5f6"), std::string::npos)
            << e.what();
    }
    RollbackOptions not_applied;
    not_applied.to_step = "items.n:drop";
    try {
        executor.rollback(not_applied);
        FAIL() << "rollback should have refused";
    } catch (const ApplyError& e) {
        EXPECT_NE(std::string(e.what()).find("was not applied"), std::string::npos) << e.what();
    }
    // Refusing changed nothing.
    EXPECT_EQ(testing::column_names(conn, "items"),
              (std::vector<std::string>{"id", "n", "touched"}));
    EXPECT_EQ(executor.status().steps[0].status, StepStatus::Applied);
}

TEST_F(RuntimeRollback, UndoesAnInterruptedBackfillButNotAFailedTransactionalStep) {
    testing::CrashingReporter crashing(1);
    Executor first(dialect, conn, crashing);
    EXPECT_THROW(first.apply(items_plan()), testing::Crash);
    ASSERT_EQ(scalar(conn, "SELECT count(*) FROM items WHERE touched = 1"), "100");

    auto result = executor.rollback();
    EXPECT_EQ(result.rolled_back,
              (std::vector<std::string>{"items.touched:backfill", "items.touched:add"}));
    EXPECT_EQ(testing::column_names(conn, "items"), (std::vector<std::string>{"id", "n"}));
}

TEST_F(RuntimeRollback, PicksTheLatestPlanWithAppliedSteps) {
    executor.apply(items_plan(), full);
    plan::Plan second;
    second.id = "222222222222";
    second.dialect = "sqlite";
    plan::Step s;
    s.id = "notes:create";
    s.up = {"CREATE TABLE notes (x INTEGER)"};
    s.down = {"DROP TABLE notes"};
    second.steps = {s};
    executor.apply(second);

    EXPECT_EQ(executor.rollback().plan_id, "222222222222");
    EXPECT_EQ(scalar(conn, "SELECT count(*) FROM sqlite_master WHERE name = 'notes'"), "0");
    // The plan before the rolled-back one is undone only when it is named.
    auto applied = testing::column_names(conn, "items");
    EXPECT_THROW(executor.rollback(), Refused);
    EXPECT_EQ(testing::column_names(conn, "items"), applied);
    EXPECT_NE(applied, (std::vector<std::string>{"id", "n"}));
    RollbackOptions named;
    named.plan = "a1b2c3d4e5f6";
    EXPECT_EQ(executor.rollback_plan(named)->id, "a1b2c3d4e5f6");
    EXPECT_EQ(executor.rollback(named).plan_id, "a1b2c3d4e5f6");
    EXPECT_EQ(testing::column_names(conn, "items"), (std::vector<std::string>{"id", "n"}));
}

TEST_F(RuntimeRollback, FailedDownKeepsTheStepForTheNextRollback) {
    executor.apply(items_plan());
    conn.execute("CREATE INDEX items_touched_idx ON items (touched)"); // blocks DROP COLUMN
    EXPECT_THROW(executor.rollback(), ApplyError);
    auto status = executor.status();
    EXPECT_EQ(status.steps[0].status, StepStatus::Failed);
    EXPECT_TRUE(status.steps[0].has_effects());
    EXPECT_EQ(status.steps[1].status, StepStatus::RolledBack);

    conn.execute("DROP INDEX items_touched_idx");
    auto result = executor.rollback();
    EXPECT_EQ(result.rolled_back, (std::vector<std::string>{"items.touched:add"}));
    EXPECT_TRUE(result.complete);
    EXPECT_EQ(testing::column_names(conn, "items"), (std::vector<std::string>{"id", "n"}));
}

} // namespace
} // namespace stepwise::runtime
