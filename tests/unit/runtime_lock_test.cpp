#include "runtime/executor.h"
#include "tests/unit/runtime_test_support.h"

#include <chrono>
#include <functional>
#include <gtest/gtest.h>

namespace stepwise::runtime {
namespace {

using namespace std::chrono_literals;
using testing::scalar;

// Counts retries and, at the `release_after`th, lets the other writer go: the lock is
// released while apply waits for it, whatever the machine's speed (a releaser thread that
// slept a fixed time raced the apply's retry budget on a loaded machine).
struct ReleasingReporter : testing::RecordingReporter {
    int release_after = 0; // 0: never
    std::function<void()> release;
    void retrying(const Retrying& e) override {
        RecordingReporter::retrying(e);
        if (retries == release_after && release)
            release();
    }
};

// Another writer holds the database's write lock while apply starts.
class RuntimeLock : public ::testing::Test {
protected:
    void SetUp() override {
        testing::seed_items(conn);
        holder.execute("BEGIN IMMEDIATE");
        reporter.release = [this] { holder.rollback(); };
    }
    void TearDown() override {
        if (holder.in_transaction())
            holder.rollback();
    }

    sqlite::TempDb db;
    // A short busy timeout, so waiting for the lock surfaces as a lock timeout quickly.
    sqlite::SqliteConnection conn{db.path(), 20ms};
    sqlite::SqliteConnection holder{db.path(), 20ms};
    sqlite::SqliteDialect dialect;
    ReleasingReporter reporter;
    Executor executor{dialect, conn, reporter};
};

TEST_F(RuntimeLock, RetriesUntilTheLockIsReleased) {
    reporter.release_after = 3;
    ApplyOptions options;
    options.retry.attempts = 50;
    options.retry.initial_delay = 10ms;
    options.retry.max_delay = 80ms;
    options.retry.seed = 42;

    auto result = executor.apply(testing::items_plan(), options);

    EXPECT_EQ(result.retries, 3);
    EXPECT_EQ(reporter.retries, result.retries);
    EXPECT_EQ(scalar(conn, "SELECT count(*) FROM items WHERE touched = 1"), "250");
    EXPECT_EQ(executor.status().steps[2].status, StepStatus::Applied);
}

TEST_F(RuntimeLock, GivesUpAfterTheLastAttempt) {
    ApplyOptions options;
    options.retry.attempts = 3;
    options.retry.initial_delay = 1ms;
    options.retry.seed = 7;
    try {
        executor.apply(testing::items_plan(), options);
        FAIL() << "apply should have given up";
    } catch (const ApplyError& e) {
        EXPECT_NE(std::string(e.what()).find("locked"), std::string::npos) << e.what();
    }
    EXPECT_EQ(reporter.retries, 2); // three attempts: two waits
    holder.rollback();
    EXPECT_EQ(testing::column_names(conn, "items"), (std::vector<std::string>{"id", "n"}));
}

TEST_F(RuntimeLock, LockTimeoutInsideAStepRetriesTheStep) {
    holder.rollback();
    // Record the plan first, then take the lock, so the contention hits a step.
    plan::Plan p = testing::items_plan();
    // A step's own lock timeout governs from when it starts (set_step_timeouts): keep them
    // short, so the holder's lock surfaces as a lock timeout and is retried.
    for (auto& step : p.steps)
        step.lock_timeout = 20ms;
    auto contract = p.steps.back();
    p.steps.pop_back();
    executor.apply(p);
    p.steps.push_back(contract);
    holder.execute("BEGIN IMMEDIATE");
    reporter.release_after = 2;
    ApplyOptions options;
    options.contract = true;
    options.retry.attempts = 50;
    options.retry.initial_delay = 10ms;
    options.retry.max_delay = 50ms;
    // The first write of this run is recording the plan again; it waits like any step.
    auto result = executor.apply(p, options);
    EXPECT_EQ(reporter.retries, 2);
    EXPECT_EQ(result.steps[3].action, StepAction::Applied);
}

} // namespace
} // namespace stepwise::runtime
