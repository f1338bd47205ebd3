#pragma once
// rows_done is exact: the backfill counts the rows each batch walked, so rows deleted ahead of
// the cursor while it runs are not counted (an estimate from the batch size and the row count
// taken at the start would still say every row). Shared by the SQLite, PostgreSQL and MariaDB
// binaries; each gives its connection and the table's DDL.

#include "compiler/diff/differ.h"
#include "compiler/frontend/loader.h"
#include "compiler/model/printer.h"
#include "compiler/plan/plan.h"
#include "dialects/common/dialect.h"
#include "runtime/executor.h"
#include "tests/support/migration_plan.h"

#include <gtest/gtest.h>
#include <string>

namespace stepwise::testing {

// After the first batch of one step, deletes rows further along the key than the cursor,
// once; counts that step's batches.
class DeleteAheadReporter : public runtime::Reporter {
public:
    DeleteAheadReporter(dialect::Connection& conn, std::string step_id, std::string sql)
        : conn_(conn), step_id_(std::move(step_id)), sql_(std::move(sql)) {}
    void batch_done(const runtime::BatchDone& e) override {
        if (e.step.id != step_id_)
            return;
        if (batches_++ == 0)
            conn_.execute(sql_);
        rows_in_batches_ += e.batch_rows;
        last_rows_done_ = e.rows_done;
    }
    int batches() const { return batches_; }
    long long rows_in_batches() const { return rows_in_batches_; }
    long long last_rows_done() const { return last_rows_done_; }

private:
    dialect::Connection& conn_;
    std::string step_id_;
    std::string sql_;
    int batches_ = 0;
    long long rows_in_batches_ = 0;
    long long last_rows_done_ = 0;
};

// `items` holds ids 1..2500 (one column primary key `id`, one int column `n`). The plan adds
// a required column filled from `n` in batches of 1000; after the first batch ids 2001..2300
// are deleted, so the walk meets 1000 + 1000 + 200 rows.
inline void expect_exact_rows_done(const dialect::Dialect& d, dialect::Connection& c,
                                   const std::string& desired_text) {
    plan::Plan p = compile_plan(d, c, desired_text, 1000);
    const plan::Step* fill = nullptr;
    for (const auto& s : p.steps)
        if (s.backfill && !fill)
            fill = &s;
    ASSERT_NE(fill, nullptr) << "the plan has no batched backfill";

    DeleteAheadReporter reporter(c, fill->id, "DELETE FROM items WHERE id BETWEEN 2001 AND 2300");
    runtime::Executor executor(d, c, reporter);
    runtime::ApplyOptions options;
    options.contract = true;
    executor.apply(p, options);

    EXPECT_EQ(scalar(c, "SELECT count(*) FROM items"), "2200");
    EXPECT_EQ(reporter.batches(), 3);
    std::optional<runtime::StepState> state;
    for (auto& s : executor.status().steps)
        if (s.step_id == fill->id)
            state = s;
    ASSERT_TRUE(state.has_value());
    EXPECT_EQ(state->rows_total, std::optional<long long>(2500)); // counted at the start
    EXPECT_EQ(state->rows_done, 2200);
    EXPECT_EQ(reporter.last_rows_done(), 2200);
    EXPECT_EQ(reporter.rows_in_batches(), 2200);
}

} // namespace stepwise::testing
