#include "runtime/state_store.h"

#include "runtime/apply_error.h"
#include "runtime/clock.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <set>

namespace stepwise::runtime {

using dialect::Value;

namespace {

long long to_int(const Value& value) {
    if (!value || value->empty())
        return 0;
    try {
        return std::stoll(*value);
    } catch (const std::exception&) {
        throw ApplyError("", "state table holds a non-integer where a number belongs: '" + *value +
                                 "'");
    }
}

std::optional<long long> to_opt_int(const Value& value) {
    if (!value)
        return std::nullopt;
    return to_int(value);
}

Value text(long long n) {
    return std::to_string(n);
}

// A recorded batch policy; one that cannot be read (edited by hand) counts as not recorded,
// so status falls back on the plan's.
std::optional<plan::BatchPolicy> batch_policy(const Value& value) {
    if (!value)
        return std::nullopt;
    try {
        return plan::batch_policy_from_json(nlohmann::json::parse(*value));
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

} // namespace

StateStore::StateStore(const dialect::Dialect& dialect, dialect::Connection& connection)
    : dialect_(dialect), connection_(connection), plans_(dialect.state_table("plans")),
      state_(dialect.state_table("state")), purged_(dialect.state_table("purged")) {}

std::string StateStore::q(const std::string& ident) const {
    return dialect_.quote_ident(ident);
}

std::string StateStore::p(int n) const {
    return dialect_.placeholder(n);
}

void StateStore::ensure_tables() {
    for (const auto& statement : dialect_.state_prelude())
        connection_.execute(statement);
    // VARCHAR keys, not TEXT: MySQL cannot index TEXT without a prefix length.
    connection_.execute(fmt::format(
        "CREATE TABLE IF NOT EXISTS {} ({} VARCHAR(64) NOT NULL PRIMARY KEY, {} BIGINT NOT "
        "NULL, {} VARCHAR(32) NOT NULL, {} VARCHAR(128) NOT NULL, {} VARCHAR(128) NOT NULL, "
        "{} TEXT NOT NULL, {} VARCHAR(32) NOT NULL, {} VARCHAR(32) NOT NULL, {} VARCHAR(16) "
        "NOT NULL)",
        plans_, q("plan_id"), q("seq"), q("dialect"), q("from_fingerprint"), q("to_fingerprint"),
        q("plan_json"), q("created_at"), q("updated_at"), q("status")));
    connection_.execute(fmt::format(
        "CREATE TABLE IF NOT EXISTS {} ({} VARCHAR(64) NOT NULL, {} VARCHAR(255) NOT NULL, {} "
        "INTEGER NOT NULL, {} VARCHAR(16) NOT NULL, {} VARCHAR(16) NOT NULL, {} VARCHAR(32), "
        "{} VARCHAR(32), {} INTEGER NOT NULL, {} INTEGER NOT NULL, {} INTEGER NOT NULL, {} "
        "TEXT, {} TEXT, {} BIGINT NOT NULL, {} BIGINT, {} TEXT, {} INTEGER NOT NULL DEFAULT 0, "
        "{} TEXT, PRIMARY KEY ({}, {}))",
        state_, q("plan_id"), q("step_id"), q("ordinal"), q("phase"), q("status"), q("started_at"),
        q("finished_at"), q("attempts"), q("statements_done"), q("bound_set"), q("backfill_bound"),
        q("backfill_cursor"), q("rows_done"), q("rows_total"), q("error"), q("down_done"),
        q("batch_policy"), q("plan_id"), q("step_id")));
    add_missing_columns();
    connection_.execute(fmt::format(
        "CREATE TABLE IF NOT EXISTS {} ({} VARCHAR(64) NOT NULL, {} VARCHAR(255) NOT NULL, {} "
        "VARCHAR(255) NOT NULL, {} VARCHAR(32) NOT NULL, PRIMARY KEY ({}, {}))",
        purged_, q("plan_id"), q("step_id"), q("tombstone"), q("purged_at"), q("plan_id"),
        q("tombstone")));
}

bool StateStore::has_column(const std::string& column) {
    // Read from the result's column names, not from a failed SELECT of the column: a failed
    // statement would abort a PostgreSQL transaction that ensure_tables runs in.
    if (!columns_) {
        auto result = connection_.query(fmt::format("SELECT * FROM {} WHERE 1 = 0", state_));
        columns_ = std::set<std::string>(result.columns.begin(), result.columns.end());
    }
    return columns_->count(column) > 0;
}

void StateStore::add_missing_columns() {
    // Older rows get 0 statements undone and no recorded batch policy (status then shows the
    // plan's).
    if (!has_column("down_done"))
        connection_.execute(fmt::format("ALTER TABLE {} ADD COLUMN {} INTEGER NOT NULL DEFAULT 0",
                                        state_, q("down_done")));
    if (!has_column("batch_policy"))
        connection_.execute(
            fmt::format("ALTER TABLE {} ADD COLUMN {} TEXT", state_, q("batch_policy")));
    columns_.reset();
}

bool StateStore::tables_exist() {
    try {
        connection_.query(fmt::format("SELECT 1 FROM {} WHERE 1 = 0", plans_));
        connection_.query(fmt::format("SELECT 1 FROM {} WHERE 1 = 0", state_));
        return true;
    } catch (const dialect::DatabaseError&) {
        return false;
    }
}

void StateStore::record_plan(const plan::Plan& plan) {
    std::string json = plan::to_json(plan).dump();
    std::string now = utc_now();
    if (find_plan(plan.id)) {
        connection_.query(fmt::format("UPDATE {} SET {} = {}, {} = {} WHERE {} = {}", plans_,
                                      q("plan_json"), p(1), q("updated_at"), p(2), q("plan_id"),
                                      p(3)),
                          {json, now, plan.id});
    } else {
        auto rows = connection_.query(fmt::format("SELECT MAX({}) FROM {}", q("seq"), plans_));
        long long seq = rows.rows.empty() || rows.rows[0].empty() ? 0 : to_int(rows.rows[0][0]);
        connection_.query(
            fmt::format("INSERT INTO {} ({}, {}, {}, {}, {}, {}, {}, {}, {}) VALUES ({}, {}, {}, "
                        "{}, {}, {}, {}, {}, {})",
                        plans_, q("plan_id"), q("seq"), q("dialect"), q("from_fingerprint"),
                        q("to_fingerprint"), q("plan_json"), q("created_at"), q("updated_at"),
                        q("status"), p(1), p(2), p(3), p(4), p(5), p(6), p(7), p(8), p(9)),
            {plan.id, text(seq + 1), plan.dialect, plan.from_fingerprint, plan.to_fingerprint, json,
             now, now, std::string(to_string(PlanStatus::Pending))});
    }
    for (size_t i = 0; i < plan.steps.size(); ++i) {
        const auto& step = plan.steps[i];
        Value ordinal = text(static_cast<long long>(i + 1));
        if (this->step(plan.id, step.id)) {
            update_step(fmt::format("{} = {}, {} = {}", q("ordinal"), p(1), q("phase"), p(2)),
                        plan.id, step.id, {ordinal, std::string(plan::to_string(step.phase))});
            continue;
        }
        connection_.query(
            fmt::format("INSERT INTO {} ({}, {}, {}, {}, {}, {}, {}, {}, {}) VALUES ({}, {}, {}, "
                        "{}, {}, 0, 0, 0, 0)",
                        state_, q("plan_id"), q("step_id"), q("ordinal"), q("phase"), q("status"),
                        q("attempts"), q("statements_done"), q("bound_set"), q("rows_done"), p(1),
                        p(2), p(3), p(4), p(5)),
            {plan.id, step.id, ordinal, std::string(plan::to_string(step.phase)),
             std::string(to_string(StepStatus::Pending))});
    }
}

std::optional<PlanRecord> StateStore::plan_where(const std::string& condition,
                                                 const std::vector<Value>& params) {
    auto result = connection_.query(
        fmt::format("SELECT {}, {}, {}, {}, {}, {}, {} FROM {} WHERE {} ORDER BY {} DESC",
                    q("plan_id"), q("dialect"), q("from_fingerprint"), q("to_fingerprint"),
                    q("created_at"), q("status"), q("seq"), plans_, condition, q("seq")),
        params);
    if (result.rows.empty())
        return std::nullopt;
    const auto& row = result.rows.front();
    PlanRecord record;
    record.id = row[0].value_or("");
    record.dialect = row[1].value_or("");
    record.from_fingerprint = row[2].value_or("");
    record.to_fingerprint = row[3].value_or("");
    record.created_at = row[4].value_or("");
    auto status = plan_status_from_string(row[5].value_or(""));
    if (!status)
        throw ApplyError("", "state table holds an unknown plan status '" + row[5].value_or("") +
                                 "' for plan " + record.id);
    record.status = *status;
    record.seq = to_int(row[6]);
    return record;
}

std::optional<PlanRecord> StateStore::find_plan(const std::string& plan_id) {
    return plan_where(fmt::format("{} = {}", q("plan_id"), p(1)), {plan_id});
}

std::optional<PlanRecord> StateStore::latest_plan() {
    return plan_where("1 = 1", {});
}

std::optional<PlanRecord> StateStore::plan_in_progress() {
    return plan_where(fmt::format("{} IN ({}, {}, {})", q("status"), p(1), p(2), p(3)),
                      {std::string(to_string(PlanStatus::Running)),
                       std::string(to_string(PlanStatus::Partial)),
                       std::string(to_string(PlanStatus::Failed))});
}

std::optional<PlanRecord> StateStore::latest_plan_with_effects() {
    std::string effects = fmt::format(
        "EXISTS (SELECT 1 FROM {s} WHERE {s}.{pid} = {pl}.{pid} AND ({st} = {p1} OR {st} = {p3} OR "
        "{sd} > 0 OR {dd} > 0 OR {cur} IS NOT NULL) AND {st} <> {p2})",
        fmt::arg("s", state_), fmt::arg("pl", plans_), fmt::arg("pid", q("plan_id")),
        fmt::arg("st", state_ + "." + q("status")), fmt::arg("sd", q("statements_done")),
        fmt::arg("cur", q("backfill_cursor")), fmt::arg("p1", p(1)), fmt::arg("p2", p(2)),
        fmt::arg("p3", p(3)), fmt::arg("dd", q("down_done")));
    return plan_where(effects, {std::string(to_string(StepStatus::Applied)),
                                std::string(to_string(StepStatus::RolledBack)),
                                std::string(to_string(StepStatus::RollingBack))});
}

std::optional<plan::Plan> StateStore::load_plan(const std::string& plan_id) {
    auto result = connection_.query(
        fmt::format("SELECT {} FROM {} WHERE {} = {}", q("plan_json"), plans_, q("plan_id"), p(1)),
        {plan_id});
    if (result.rows.empty() || !result.rows[0][0])
        return std::nullopt;
    try {
        return plan::plan_from_json(nlohmann::json::parse(*result.rows[0][0]));
    } catch (const std::exception& e) {
        throw ApplyError("", "the stored plan " + plan_id + " cannot be read back (" + e.what() +
                                 "); the plans table may have been edited by hand");
    }
}

std::vector<StepState> StateStore::steps(const std::string& plan_id) {
    auto select = [&](const std::string& down_done, const std::string& batch_policy) {
        return connection_.query(
            fmt::format("SELECT {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {} "
                        "FROM {} WHERE {} = {} ORDER BY {}",
                        q("step_id"), q("ordinal"), q("phase"), q("status"), q("started_at"),
                        q("finished_at"), q("attempts"), q("statements_done"), q("bound_set"),
                        q("backfill_bound"), q("backfill_cursor"), q("rows_done"), q("rows_total"),
                        q("error"), down_done, batch_policy, state_, q("plan_id"), p(1),
                        q("ordinal")),
            {plan_id});
    };
    // A state table an older version created lacks some columns; `status` reads it without
    // altering it, as if they were NULL.
    auto column = [&](const char* name) { return has_column(name) ? q(name) : "NULL"; };
    auto result = select(column("down_done"), column("batch_policy"));
    std::vector<StepState> out;
    for (const auto& row : result.rows) {
        StepState s;
        s.step_id = row[0].value_or("");
        s.ordinal = static_cast<int>(to_int(row[1]));
        auto phase = plan::phase_from_string(row[2].value_or(""));
        auto status = step_status_from_string(row[3].value_or(""));
        if (!phase || !status)
            throw ApplyError(s.step_id, "state table holds an unknown phase or status ('" +
                                            row[2].value_or("") + "', '" + row[3].value_or("") +
                                            "')");
        s.phase = *phase;
        s.status = *status;
        s.started_at = row[4];
        s.finished_at = row[5];
        s.attempts = static_cast<int>(to_int(row[6]));
        s.statements_done = static_cast<int>(to_int(row[7]));
        s.bound_set = to_int(row[8]) != 0;
        s.bound = row[9];
        s.cursor = row[10];
        s.rows_done = to_int(row[11]);
        s.rows_total = to_opt_int(row[12]);
        s.error = row[13];
        s.down_done = static_cast<int>(to_int(row[14]));
        s.batch = batch_policy(row[15]);
        out.push_back(std::move(s));
    }
    return out;
}

std::optional<StepState> StateStore::step(const std::string& plan_id, const std::string& step_id) {
    for (auto& s : steps(plan_id))
        if (s.step_id == step_id)
            return s;
    return std::nullopt;
}

void StateStore::update_step(const std::string& assignments, const std::string& plan_id,
                             const std::string& step_id, std::vector<Value> params) {
    int n = static_cast<int>(params.size());
    connection_.query(fmt::format("UPDATE {} SET {} WHERE {} = {} AND {} = {}", state_, assignments,
                                  q("plan_id"), p(n + 1), q("step_id"), p(n + 2)),
                      [&] {
                          params.push_back(plan_id);
                          params.push_back(step_id);
                          return params;
                      }());
}

void StateStore::set_plan_status(const std::string& plan_id, PlanStatus status) {
    connection_.query(fmt::format("UPDATE {} SET {} = {}, {} = {} WHERE {} = {}", plans_,
                                  q("status"), p(1), q("updated_at"), p(2), q("plan_id"), p(3)),
                      {std::string(to_string(status)), utc_now(), plan_id});
}

void StateStore::mark_running(const std::string& plan_id, const std::string& step_id) {
    update_step(fmt::format("{st} = {p1}, {a} = {a} + 1, {sa} = COALESCE({sa}, {p2}), {fa} = "
                            "NULL, {e} = NULL",
                            fmt::arg("st", q("status")), fmt::arg("a", q("attempts")),
                            fmt::arg("sa", q("started_at")), fmt::arg("fa", q("finished_at")),
                            fmt::arg("e", q("error")), fmt::arg("p1", p(1)), fmt::arg("p2", p(2))),
                plan_id, step_id, {std::string(to_string(StepStatus::Running)), utc_now()});
}

void StateStore::reset_step(const std::string& plan_id, const std::string& step_id) {
    update_step(fmt::format("{} = {}, {} = NULL, {} = NULL, {} = 0, {} = 0, {} = NULL, {} = "
                            "NULL, {} = 0, {} = NULL, {} = NULL, {} = 0, {} = NULL",
                            q("status"), p(1), q("started_at"), q("finished_at"),
                            q("statements_done"), q("bound_set"), q("backfill_bound"),
                            q("backfill_cursor"), q("rows_done"), q("rows_total"), q("error"),
                            q("down_done"), q("batch_policy")),
                plan_id, step_id, {std::string(to_string(StepStatus::Pending))});
}

void StateStore::set_statements_done(const std::string& plan_id, const std::string& step_id,
                                     int done) {
    update_step(fmt::format("{} = {}", q("statements_done"), p(1)), plan_id, step_id, {text(done)});
}

void StateStore::set_bound(const std::string& plan_id, const std::string& step_id,
                           const Value& bound) {
    update_step(fmt::format("{} = 1, {} = {}", q("bound_set"), q("backfill_bound"), p(1)), plan_id,
                step_id, {bound});
}

void StateStore::set_rows_total(const std::string& plan_id, const std::string& step_id,
                                std::optional<long long> total) {
    update_step(fmt::format("{} = {}", q("rows_total"), p(1)), plan_id, step_id,
                {total ? text(*total) : Value{}});
}

void StateStore::save_cursor(const std::string& plan_id, const std::string& step_id,
                             const std::string& cursor, long long rows_done) {
    update_step(fmt::format("{} = {}, {} = {}", q("backfill_cursor"), p(1), q("rows_done"), p(2)),
                plan_id, step_id, {cursor, text(rows_done)});
}

void StateStore::set_batch_policy(const std::string& plan_id, const std::string& step_id,
                                  const plan::BatchPolicy& policy) {
    update_step(fmt::format("{} = {}", q("batch_policy"), p(1)), plan_id, step_id,
                {plan::to_json(policy).dump()});
}

void StateStore::mark_applied(const std::string& plan_id, const std::string& step_id) {
    update_step(fmt::format("{} = {}, {} = {}, {} = NULL", q("status"), p(1), q("finished_at"),
                            p(2), q("error")),
                plan_id, step_id, {std::string(to_string(StepStatus::Applied)), utc_now()});
}

void StateStore::mark_failed(const std::string& plan_id, const std::string& step_id,
                             const std::string& message) {
    update_step(fmt::format("{} = {}, {} = {}, {} = {}", q("status"), p(1), q("finished_at"), p(2),
                            q("error"), p(3)),
                plan_id, step_id, {std::string(to_string(StepStatus::Failed)), utc_now(), message});
}

void StateStore::mark_rolled_back(const std::string& plan_id, const std::string& step_id) {
    update_step(fmt::format("{} = {}, {} = {}, {} = NULL, {} = 0, {} = 0, {} = NULL, {} = NULL, "
                            "{} = 0",
                            q("status"), p(1), q("finished_at"), p(2), q("error"),
                            q("statements_done"), q("bound_set"), q("backfill_bound"),
                            q("backfill_cursor"), q("down_done")),
                plan_id, step_id, {std::string(to_string(StepStatus::RolledBack)), utc_now()});
}

void StateStore::mark_rolling_back(const std::string& plan_id, const std::string& step_id) {
    update_step(fmt::format("{} = {}, {} = NULL", q("status"), p(1), q("error")), plan_id, step_id,
                {std::string(to_string(StepStatus::RollingBack))});
}

void StateStore::set_down_done(const std::string& plan_id, const std::string& step_id, int done) {
    update_step(fmt::format("{} = {}", q("down_done"), p(1)), plan_id, step_id, {text(done)});
}

std::vector<PlanRecord> StateStore::plans() {
    auto result = connection_.query(
        fmt::format("SELECT {} FROM {} ORDER BY {}", q("plan_id"), plans_, q("seq")));
    std::vector<PlanRecord> out;
    for (const auto& row : result.rows)
        if (auto record = find_plan(row[0].value_or("")))
            out.push_back(*record);
    return out;
}

void StateStore::record_purged(const std::string& plan_id, const std::string& step_id,
                               const std::string& tombstone) {
    connection_.query(fmt::format("INSERT INTO {} ({}, {}, {}, {}) VALUES ({}, {}, {}, {})",
                                  purged_, q("plan_id"), q("step_id"), q("tombstone"),
                                  q("purged_at"), p(1), p(2), p(3), p(4)),
                      {plan_id, step_id, tombstone, utc_now()});
}

std::vector<PurgedTombstone> StateStore::purged(const std::string& plan_id) {
    dialect::ResultSet result;
    try {
        result = connection_.query(
            fmt::format("SELECT {}, {}, {}, {} FROM {} WHERE {} = {} ORDER BY {}", q("plan_id"),
                        q("step_id"), q("tombstone"), q("purged_at"), purged_, q("plan_id"), p(1),
                        q("tombstone")),
            {plan_id});
    } catch (const dialect::DatabaseError&) {
        return {}; // state tables from before purge existed: nothing was purged
    }
    std::vector<PurgedTombstone> out;
    for (const auto& row : result.rows)
        out.push_back(
            {row[0].value_or(""), row[1].value_or(""), row[2].value_or(""), row[3].value_or("")});
    return out;
}

} // namespace stepwise::runtime
