#include "runtime/step_runner.h"

#include "dialects/common/statement_guard.h"

#include <fmt/format.h>

namespace stepwise::runtime {

namespace {

std::string describe_row(const dialect::ResultSet& result) {
    const auto& row = result.rows.front();
    std::string out;
    for (size_t i = 0; i < row.size(); ++i) {
        if (i > 0)
            out += ", ";
        if (i < result.columns.size())
            out += result.columns[i] + "=";
        out += row[i] ? *row[i] : "NULL";
    }
    return out;
}

} // namespace

void abandon_transaction(dialect::Connection& connection) {
    try {
        if (connection.in_transaction())
            connection.rollback();
    } catch (const std::exception&) {
        // The original error matters more than a failed rollback.
    }
}

void in_transaction(RunContext& ctx, const std::string& step_id,
                    const std::function<void()>& work) {
    ctx.retrier.run(step_id, [&] {
        ctx.connection.begin();
        try {
            work();
            ctx.connection.commit();
        } catch (...) {
            abandon_transaction(ctx.connection);
            throw;
        }
    });
}

void run_checks(RunContext& ctx, const plan::Step& step) {
    for (const auto& check : step.checks) {
        auto result = ctx.connection.query(check);
        if (!result.rows.empty())
            throw StepCheckFailed(fmt::format(
                "check `{}` returned a row: {}{}", check, describe_row(result),
                result.rows.size() > 1 ? fmt::format(" (and {} more)", result.rows.size() - 1)
                                       : std::string()));
    }
}

void run_step_up(RunContext& ctx, const plan::Step& step, const StepState& state) {
    if (step.backfill) {
        run_backfill(ctx, step, state);
        return;
    }
    int total = static_cast<int>(step.up.size());
    if (step.transactional) {
        in_transaction(ctx, step.id, [&] {
            for (int i = state.statements_done; i < total; ++i)
                ctx.connection.execute(step.up[i]);
            run_checks(ctx, step);
            ctx.store.set_statements_done(ctx.plan_id, step.id, total);
            ctx.store.mark_applied(ctx.plan_id, step.id);
        });
        return;
    }
    run_counted_statements(ctx, step, state.statements_done);
    ctx.retrier.run(step.id, [&] { run_checks(ctx, step); });
    ctx.retrier.run(step.id, [&] { ctx.store.mark_applied(ctx.plan_id, step.id); });
}

namespace {

// `statements` from `from` on, each counted through `count(n)` so that a resume continues
// after the last one whose effects are durable.
void run_counted(RunContext& ctx, const plan::Step& step, plan::Side side, int from,
                 const std::function<void(int)>& count) {
    const std::string& step_id = step.id;
    const auto& statements = side == plan::Side::Up ? step.up : step.down;
    int total = static_cast<int>(statements.size());
    for (int i = from; i < total; ++i) {
        // A step may open a transaction of its own (SQLite's table swap: BEGIN ... COMMIT).
        // Inside it the count is written first, in that transaction, so it becomes durable
        // exactly when the statement's effects do: a kill before its COMMIT takes both back,
        // a kill after it keeps both. Outside one, each statement commits on its own and is
        // counted after it succeeds (a kill in between runs it again).
        if (ctx.connection.in_transaction()) {
            count(i + 1);
            ctx.connection.execute(statements[i]);
            continue;
        }
        // The statement may have run already (a kill before its count, or a server session
        // that outlived its killed client): for one the compiler marked, the dialect's guard
        // makes running it again safe.
        const auto* guard = dynamic_cast<const dialect::StatementGuard*>(&ctx.dialect);
        const plan::Guard* marker = plan::guard_of(step, side, static_cast<size_t>(i));
        auto on_wait = [&](const dialect::OrphanWait& w) { ctx.reporter.orphan_waiting(w); };
        ctx.retrier.run(step_id, [&] {
            if (!guard || !marker ||
                guard->before_statement(ctx.connection, *marker, on_wait) ==
                    dialect::GuardVerdict::Run)
                ctx.connection.execute(statements[i]);
        });
        ctx.retrier.run(step_id, [&] { count(i + 1); });
    }
}

} // namespace

void run_counted_statements(RunContext& ctx, const plan::Step& step, int from) {
    run_counted(ctx, step, plan::Side::Up, from,
                [&](int n) { ctx.store.set_statements_done(ctx.plan_id, step.id, n); });
}

void run_step_down(RunContext& ctx, const plan::Step& step, const StepState& state) {
    if (step.transactional) {
        // The downs and the mark commit together: a kill takes both back or keeps both.
        in_transaction(ctx, step.id, [&] {
            for (const auto& statement : step.down)
                ctx.connection.execute(statement);
            ctx.store.mark_rolled_back(ctx.plan_id, step.id);
        });
        return;
    }
    // Counted like ups: a resumed rollback continues after the last durable statement. The
    // one a kill lands after but before its count runs again, so downs must be idempotent.
    ctx.retrier.run(step.id, [&] { ctx.store.mark_rolling_back(ctx.plan_id, step.id); });
    run_counted(ctx, step, plan::Side::Down, state.down_done,
                [&](int n) { ctx.store.set_down_done(ctx.plan_id, step.id, n); });
    ctx.retrier.run(step.id, [&] { ctx.store.mark_rolled_back(ctx.plan_id, step.id); });
}

} // namespace stepwise::runtime
