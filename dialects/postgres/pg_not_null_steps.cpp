#include "dialects/postgres/pg_expr.h"
#include "dialects/postgres/pg_quote.h"
#include "dialects/postgres/pg_steps.h"
#include "dialects/postgres/pg_tombstone.h"
#include "dialects/postgres/pg_types.h"

namespace stepwise::postgres {

using plan::HazardClass;
using plan::Phase;

plan::Step backfill_step(const StepContext& ctx, const std::string& table,
                         const std::string& column, const model::Expr& value, std::string id,
                         bool only_nulls) {
    auto s = ctx.step(std::move(id), Phase::Backfill, "backfill " + table + "." + column,
                      "ROW EXCLUSIVE", table);
    std::string t = ctx.table(table);
    std::string c = quote_ident(column);
    std::string set = "UPDATE " + t + " SET " + c + " = " + render_expr(value);
    std::string nulls = only_nulls ? " AND " + c + " IS NULL" : "";
    const model::Table* target = ctx.to.find_table(table);
    const model::Column* key = nullptr;
    if (target && target->primary_key && target->primary_key->columns.size() == 1)
        key = target->find_column(target->primary_key->columns[0]);
    if (!key) {
        s.up = {set + (only_nulls ? " WHERE " + c + " IS NULL" : "")};
        s.hazards = {{HazardClass::LongRunning,
                      table + " has no one-column primary key: one UPDATE of every row, holding "
                              "row locks until it commits"}};
        return s;
    }
    std::string k = quote_ident(key->name);
    std::string kt = render_type(key->type);
    std::string range =
        "($1::" + kt + " IS NULL OR " + k + " > $1::" + kt + ") AND " + k + " <= $2::" + kt;
    plan::Backfill b;
    b.table = table;
    b.total_sql = "SELECT count(*) FROM " + t;
    b.max_key_sql = "SELECT max(" + k + ")::text FROM " + t;
    // One statement per batch: pick the keys, update those rows, return the last key and how
    // many rows the batch walked. A data-modifying WITH runs to completion even though the
    // final SELECT does not read it. The keys go to the UPDATE as an array so it is an index
    // scan on the primary key whatever the planner guesses for the CTE.
    std::string batch = quote_ident("_stepwise_batch");
    b.next_key_sql = "WITH " + batch + " AS (SELECT " + k + " FROM " + t + " WHERE " + range +
                     " ORDER BY " + k + " LIMIT $3::int), " + quote_ident("_stepwise_done") +
                     " AS (" + set + " WHERE " + k + " = ANY (ARRAY(SELECT " + k + " FROM " +
                     batch + "))" + nulls + ") SELECT max(" + k + ")::text, count(*) FROM " + batch;
    b.policy = ctx.options.batch;
    s.backfill = b;
    s.hazards = {{HazardClass::LongRunning,
                  "updates every row of " + table + " in " + plan::describe(b.policy)}};
    return s;
}

std::vector<plan::Step> not_null_steps(const StepContext& ctx, const std::string& table,
                                       const std::string& column,
                                       const std::optional<model::Expr>& fill,
                                       const std::string& prefix, bool only_nulls) {
    std::vector<plan::Step> out;
    std::string check = fit_identifier("_stepwise_nn_" + column);
    std::string t = alter_table(ctx, table);
    std::string cq = quote_ident(column);
    std::string add_check =
        t + "ADD CONSTRAINT " + quote_ident(check) + " CHECK (" + cq + " IS NOT NULL) NOT VALID";
    if (fill) {
        auto b = backfill_step(ctx, table, column, *fill, prefix + ":backfill", only_nulls);
        if (only_nulls)
            b.hazards.push_back({HazardClass::Irreversible,
                                 "rollback keeps the values written into rows that were NULL"});
        out.push_back(std::move(b));
    }
    auto guard = ctx.step(prefix + ":check_not_null", Phase::Validate,
                          "guard " + table + "." + column + " against NULLs (not yet validated)",
                          "ACCESS EXCLUSIVE", table);
    guard.up = {add_check};
    guard.down = {t + "DROP CONSTRAINT IF EXISTS " + quote_ident(check)};
    guard.hazards = {{HazardClass::AppIncompatible,
                      "code that writes NULL into " + column + " fails from here on"}};
    if (fill)
        guard.after.push_back(prefix + ":backfill");
    out.push_back(guard);

    auto validate = ctx.step(prefix + ":validate_not_null", Phase::Validate,
                             "validate that " + table + "." + column + " holds no NULL",
                             "SHARE UPDATE EXCLUSIVE", table);
    validate.up = {t + "VALIDATE CONSTRAINT " + quote_ident(check)};
    validate.after = {guard.id};
    validate.statement_timeout = std::chrono::milliseconds(0);
    validate.hazards = {
        {HazardClass::LongRunning, "scans " + table + " (writes continue meanwhile)"}};
    out.push_back(validate);

    auto set = ctx.step(prefix + ":set_not_null", Phase::Validate,
                        "set " + table + "." + column + " NOT NULL (the check proves it, no scan)",
                        "ACCESS EXCLUSIVE", table);
    set.up = {t + "ALTER COLUMN " + cq + " SET NOT NULL",
              t + "DROP CONSTRAINT " + quote_ident(check)};
    set.down = {t + "ALTER COLUMN " + cq + " DROP NOT NULL", add_check};
    set.after = {validate.id};
    out.push_back(set);
    return out;
}

} // namespace stepwise::postgres
