// Executor::tombstones and Executor::purge: soft-dropped tables and columns found through the
// applied steps that created them (the plan and its step states in the state store), dropped
// for good.

#include "runtime/executor.h"
#include "runtime/state_store.h"
#include "runtime/step_runner.h"

#include <fmt/format.h>
#include <set>

namespace stepwise::runtime {

namespace {

long long count_of(const dialect::ResultSet& rs) {
    if (rs.rows.empty() || rs.rows[0].empty() || !rs.rows[0][0])
        return 0;
    return std::stoll(*rs.rows[0][0]);
}

} // namespace

// A name a step's `up` gave a tombstone: a table of that name, else a column of the table the
// step works on (a soft-dropped column stays in its table). Neither (an index or constraint
// kept with a tombstone column, or something dropped by hand): not listed.
std::optional<Tombstone> Executor::find_tombstone(const plan::Step& step, const std::string& name) {
    Tombstone t;
    t.step_id = step.id;
    try {
        t.table = name;
        t.rows = count_of(connection_.query("SELECT count(*) FROM " + dialect_.quote_ident(name)));
        return t;
    } catch (const dialect::DatabaseError&) {
    }
    if (step.lock.object.empty())
        return std::nullopt;
    try {
        t.table = step.lock.object;
        t.column = name;
        t.rows = count_of(connection_.query("SELECT count(" + dialect_.quote_ident(name) +
                                            ") FROM " + dialect_.quote_ident(t.table)));
        return t;
    } catch (const dialect::DatabaseError&) {
        return std::nullopt;
    }
}

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
                auto names = tombstones_named_by(step, plan->id, dialect_);
                for (const auto& name : names) {
                    std::optional<Tombstone> t = find_tombstone(step, name);
                    if (!t || purged.count(t->label()))
                        continue;
                    t->plan_id = plan->id;
                    if (!t->column.empty())
                        for (const auto& other : names)
                            if (other != name)
                                t->kept_with.push_back(other);
                    t->created_at = state.finished_at;
                    out.push_back(std::move(*t));
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
                    if (t.column.empty())
                        connection_.execute("DROP TABLE " + dialect_.quote_ident(t.table));
                    else {
                        for (const auto& sql : dialect_.before_column_purge(connection_, t.table,
                                                                            t.column, t.kept_with))
                            connection_.execute(sql);
                        connection_.execute("ALTER TABLE " + dialect_.quote_ident(t.table) +
                                            " DROP COLUMN " + dialect_.quote_ident(t.column));
                    }
                    store.record_purged(t.plan_id, t.step_id, t.label());
                });
                dropped.push_back(t.label());
            } catch (const dialect::DatabaseError& e) {
                failed.push_back(t);
                last_error = t.label() + ": " + e.what();
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
