// Executor::tombstones and Executor::purge: soft-dropped tables found through the applied
// steps that created them, dropped for good.

#include "runtime/executor.h"
#include "runtime/state_store.h"
#include "runtime/step_runner.h"

#include <fmt/format.h>
#include <set>

namespace stepwise::runtime {

std::vector<Tombstone> Executor::tombstones() {
    StateStore store(dialect_, connection_);
    std::vector<Tombstone> out;
    if (!store.tables_exist())
        return out;
    for (const auto& record : store.plans()) {
        auto plan = store.load_plan(record.id);
        if (!plan)
            continue;
        std::set<std::string> purged;
        for (const auto& p : store.purged(record.id))
            purged.insert(p.tombstone);
        for (const auto& state : store.steps(record.id)) {
            if (state.status != StepStatus::Applied)
                continue; // rolled back: the tombstone is the user's table again
            for (const auto& step : plan->steps) {
                if (step.id != state.step_id)
                    continue;
                for (const auto& name : tombstones_named_by(step, plan->id, dialect_)) {
                    if (purged.count(name))
                        continue;
                    dialect::ResultSet count;
                    try {
                        count =
                            connection_.query("SELECT count(*) FROM " + dialect_.quote_ident(name));
                    } catch (const dialect::DatabaseError&) {
                        continue; // gone (dropped by hand): nothing to purge
                    }
                    Tombstone t{name, plan->id, step.id, state.finished_at, 0};
                    if (!count.rows.empty() && count.rows[0][0])
                        t.rows = std::stoll(*count.rows[0][0]);
                    out.push_back(std::move(t));
                }
            }
        }
    }
    return out;
}

std::vector<std::string> Executor::purge(const std::vector<Tombstone>& tombstones,
                                         const RetryPolicy& retry) {
    StateStore store(dialect_, connection_);
    Retrier retrier(retry, reporter_);
    RunContext ctx{dialect_, connection_, store, reporter_, retrier, ""};
    in_transaction(ctx, "", [&] { store.ensure_tables(); });
    // One tombstone may still be referenced by another's foreign key (a parent and a child
    // dropped by the same plan): keep passing while a pass drops something.
    std::vector<std::string> dropped;
    std::vector<Tombstone> left = tombstones;
    std::string last_error;
    while (!left.empty()) {
        std::vector<Tombstone> failed;
        for (const auto& t : left) {
            try {
                in_transaction(ctx, t.step_id, [&] {
                    connection_.execute("DROP TABLE " + dialect_.quote_ident(t.table));
                    store.record_purged(t.plan_id, t.step_id, t.table);
                });
                dropped.push_back(t.table);
            } catch (const dialect::DatabaseError& e) {
                failed.push_back(t);
                last_error = t.table + ": " + e.what();
            }
        }
        if (failed.size() == left.size())
            throw ApplyError(failed.front().step_id,
                             fmt::format("could not purge {} tombstone{} ({}); {} dropped",
                                         failed.size(), failed.size() == 1 ? "" : "s", last_error,
                                         dropped.size()));
        left = std::move(failed);
    }
    return dropped;
}

} // namespace stepwise::runtime
