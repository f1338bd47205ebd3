#pragma once
// The runtime's two tables: one row per recorded plan, one row per step of each plan.
// Only portable SQL (text and integer columns), the dialect's quoting and placeholders.
// Methods never begin or commit: the caller decides what shares a transaction.

#include "compiler/plan/plan.h"
#include "dialects/common/connection.h"
#include "dialects/common/dialect.h"
#include "runtime/step_state.h"

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace stepwise::runtime {

class StateStore {
public:
    StateStore(const dialect::Dialect& dialect, dialect::Connection& connection);

    // Runs the dialect's prelude and creates both tables if they are missing.
    void ensure_tables();
    // Adds the columns a state table created by an older version lacks: down_done (before
    // rollbacks were counted) and batch_policy (before runs recorded their batch policy).
    void add_missing_columns();
    // Whether the tables exist (without creating them): a read-only probe.
    bool tables_exist();

    // Records the plan and a pending row per step. A plan recorded before (same id) keeps
    // its step rows; its stored JSON and the ordinals are refreshed, new steps are added.
    void record_plan(const plan::Plan& plan);

    std::optional<PlanRecord> find_plan(const std::string& plan_id);
    std::optional<PlanRecord> latest_plan();
    // The latest plan an apply started and did not finish (running, partial or failed).
    std::optional<PlanRecord> plan_in_progress();
    // The latest plan with a step whose effects may be in the database.
    std::optional<PlanRecord> latest_plan_with_effects();
    // The plan as it was recorded, from its stored JSON.
    std::optional<plan::Plan> load_plan(const std::string& plan_id);

    std::vector<StepState> steps(const std::string& plan_id); // by ordinal
    std::optional<StepState> step(const std::string& plan_id, const std::string& step_id);

    void set_plan_status(const std::string& plan_id, PlanStatus status);

    // Status running, attempts + 1, started_at kept from the first attempt, error cleared.
    void mark_running(const std::string& plan_id, const std::string& step_id);
    // Back to a fresh pending row (a step rolled back and applied again).
    void reset_step(const std::string& plan_id, const std::string& step_id);
    void set_statements_done(const std::string& plan_id, const std::string& step_id, int done);
    void set_bound(const std::string& plan_id, const std::string& step_id,
                   const dialect::Value& bound);
    void set_rows_total(const std::string& plan_id, const std::string& step_id,
                        std::optional<long long> total);
    void save_cursor(const std::string& plan_id, const std::string& step_id,
                     const std::string& cursor, long long rows_done);
    // The batch policy a backfill step runs with (its plan's, with the run's overrides).
    void set_batch_policy(const std::string& plan_id, const std::string& step_id,
                          const plan::BatchPolicy& policy);
    void mark_applied(const std::string& plan_id, const std::string& step_id);
    void mark_failed(const std::string& plan_id, const std::string& step_id,
                     const std::string& message);
    void mark_rolled_back(const std::string& plan_id, const std::string& step_id);
    // A rollback began undoing a non-transactional step (status rolling_back, error cleared);
    // set_down_done counts its durable down statements.
    void mark_rolling_back(const std::string& plan_id, const std::string& step_id);
    void set_down_done(const std::string& plan_id, const std::string& step_id, int done);

    // Every recorded plan, oldest first.
    std::vector<PlanRecord> plans();
    // Tombstones `purge` dropped: their steps can no longer be rolled back. The table is
    // created by ensure_tables; before that there are none.
    void record_purged(const std::string& plan_id, const std::string& step_id,
                       const std::string& tombstone);
    std::vector<PurgedTombstone> purged(const std::string& plan_id);

private:
    std::string q(const std::string& ident) const; // quoted identifier
    std::string p(int n) const;                    // placeholder
    bool has_column(const std::string& column);    // of the state table
    std::optional<PlanRecord> plan_where(const std::string& condition,
                                         const std::vector<dialect::Value>& params);
    void update_step(const std::string& assignments, const std::string& plan_id,
                     const std::string& step_id, std::vector<dialect::Value> params);

    const dialect::Dialect& dialect_;
    dialect::Connection& connection_;
    std::string plans_; // quoted, qualified table names
    std::string state_;
    std::string purged_;
    std::optional<std::set<std::string>> columns_; // of the state table, read once
};

} // namespace stepwise::runtime
