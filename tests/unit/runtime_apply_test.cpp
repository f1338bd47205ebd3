#include "runtime/executor.h"
#include "runtime/state_store.h"
#include "tests/unit/runtime_test_support.h"

#include <gtest/gtest.h>
#include <regex>

namespace stepwise::runtime {
namespace {

using testing::items_plan;
using testing::scalar;

class RuntimeApply : public ::testing::Test {
protected:
    void SetUp() override { testing::seed_items(conn); }

    sqlite::TempDb db;
    sqlite::SqliteConnection conn{db.path()};
    sqlite::SqliteDialect dialect;
    testing::RecordingReporter reporter;
    Executor executor{dialect, conn, reporter};
};

TEST_F(RuntimeApply, RunsExpandBackfillValidateAndStopsBeforeContract) {
    auto result = executor.apply(items_plan());

    EXPECT_TRUE(result.stopped_before_contract);
    ASSERT_EQ(result.deploy_notes.size(), 1u);
    EXPECT_EQ(result.deploy_notes[0], "deploy code that no longer reads items.n");
    ASSERT_EQ(result.steps.size(), 4u);
    EXPECT_EQ(result.steps[0].action, StepAction::Applied);
    EXPECT_EQ(result.steps[1].action, StepAction::Applied);
    EXPECT_EQ(result.steps[2].action, StepAction::Applied);
    EXPECT_EQ(result.steps[3].action, StepAction::Deferred);
    EXPECT_FALSE(result.resumed);

    EXPECT_EQ(scalar(conn, "SELECT count(*) FROM items WHERE touched = 1"), "250");
    EXPECT_EQ(testing::column_names(conn, "items"),
              (std::vector<std::string>{"id", "n", "touched"}));
    // 250 rows in batches of 100: three batches, ending at the bound.
    EXPECT_EQ(reporter.batches, 3);
    EXPECT_EQ(reporter.events[3], "batch:100");
    EXPECT_EQ(reporter.events[5], "batch:250");

    EXPECT_EQ(scalar(conn, "SELECT status FROM _stepwise_plans WHERE plan_id = ?1",
                     {std::string("a1b2c3d4e5f6")}),
              "partial");
    auto steps = conn.query("SELECT step_id, ordinal, phase, status FROM _stepwise_state "
                            "ORDER BY ordinal")
                     .rows;
    ASSERT_EQ(steps.size(), 4u);
    EXPECT_EQ(*steps[0][0], "items.touched:add");
    EXPECT_EQ(*steps[0][3], "applied");
    EXPECT_EQ(*steps[1][2], "backfill");
    EXPECT_EQ(*steps[1][3], "applied");
    EXPECT_EQ(*steps[2][3], "applied");
    EXPECT_EQ(*steps[3][1], "4");
    EXPECT_EQ(*steps[3][3], "pending");
}

TEST_F(RuntimeApply, ContractRunsOnASecondApplyAndSkipsWhatIsDone) {
    executor.apply(items_plan());
    reporter.events.clear();
    reporter.batches = 0;
    ApplyOptions options;
    options.contract = true;
    auto result = executor.apply(items_plan(), options);

    EXPECT_TRUE(result.resumed);
    EXPECT_FALSE(result.stopped_before_contract);
    EXPECT_EQ(result.steps[0].action, StepAction::AlreadyApplied);
    EXPECT_EQ(result.steps[3].action, StepAction::Applied);
    EXPECT_EQ(testing::column_names(conn, "items"),
              (std::vector<std::string>{"id", "_stepwise_dropped_n", "touched"}));
    // The backfill did not run again.
    EXPECT_EQ(reporter.batches, 0);
    EXPECT_EQ(scalar(conn, "SELECT max(touched) FROM items"), "1");
    EXPECT_EQ(scalar(conn, "SELECT status FROM _stepwise_plans"), "applied");
}

TEST_F(RuntimeApply, ResumedBackfillDoesEveryRowExactlyOnce) {
    testing::CrashingReporter crashing(2);
    Executor first(dialect, conn, crashing);
    EXPECT_THROW(first.apply(items_plan(50)), testing::Crash);

    // Two batches of 50 committed, with their cursor.
    EXPECT_EQ(scalar(conn, "SELECT count(*) FROM items WHERE touched = 1"), "100");
    EXPECT_EQ(scalar(conn, "SELECT count(*) FROM items WHERE touched = 0"), "150");
    EXPECT_EQ(scalar(conn, "SELECT backfill_cursor FROM _stepwise_state WHERE step_id = ?1",
                     {std::string("items.touched:backfill")}),
              "100");
    EXPECT_EQ(scalar(conn, "SELECT rows_done FROM _stepwise_state WHERE step_id = ?1",
                     {std::string("items.touched:backfill")}),
              "100");

    auto result = executor.apply(items_plan(50));
    EXPECT_TRUE(result.resumed);
    EXPECT_EQ(result.steps[0].action, StepAction::AlreadyApplied);
    EXPECT_EQ(result.steps[1].action, StepAction::Applied);
    ASSERT_FALSE(reporter.resumed.empty());
    EXPECT_TRUE(reporter.resumed[0]);
    EXPECT_EQ(reporter.batches, 3); // 101..150, 151..200, 201..250
    EXPECT_EQ(scalar(conn, "SELECT count(*) FROM items WHERE touched = 1"), "250");
    EXPECT_EQ(scalar(conn, "SELECT count(*) FROM items WHERE touched <> 1"), "0");
    auto state = executor.status().steps.at(1);
    EXPECT_EQ(state.status, StepStatus::Applied);
    EXPECT_EQ(state.attempts, 2);
    EXPECT_EQ(state.rows_done, 250);
    EXPECT_EQ(state.cursor, std::optional<std::string>("250"));
}

// The policy a plan gets when nothing is configured: automatic, starting with a small batch,
// and a resume continues from the saved cursor (starting small again).
TEST_F(RuntimeApply, DefaultPolicyIsAutomaticStartsSmallAndResumesFromItsCursor) {
    plan::Plan p = items_plan();
    p.steps[1].backfill->policy = plan::default_batch_policy();
    testing::CrashingReporter crashing(1);
    Executor first(dialect, conn, crashing);
    EXPECT_THROW(first.apply(p), testing::Crash);
    ASSERT_EQ(crashing.policies.size(), 2u); // the column, then the backfill
    ASSERT_TRUE(crashing.policies[1]);
    EXPECT_TRUE(crashing.policies[1]->automatic);
    EXPECT_EQ(crashing.policies[1]->target, std::chrono::milliseconds(250));
    ASSERT_EQ(crashing.batch_rows.size(), 1u);
    EXPECT_EQ(crashing.batch_rows[0], plan::kFirstAutomaticBatch);
    // kRows (250) is more than a first batch: rows 1..100 are done, the rest are not.
    EXPECT_EQ(scalar(conn, "SELECT backfill_cursor FROM _stepwise_state WHERE step_id = ?1",
                     {std::string("items.touched:backfill")}),
              "100");
    EXPECT_EQ(scalar(conn, "SELECT count(*) FROM items WHERE touched = 0"), "150");

    auto result = executor.apply(p);
    EXPECT_TRUE(result.resumed);
    // The resumed run starts after the cursor, with a small batch again; the sizer can at
    // most halve the next one, so the 50 rows left take one more batch whatever the timing.
    std::vector<std::string> cursors;
    for (const auto& e : reporter.events)
        if (e.rfind("batch:", 0) == 0)
            cursors.push_back(e);
    EXPECT_EQ(cursors, (std::vector<std::string>{"batch:200", "batch:250"}));
    ASSERT_FALSE(reporter.batch_rows.empty());
    EXPECT_EQ(reporter.batch_rows[0], plan::kFirstAutomaticBatch);
    EXPECT_EQ(scalar(conn, "SELECT count(*) FROM items WHERE touched <> 1"), "0");
    EXPECT_EQ(executor.status().steps.at(1).rows_done, 250);
}

TEST_F(RuntimeApply, BoundIsFixedWhenTheBackfillStarts) {
    // Rows inserted after the backfill began are the default's and the trigger's business.
    plan::Plan p = items_plan(100);
    p.steps = {testing::add_column_step(), testing::backfill_step(100)};
    testing::CrashingReporter crashing(1);
    Executor first(dialect, conn, crashing);
    EXPECT_THROW(first.apply(p), testing::Crash);
    conn.execute("INSERT INTO items (id, n) VALUES (1000, 1)");
    executor.apply(p);
    EXPECT_EQ(scalar(conn, "SELECT touched FROM items WHERE id = 1000"), "0");
    EXPECT_EQ(scalar(conn, "SELECT count(*) FROM items WHERE id <= 250 AND touched = 1"), "250");
}

TEST_F(RuntimeApply, FailedStepIsRolledBackAndRecordedThenRetried) {
    plan::Plan p = items_plan();
    plan::Step bad;
    bad.id = "audit:create";
    bad.up = {"CREATE TABLE audit (x INTEGER)", "INSERT INTO audit_source VALUES (1)"};
    bad.down = {"DROP TABLE audit"};
    p.steps.insert(p.steps.begin() + 1, bad);

    try {
        executor.apply(p);
        FAIL() << "apply should have failed";
    } catch (const ApplyError& e) {
        EXPECT_EQ(e.step_id(), "audit:create");
        EXPECT_NE(std::string(e.what()).find("audit_source"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("run apply again"), std::string::npos) << e.what();
    }
    // Nothing of the failed step is left: its transaction was rolled back.
    EXPECT_EQ(scalar(conn, "SELECT count(*) FROM sqlite_master WHERE name = 'audit'"), "0");
    // The step before it stays applied; the one after did not start.
    auto status = executor.status();
    ASSERT_EQ(status.steps.size(), 5u);
    EXPECT_EQ(status.steps[0].status, StepStatus::Applied);
    EXPECT_EQ(status.steps[1].status, StepStatus::Failed);
    ASSERT_TRUE(status.steps[1].error);
    EXPECT_NE(status.steps[1].error->find("audit_source"), std::string::npos);
    EXPECT_EQ(status.steps[2].status, StepStatus::Pending);
    EXPECT_EQ(status.plan->status, PlanStatus::Failed);

    conn.execute("CREATE TABLE audit_source (x INTEGER)");
    auto result = executor.apply(p);
    EXPECT_EQ(result.steps[1].action, StepAction::Applied);
    EXPECT_EQ(scalar(conn, "SELECT count(*) FROM audit_source"), "1");
    auto retried = executor.status().steps[1];
    EXPECT_EQ(retried.status, StepStatus::Applied);
    EXPECT_EQ(retried.attempts, 2);
    EXPECT_FALSE(retried.error);
}

TEST_F(RuntimeApply, CheckThatReturnsARowFailsTheStepWithTheRow) {
    plan::Plan p;
    p.id = "cafe00000000";
    p.dialect = "sqlite";
    plan::Step s;
    s.id = "items.n:negate";
    s.up = {"UPDATE items SET n = -n WHERE id = 7"};
    s.checks = {"SELECT id, n FROM items WHERE n < 0"};
    p.steps = {s};

    try {
        executor.apply(p);
        FAIL() << "apply should have failed";
    } catch (const ApplyError& e) {
        EXPECT_NE(std::string(e.what()).find("id=7, n=-70"), std::string::npos) << e.what();
    }
    EXPECT_EQ(scalar(conn, "SELECT n FROM items WHERE id = 7"), "70");
    EXPECT_EQ(executor.status().steps[0].status, StepStatus::Failed);
}

TEST_F(RuntimeApply, NonTransactionalStepContinuesAfterItsLastGoodStatement) {
    plan::Plan p;
    p.id = "beef00000000";
    p.dialect = "sqlite";
    plan::Step s;
    s.id = "logs:create";
    s.transactional = false;
    s.up = {"CREATE TABLE logs (x INTEGER)", "INSERT INTO logs_source VALUES (1)",
            "INSERT INTO logs VALUES (2)"};
    s.down = {"DROP TABLE logs"};
    p.steps = {s};

    EXPECT_THROW(executor.apply(p), ApplyError);
    EXPECT_EQ(scalar(conn, "SELECT count(*) FROM sqlite_master WHERE name = 'logs'"), "1");
    EXPECT_EQ(executor.status().steps[0].statements_done, 1);

    conn.execute("CREATE TABLE logs_source (x INTEGER)");
    executor.apply(p); // would fail on CREATE TABLE logs if it started over
    EXPECT_EQ(scalar(conn, "SELECT count(*) FROM logs"), "1");
    EXPECT_EQ(executor.status().steps[0].statements_done, 3);
}

TEST_F(RuntimeApply, StatusDescribesTheLatestPlan) {
    EXPECT_FALSE(executor.status().plan);
    executor.apply(items_plan());
    auto status = executor.status();
    ASSERT_TRUE(status.plan);
    EXPECT_EQ(status.plan->id, "a1b2c3d4e5f6");
    EXPECT_EQ(status.plan->dialect, "sqlite");
    EXPECT_EQ(status.plan->from_fingerprint, "from-fp");
    EXPECT_EQ(status.plan->to_fingerprint, "to-fp");
    EXPECT_EQ(status.plan->status, PlanStatus::Partial);
    ASSERT_EQ(status.steps.size(), 4u);

    std::regex iso(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)");
    const auto& backfill = status.steps[1];
    EXPECT_EQ(backfill.step_id, "items.touched:backfill");
    EXPECT_EQ(backfill.phase, plan::Phase::Backfill);
    EXPECT_EQ(backfill.status, StepStatus::Applied);
    EXPECT_EQ(backfill.attempts, 1);
    EXPECT_EQ(backfill.rows_done, 250);
    EXPECT_EQ(backfill.rows_total, std::optional<long long>(250));
    EXPECT_EQ(backfill.bound, std::optional<std::string>("250"));
    EXPECT_EQ(backfill.cursor, std::optional<std::string>("250"));
    ASSERT_TRUE(backfill.started_at && backfill.finished_at);
    EXPECT_TRUE(std::regex_match(*backfill.started_at, iso)) << *backfill.started_at;
    EXPECT_LE(*backfill.started_at, *backfill.finished_at);
    EXPECT_FALSE(backfill.error);

    const auto& contract = status.steps[3];
    EXPECT_EQ(contract.phase, plan::Phase::Contract);
    EXPECT_EQ(contract.status, StepStatus::Pending);
    EXPECT_EQ(contract.attempts, 0);
    EXPECT_FALSE(contract.started_at);
}

TEST_F(RuntimeApply, StoredPlanLoadsBackAndUnfinishedPlanIsInProgress) {
    EXPECT_FALSE(executor.plan_in_progress());
    executor.apply(items_plan());
    auto in_progress = executor.plan_in_progress();
    ASSERT_TRUE(in_progress);
    EXPECT_EQ(in_progress->id, "a1b2c3d4e5f6");
    auto loaded = executor.load_plan("a1b2c3d4e5f6");
    ASSERT_TRUE(loaded);
    ASSERT_EQ(loaded->steps.size(), 4u);
    EXPECT_EQ(loaded->steps[1].id, "items.touched:backfill");
    ASSERT_TRUE(loaded->steps[1].backfill);
    EXPECT_EQ(loaded->steps[1].backfill->batch_sql, items_plan().steps[1].backfill->batch_sql);
    EXPECT_FALSE(executor.load_plan("000000000000"));

    ApplyOptions options;
    options.contract = true;
    executor.apply(items_plan(), options);
    EXPECT_FALSE(executor.plan_in_progress());
}

TEST_F(RuntimeApply, DryRunTouchesNothing) {
    ApplyOptions options;
    options.dry_run = true;
    auto result = executor.apply(items_plan(), options);
    EXPECT_EQ(result.steps[0].action, StepAction::WouldApply);
    EXPECT_EQ(result.steps[3].action, StepAction::Deferred);
    EXPECT_EQ(scalar(conn, "SELECT count(*) FROM sqlite_master WHERE name LIKE '_stepwise%'"), "0");
    EXPECT_EQ(testing::column_names(conn, "items"), (std::vector<std::string>{"id", "n"}));
    EXPECT_TRUE(reporter.events.empty());
}

TEST_F(RuntimeApply, EmptyBackfillTableHasNothingToDo) {
    conn.execute("DELETE FROM items");
    auto result = executor.apply(items_plan());
    EXPECT_EQ(result.steps[1].action, StepAction::Applied);
    EXPECT_EQ(reporter.batches, 0);
    auto backfill = executor.status().steps[1];
    EXPECT_TRUE(backfill.bound_set);
    EXPECT_FALSE(backfill.bound);
}

} // namespace
} // namespace stepwise::runtime
