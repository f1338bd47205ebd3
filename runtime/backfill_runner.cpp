// The batched backfill: keyset pagination from the saved cursor up to a bound fixed when the
// backfill started, one short transaction per batch that also saves the cursor.

#include "runtime/batch_sizer.h"
#include "runtime/step_runner.h"

#include <algorithm>
#include <chrono>
#include <thread>

namespace stepwise::runtime {

namespace {

using Clock = std::chrono::steady_clock;

// The first column of the first row; NULL when there is no row.
dialect::Value scalar(const dialect::ResultSet& result) {
    if (result.rows.empty() || result.rows[0].empty())
        return std::nullopt;
    return result.rows[0][0];
}

std::optional<long long> parse_count(const dialect::Value& value) {
    if (!value)
        return std::nullopt;
    try {
        return std::stoll(*value);
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

struct Batch {
    dialect::Value last; // the batch's last key; NULL: no row left
    long long rows = 0;  // rows in the batch
    bool estimated = false;
};

// next_key_sql returns (last key, rows in the batch) in one row. Plans written before it
// counted return only the key, and no row for a short batch: their count is an estimate.
Batch next_batch(dialect::Connection& conn, const plan::Backfill& backfill,
                 const dialect::Value& cursor, const std::string& bound, int size) {
    auto result = conn.query(backfill.next_key_sql, {cursor, bound, std::to_string(size)});
    Batch batch;
    if (result.rows.empty() || result.rows[0].empty()) {
        batch.estimated = true;
        batch.rows = size;
        return batch;
    }
    const auto& row = result.rows[0];
    batch.last = row[0];
    if (row.size() < 2) {
        batch.estimated = true;
        batch.rows = size;
        return batch;
    }
    auto rows = parse_count(row[1]);
    if (!rows)
        throw StepCheckFailed("the backfill's next_key_sql returned '" + row[1].value_or("NULL") +
                              "' as the batch's row count; the plan's backfill SQL is wrong");
    batch.rows = *rows;
    return batch;
}

} // namespace

void run_backfill(RunContext& ctx, const plan::Step& step, const StepState& state) {
    const plan::Backfill& backfill = *step.backfill;
    auto& conn = ctx.connection;
    int up_total = static_cast<int>(step.up.size());
    bool bound_set = state.bound_set;
    dialect::Value bound = state.bound;

    // The bound is taken right after `up` (which installs what keeps new rows right), so the
    // rows the batches must visit are exactly those that exist at that moment.
    auto take_bound = [&] {
        bound = scalar(conn.query(backfill.max_key_sql));
        ctx.store.set_bound(ctx.plan_id, step.id, bound);
        bound_set = true;
    };
    if (state.statements_done < up_total) {
        if (step.transactional) {
            in_transaction(ctx, step.id, [&] {
                for (int i = state.statements_done; i < up_total; ++i)
                    conn.execute(step.up[i]);
                ctx.store.set_statements_done(ctx.plan_id, step.id, up_total);
                take_bound();
            });
        } else {
            run_counted_statements(ctx, step, state.statements_done);
        }
    }
    if (!bound_set)
        ctx.retrier.run(step.id, take_bound);

    std::optional<long long> total;
    if (!backfill.total_sql.empty()) {
        ctx.retrier.run(step.id, [&] {
            total = parse_count(scalar(conn.query(backfill.total_sql)));
            ctx.store.set_rows_total(ctx.plan_id, step.id, total);
        });
    }

    dialect::Value cursor = state.cursor;
    long long rows_done = state.rows_done;
    plan::BatchPolicy policy = effective_policy(backfill.policy, ctx.batch);
    BatchSizer sizer(policy);
    while (bound && cursor != bound) {
        int size = sizer.size();
        auto started = Clock::now();
        std::string end;
        long long rows = 0;
        in_transaction(ctx, step.id, [&] {
            Batch batch = next_batch(conn, backfill, cursor, *bound, size);
            // A short batch reached the bound: nothing is left below it.
            end = batch.last && batch.rows >= size ? *batch.last : *bound;
            if (cursor && end == *cursor)
                throw StepCheckFailed("the backfill made no progress: next_key_sql returned "
                                      "the cursor '" +
                                      end + "' again; the plan's backfill SQL is wrong");
            if (!backfill.batch_sql.empty())
                conn.query(backfill.batch_sql, {cursor, end});
            rows = batch.rows;
            if (batch.estimated && total)
                rows = std::clamp<long long>(*total - rows_done, 0, size);
            ctx.store.save_cursor(ctx.plan_id, step.id, end, rows_done + rows);
        });
        auto elapsed =
            std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started);
        rows_done += rows;
        cursor = end;
        sizer.observe(static_cast<int>(rows), elapsed);
        ctx.reporter.batch_done(
            BatchDone{step, rows_done, total, static_cast<int>(rows), sizer.size(),
                      std::chrono::duration_cast<std::chrono::milliseconds>(elapsed), end});
        if (cursor != bound && policy.pause.count() > 0)
            std::this_thread::sleep_for(policy.pause);
    }

    in_transaction(ctx, step.id, [&] {
        run_checks(ctx, step);
        ctx.store.mark_applied(ctx.plan_id, step.id);
    });
}

} // namespace stepwise::runtime
