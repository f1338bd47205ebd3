#include "runtime/batch_sizer.h"
#include "runtime/executor.h"
#include "tests/unit/runtime_test_support.h"

#include <algorithm>
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

namespace stepwise::runtime {
namespace {

RC_GTEST_PROP(BatchSizerProperty, StaysInBoundsAndChangesByAtMostTwofold,
              (int start, bool automatic, std::vector<int> elapsed_ms)) {
    plan::BatchPolicy policy;
    policy.size = start;
    policy.automatic = automatic;
    policy.target = std::chrono::milliseconds(*rc::gen::inRange(1, 1000));
    BatchSizer sizer(policy);
    RC_ASSERT(sizer.size() >= BatchSizer::kMin);
    RC_ASSERT(sizer.size() <= BatchSizer::kMax);
    for (int ms : elapsed_ms) {
        int before = sizer.size();
        sizer.observe(before, std::chrono::microseconds(static_cast<long long>(ms) * 1000));
        RC_ASSERT(sizer.size() >= BatchSizer::kMin);
        RC_ASSERT(sizer.size() <= BatchSizer::kMax);
        RC_ASSERT(sizer.size() <= before * 2);
        RC_ASSERT(sizer.size() >= before / 2);
        if (!automatic)
            RC_ASSERT(sizer.size() == before);
    }
}

// However many rows, whatever the batch size and wherever the run is killed, the resumed
// backfill touches every row exactly once.
RC_GTEST_PROP(BackfillResumeProperty, EveryRowExactlyOnce, ()) {
    int rows = *rc::gen::inRange(0, 120);
    int batch = *rc::gen::inRange(1, 40);
    int crash_after = *rc::gen::inRange(1, 8);

    sqlite::TempDb db;
    sqlite::SqliteConnection conn(db.path());
    conn.execute("PRAGMA synchronous = OFF"); // speed only; durability is not under test
    conn.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)");
    // Gaps in the keys: ids are 3, 6, 9, ...
    for (int i = 1; i <= rows; ++i)
        conn.query("INSERT INTO items (id, n) VALUES (?1, 0)", {std::to_string(i * 3)});

    plan::Plan p = testing::items_plan(batch);
    p.steps = {testing::add_column_step(), testing::backfill_step(batch)};
    sqlite::SqliteDialect dialect;
    testing::CrashingReporter crashing(crash_after);
    Executor first(dialect, conn, crashing);
    int full_batches = (rows + batch - 1) / batch;
    if (crash_after <= full_batches) {
        RC_ASSERT_THROWS_AS(first.apply(p), testing::Crash);
    } else {
        first.apply(p);
    }
    testing::RecordingReporter reporter;
    Executor second(dialect, conn, reporter);
    second.apply(p);

    RC_ASSERT(testing::scalar(conn, "SELECT count(*) FROM items WHERE touched = 1") ==
              std::to_string(rows));
    RC_ASSERT(testing::scalar(conn, "SELECT count(*) FROM items WHERE touched <> 1") == "0");
    auto status = second.status();
    RC_ASSERT(status.steps.at(1).status == StepStatus::Applied);
    RC_ASSERT(status.steps.at(1).rows_done == rows);
}

} // namespace
} // namespace stepwise::runtime
