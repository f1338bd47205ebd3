// Expand/contract for a column whose old and new shapes must both work for a while: a
// rename, a type change with `using`, a new column with `backfill`.
//
// SQLite cannot change a row inside a BEFORE trigger, so the sync runs AFTER the write, as an
// UPDATE of the same row by rowid. Loops cannot happen: with recursive_triggers off (SQLite's
// default, and what stepwise's connections keep) a trigger never fires itself, and every sync
// UPDATE is guarded by "the new column is not yet what the old one maps to", so a trigger of
// another pair that it fires finds nothing to do.

#include "dialects/sqlite/sqlite_expr.h"
#include "dialects/sqlite/sqlite_quote.h"
#include "dialects/sqlite/sqlite_steps.h"
#include "dialects/sqlite/sqlite_types.h"

namespace stepwise::sqlite {

namespace {

std::string trigger_name(const std::string& table, const DualColumn& c, const char* what) {
    return quote_ident("_stepwise_dw_" + table + "_" + c.new_column + "_" + what);
}

// True for a row whose new column does not hold what its old shape maps to.
std::string out_of_step(const DualColumn& c) {
    return quote_ident(c.new_column) + " IS NOT (" + c.forward + ")";
}

// The single-column keys, checks on the column alone, and references that make the new
// column's constraints real; each query returns a row that would break one.
std::vector<std::string> constraint_checks(const StepContext& ctx, const std::string& table_now,
                                           const model::Table& target, const DualColumn& c) {
    std::string t = quote_ident(table_now), col = quote_ident(c.new_column);
    std::vector<std::string> out;
    if (!c.target->nullable)
        out.push_back("SELECT rowid FROM " + t + " WHERE " + col + " IS NULL LIMIT 1");
    auto only_this = [&](const std::vector<std::string>& cols) {
        return cols.size() == 1 && cols[0] == c.new_column;
    };
    bool unique = target.primary_key && only_this(target.primary_key->columns);
    for (const auto& u : target.uniques)
        unique = unique || only_this(u.columns);
    for (const auto& i : target.indexes)
        unique = unique ||
                 (i.unique && !i.where && i.parts.size() == 1 && i.parts[0].column == c.new_column);
    if (unique)
        out.push_back("SELECT " + col + " FROM " + t + " WHERE " + col + " IS NOT NULL GROUP BY " +
                      col + " HAVING count(*) > 1 LIMIT 1");
    for (const auto& fk : target.foreign_keys) {
        // Only a parent that exists under that name now can be checked before the swap.
        if (!only_this(fk.columns) || fk.ref_columns.size() != 1 ||
            !ctx.from.find_table(fk.ref_table))
            continue;
        std::string p = quote_ident(fk.ref_table);
        out.push_back("SELECT rowid FROM " + t + " WHERE " + col +
                      " IS NOT NULL AND NOT EXISTS (SELECT 1 FROM " + p + " WHERE " + p + "." +
                      quote_ident(fk.ref_columns[0]) + " = " + t + "." + col + ") LIMIT 1");
    }
    return out;
}

} // namespace

std::vector<std::string> dual_write_triggers(const std::string& table, const DualColumn& c) {
    std::string t = quote_ident(table), n = quote_ident(c.new_column);
    std::string row = " WHERE rowid = NEW.rowid";
    if (c.old_column.empty()) {
        // Forward only: a row left without a value gets the backfill expression.
        std::string fill = "UPDATE " + t + " SET " + n + " = (" + c.forward + ")" + row + "; ";
        return {
            "CREATE TRIGGER " + trigger_name(table, c, "insert") + " AFTER INSERT ON " + t +
                " WHEN NEW." + n + " IS NULL BEGIN " + fill + "END",
            "CREATE TRIGGER " + trigger_name(table, c, "update") + " AFTER UPDATE OF " + n +
                " ON " + t + " WHEN NEW." + n + " IS NULL BEGIN " + fill + "END",
        };
    }
    std::string o = quote_ident(c.old_column);
    std::string to_new = "UPDATE " + t + " SET " + n + " = (" + c.forward + ")" + row;
    std::string to_old = "UPDATE " + t + " SET " + o + " = (" + c.reverse + ")" + row;
    std::string differs = " AND " + out_of_step(c) + "; ";
    return {
        // An insert that gave the new column a value wrote the new shape: it wins.
        "CREATE TRIGGER " + trigger_name(table, c, "insert") + " AFTER INSERT ON " + t + " BEGIN " +
            to_new + " AND NEW." + n + " IS NULL" + differs + to_old + " AND NEW." + n +
            " IS NOT NULL" + differs + "END",
        // The side that changed wins; when both did, the new column.
        "CREATE TRIGGER " + trigger_name(table, c, "update") + " AFTER UPDATE ON " + t + " BEGIN " +
            to_new + " AND OLD." + o + " IS NOT NEW." + o + " AND OLD." + n + " IS NEW." + n +
            differs + to_old + " AND OLD." + n + " IS NOT NEW." + n + differs + "END",
    };
}

std::vector<std::string> drop_dual_write_triggers(const std::string& table, const DualColumn& c) {
    return {"DROP TRIGGER IF EXISTS " + trigger_name(table, c, "insert"),
            "DROP TRIGGER IF EXISTS " + trigger_name(table, c, "update")};
}

std::vector<std::string> resync_old_column(const std::string& table, const DualColumn& c) {
    if (c.old_column.empty())
        return {};
    // Rows whose new column was written without the trigger: the old column follows it.
    return {"UPDATE " + quote_ident(table) + " SET " + quote_ident(c.old_column) + " = (" +
            c.reverse + ") WHERE " + quote_ident(c.new_column) + " IS NOT NULL AND " +
            out_of_step(c)};
}

std::vector<plan::Step> dual_write_steps(const StepContext& ctx, const std::string& table_now,
                                         const model::Table& target, const DualColumn& c) {
    const std::string id = target.name + "." + c.new_column + ":";
    const std::string t = quote_ident(table_now), n = quote_ident(c.new_column);
    const std::string what = c.old_column.empty()
                                 ? "fill " + c.new_column + " on insert"
                                 : "keep " + c.old_column + " and " + c.new_column + " in step";

    plan::Step expand = ctx.step(id + "expand", plan::Phase::Expand,
                                 "add column " + table_now + "." + c.new_column +
                                     " (nullable until the contract) and triggers that " + what);
    // No constraints yet: SQLite cannot add them in place; the contract's rebuild does.
    expand.up.push_back("ALTER TABLE " + t + " ADD COLUMN " + n + " " +
                        declared_type(c.target->type));
    for (auto& sql : dual_write_triggers(table_now, c))
        expand.up.push_back(sql);
    expand.down = drop_dual_write_triggers(table_now, c);
    for (auto& sql : resync_old_column(table_now, c))
        expand.down.push_back(sql);
    expand.down.push_back("ALTER TABLE " + t + " DROP COLUMN " + n);

    plan::Step fill = ctx.step(
        id + "backfill", plan::Phase::Backfill,
        "fill " + table_now + "." + c.new_column + " from " +
            (c.old_column.empty() ? "its backfill expression" : "the old column") + " in batches");
    fill.after = {expand.id};
    fill.hazards.push_back(
        {plan::HazardClass::LongRunning,
         "every row of " + table_now + " is updated, in " + plan::describe(ctx.options.batch)});
    plan::Backfill bf;
    std::string range = "(?1 IS NULL OR rowid > CAST(?1 AS integer)) AND rowid <= CAST(?2 AS "
                        "integer)";
    bf.table = table_now;
    bf.total_sql = "SELECT count(*) FROM " + t;
    bf.max_key_sql = "SELECT max(rowid) FROM " + t;
    bf.next_key_sql = "SELECT max(k), count(*) FROM (SELECT rowid AS k FROM " + t + " WHERE " +
                      range + " ORDER BY rowid LIMIT CAST(?3 AS integer))";
    // Rows a writer already gave a value keep it; the update triggers see the new column in
    // step with the old one and do nothing.
    bf.batch_sql = "UPDATE " + t + " SET " + n + " = (" + c.forward + ") WHERE " + range + " AND " +
                   n + " IS NULL";
    bf.policy = ctx.options.batch;
    fill.backfill = bf;

    std::vector<plan::Step> out = {expand, fill};
    auto checks = constraint_checks(ctx, table_now, target, c);
    if (!checks.empty()) {
        plan::Step validate = ctx.step(id + "validate", plan::Phase::Validate,
                                       "check that " + table_now + "." + c.new_column +
                                           " meets its constraints before the contract");
        validate.after = {fill.id};
        validate.checks = checks;
        out.push_back(validate);
    }
    return out;
}

} // namespace stepwise::sqlite
