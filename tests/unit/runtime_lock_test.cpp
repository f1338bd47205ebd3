#include "runtime/executor.h"
#include "tests/unit/runtime_test_support.h"

#include <chrono>
#include <gtest/gtest.h>
#include <thread>

namespace stepwise::runtime {
namespace {

using namespace std::chrono_literals;
using testing::scalar;

// Another writer holds the database's write lock while apply starts.
class RuntimeLock : public ::testing::Test {
protected:
    void SetUp() override {
        testing::seed_items(conn);
        holder.execute("BEGIN IMMEDIATE");
    }
    void TearDown() override {
        if (releaser.joinable())
            releaser.join();
        if (holder.in_transaction())
            holder.rollback();
    }

    sqlite::TempDb db;
    // A short busy timeout, so waiting for the lock surfaces as a lock timeout quickly.
    sqlite::SqliteConnection conn{db.path(), 20ms};
    sqlite::SqliteConnection holder{db.path(), 20ms};
    std::thread releaser;
    sqlite::SqliteDialect dialect;
    testing::RecordingReporter reporter;
    Executor executor{dialect, conn, reporter};
};

TEST_F(RuntimeLock, RetriesUntilTheLockIsReleased) {
    releaser = std::thread([this] {
        std::this_thread::sleep_for(300ms);
        holder.rollback();
    });
    ApplyOptions options;
    options.retry.attempts = 50;
    options.retry.initial_delay = 10ms;
    options.retry.max_delay = 80ms;
    options.retry.seed = 42;

    auto result = executor.apply(testing::items_plan(), options);
    releaser.join();

    EXPECT_GT(result.retries, 0);
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
    releaser = std::thread([this] {
        std::this_thread::sleep_for(200ms);
        holder.rollback();
    });
    ApplyOptions options;
    options.contract = true;
    options.retry.attempts = 50;
    options.retry.initial_delay = 10ms;
    options.retry.max_delay = 50ms;
    // The first write of this run is recording the plan again; it waits like any step.
    auto result = executor.apply(p, options);
    releaser.join();
    EXPECT_GT(reporter.retries, 0);
    EXPECT_EQ(result.steps[3].action, StepAction::Applied);
}

} // namespace
} // namespace stepwise::runtime
