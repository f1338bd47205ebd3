#include "dialects/postgres/pg_expr.h"
#include "dialects/postgres/pg_quote.h"
#include "dialects/postgres/pg_steps.h"
#include "dialects/postgres/pg_tombstone.h"

#include <algorithm>
#include <cctype>

namespace stepwise::postgres {

using plan::HazardClass;
using plan::Phase;

namespace {

// Calls whose value differs per row: a default with one rewrites the table when added.
bool volatile_default(const model::Expr& e) {
    static const char* names[] = {"random(",  "gen_random_uuid(",  "clock_timestamp(",
                                  "nextval(", "uuid_generate_v4(", "timeofday("};
    std::string lower = e.text;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    if (e.kind != model::Expr::Kind::Call && e.kind != model::Expr::Kind::Raw)
        return false;
    for (const char* n : names)
        if (lower.find(n) != std::string::npos)
            return true;
    return false;
}

std::string fill_function(const StepContext& ctx, const std::string& table,
                          const std::string& column) {
    return ctx.names.object(fit_identifier("_stepwise_fill_" + table + "_" + column));
}

} // namespace

std::vector<plan::Step> add_column_steps(const StepContext& ctx, const diff::AddColumn& c) {
    const model::Column& col = c.column;
    std::string prefix = c.table + "." + col.name;
    std::string t = alter_table(ctx, c.table);
    std::string cq = quote_ident(col.name);
    std::vector<plan::Step> out;

    // An identity column is filled for every row as it is added, so it needs no backfill.
    bool one_step = col.nullable || col.identity ||
                    (col.default_value && !volatile_default(*col.default_value));
    auto add = ctx.step(prefix + ":add", Phase::Expand, "add column " + prefix, "ACCESS EXCLUSIVE",
                        c.table);
    add.down = {t + "DROP COLUMN " + cq};
    if (one_step) {
        add.up = {t + "ADD COLUMN " + column_definition(ctx.names, col)};
        if (col.identity)
            add.hazards.push_back({HazardClass::TableRewrite,
                                   "an identity column fills every existing row: the table is "
                                   "rewritten under an ACCESS EXCLUSIVE lock"});
        if (col.default_value && volatile_default(*col.default_value))
            add.hazards.push_back({HazardClass::TableRewrite,
                                   "a volatile default is computed for every existing row: the "
                                   "table is rewritten under an ACCESS EXCLUSIVE lock"});
        if (!add.hazards.empty())
            add.hazards.push_back({HazardClass::BlockingLock,
                                   "reads and writes of " + c.table + " wait for the rewrite"});
        out.push_back(add);
        if (col.backfill)
            out.push_back(
                backfill_step(ctx, c.table, col.name, *col.backfill, prefix + ":backfill", false));
        if (col.backfill)
            out.back().after = {add.id};
        return out;
    }

    // Required column: nullable first, filled for old code by a trigger, backfilled, then
    // proven NOT NULL without a long lock.
    // A volatile default is set after the column exists, so existing rows are not rewritten.
    model::Column nullable = col;
    nullable.nullable = true;
    nullable.default_value.reset();
    add.up = {t + "ADD COLUMN " + column_definition(ctx.names, nullable)};
    if (col.default_value)
        add.up.push_back(t + "ALTER COLUMN " + cq + " SET DEFAULT " +
                         render_expr(*col.default_value));
    std::optional<model::Expr> fill = col.backfill ? col.backfill : col.default_value;
    if (fill && col.default_value) {
        out.push_back(add);
        for (auto& s : not_null_steps(ctx, c.table, col.name, fill, prefix, true)) {
            if (s.id == prefix + ":backfill")
                s.after.push_back(add.id);
            out.push_back(std::move(s));
        }
        return out;
    }
    if (fill) {
        std::string fn = fill_function(ctx, c.table, col.name);
        std::string trigger = quote_ident(fit_identifier("_stepwise_fill_" + col.name));
        std::string tag = "$stepwise_" + ctx.options.plan_id + "$";
        std::string create_fn =
            "CREATE FUNCTION " + fn + "() RETURNS trigger LANGUAGE plpgsql AS " + tag +
            " BEGIN IF NEW." + cq + " IS NULL THEN SELECT " + render_expr(*fill) + " INTO NEW." +
            cq + " FROM (SELECT NEW.*) AS _stepwise_row; END IF; RETURN NEW; END " + tag;
        std::string create_trigger = "CREATE TRIGGER " + trigger + " BEFORE INSERT ON " +
                                     ctx.table(c.table) + " FOR EACH ROW EXECUTE FUNCTION " + fn +
                                     "()";
        std::string drop_trigger =
            "DROP TRIGGER IF EXISTS " + trigger + " ON " + ctx.table(c.table);
        std::string drop_fn = "DROP FUNCTION IF EXISTS " + fn + "()";
        add.up.push_back(create_fn);
        add.up.push_back(create_trigger);
        add.down = {drop_trigger, drop_fn, t + "DROP COLUMN " + cq};
        add.summary += " (nullable first; a trigger fills it for code that does not write it)";

        auto done =
            ctx.step(prefix + ":drop_fill_trigger", Phase::Contract,
                     "remove the trigger that fills " + prefix, "SHARE ROW EXCLUSIVE", c.table);
        done.up = {drop_trigger, drop_fn};
        done.down = {create_fn, create_trigger};
        done.hazards = {
            {HazardClass::AppIncompatible,
             "code that inserts into " + c.table + " without " + col.name + " fails from here on"}};
        done.deploy_note = "deploy code that writes `" + col.name + "`";
        done.after = {prefix + ":set_not_null"};
        out.push_back(add);
        for (auto& s : not_null_steps(ctx, c.table, col.name, fill, prefix, false)) {
            if (s.id == prefix + ":backfill" || (!fill && s.id == prefix + ":check_not_null"))
                s.after.push_back(add.id);
            out.push_back(std::move(s));
        }
        out.push_back(done);
        return out;
    }
    add.hazards = {
        {HazardClass::AppIncompatible, "nothing fills " + col.name +
                                           " for existing rows (no default, no backfill): "
                                           "validation fails unless " +
                                           c.table + " is empty"}};
    out.push_back(add);
    for (auto& s : not_null_steps(ctx, c.table, col.name, std::nullopt, prefix, false)) {
        if (s.id == prefix + ":check_not_null")
            s.after.push_back(add.id);
        out.push_back(std::move(s));
    }
    return out;
}

std::vector<plan::Step> drop_column_steps(const StepContext& ctx, const diff::DropColumn& c) {
    const model::Column& col = c.column;
    std::string prefix = c.table + "." + col.name;
    std::string tomb = ctx.tombstone(col.name);
    std::string t = alter_table(ctx, c.table);
    auto s =
        ctx.step(prefix + ":drop", Phase::Contract,
                 "drop column " + prefix + " (kept as " + tomb + ")", "ACCESS EXCLUSIVE", c.table);
    s.up = {t + "RENAME COLUMN " + quote_ident(col.name) + " TO " + quote_ident(tomb)};
    std::vector<std::string> down;
    if (col.identity) {
        s.up.push_back(t + "ALTER COLUMN " + quote_ident(tomb) + " DROP IDENTITY");
        down.push_back(t + "ALTER COLUMN " + quote_ident(tomb) +
                       " ADD GENERATED BY DEFAULT AS IDENTITY");
        down.push_back("SELECT setval(pg_get_serial_sequence(" + quote_literal(ctx.table(c.table)) +
                       ", " + quote_literal(tomb) + "), coalesce(max(" + quote_ident(tomb) +
                       "), 0) + 1, false) FROM " + ctx.table(c.table));
    }
    if (!col.nullable) {
        s.up.push_back(t + "ALTER COLUMN " + quote_ident(tomb) + " DROP NOT NULL");
        down.insert(down.begin(), t + "ALTER COLUMN " + quote_ident(tomb) + " SET NOT NULL");
    }
    // Undo in reverse: restore the column's shape, then its name.
    s.down = down;
    s.down.push_back(t + "RENAME COLUMN " + quote_ident(tomb) + " TO " + quote_ident(col.name));
    s.hazards = {{HazardClass::AppIncompatible, "code that reads or writes " + prefix + " fails"},
                 {HazardClass::DataLoss,
                  "the values stay in " + tomb + " until `stepwise purge`, which deletes them"}};
    s.deploy_note = "deploy code that no longer uses `" + prefix + "`";
    return {s};
}

std::vector<plan::Step> rename_column_steps(const StepContext& ctx, const diff::RenameColumn& c) {
    std::string t = alter_table(ctx, c.table);
    auto s = ctx.step(c.table + "." + c.to + ":rename", Phase::Expand,
                      "rename column " + c.table + "." + c.from + " to " + c.to, "ACCESS EXCLUSIVE",
                      c.table);
    s.up = {t + "RENAME COLUMN " + quote_ident(c.from) + " TO " + quote_ident(c.to)};
    s.down = {t + "RENAME COLUMN " + quote_ident(c.to) + " TO " + quote_ident(c.from)};
    s.hazards = {{HazardClass::AppIncompatible,
                  "code that uses the old name " + c.from + " fails once the rename is done"}};
    s.deploy_note = "deploy code that uses " + c.table + "." + c.to + " right after this step";
    return {s};
}

std::vector<plan::Step> alter_column_steps(const StepContext& ctx, const diff::AlterColumn& c) {
    std::vector<plan::Step> out;
    std::string prefix = c.table + "." + c.to.name;
    std::string t = alter_table(ctx, c.table);
    std::string cq = quote_ident(c.to.name);
    std::string col = t + "ALTER COLUMN " + cq + " ";
    if (c.type)
        for (auto& s : type_change_steps(ctx, c))
            out.push_back(std::move(s));
    if (c.default_value && !c.type) {
        auto s = ctx.step(prefix + ":default", Phase::Expand, "change the default of " + prefix,
                          "ACCESS EXCLUSIVE", c.table);
        auto set = [&](const std::optional<model::Expr>& e) {
            return e ? col + "SET DEFAULT " + render_expr(*e) : col + "DROP DEFAULT";
        };
        s.up = {set(c.to.default_value)};
        s.down = {set(c.from.default_value)};
        out.push_back(s);
    }
    if (c.identity) {
        auto s = ctx.step(prefix + ":identity", Phase::Expand,
                          (c.to.identity ? "make " : "stop ") + prefix +
                              (c.to.identity ? " an identity column" : " being an identity"),
                          "ACCESS EXCLUSIVE", c.table);
        std::string add = col + "ADD GENERATED BY DEFAULT AS IDENTITY";
        std::string sync = "SELECT setval(pg_get_serial_sequence(" +
                           quote_literal(ctx.table(c.table)) + ", " + quote_literal(c.to.name) +
                           "), coalesce(max(" + cq + "), 0) + 1, false) FROM " + ctx.table(c.table);
        if (c.to.identity) {
            s.up = {add, sync};
            s.down = {col + "DROP IDENTITY"};
        } else {
            s.up = {col + "DROP IDENTITY"};
            s.down = {add, sync};
        }
        out.push_back(s);
    }
    if (c.collation && !c.type) {
        auto s = ctx.step(prefix + ":collation", Phase::Expand, "change the collation of " + prefix,
                          "ACCESS EXCLUSIVE", c.table);
        auto coll = [&](const model::Column& x) {
            return col + "TYPE " + ctx.names.type(x.type) +
                   (x.collation ? " COLLATE " + quote_ident(*x.collation) : " COLLATE \"default\"");
        };
        s.up = {coll(c.to)};
        s.down = {coll(c.from)};
        s.hazards = {{HazardClass::BlockingLock,
                      "indexes on " + prefix + " are rebuilt under an ACCESS EXCLUSIVE lock"}};
        out.push_back(s);
    }
    if (c.nullability) {
        if (c.to.nullable) {
            auto s = ctx.step(prefix + ":drop_not_null", Phase::Expand, "allow NULL in " + prefix,
                              "ACCESS EXCLUSIVE", c.table);
            s.up = {col + "DROP NOT NULL"};
            s.down = {col + "SET NOT NULL"};
            out.push_back(s);
        } else {
            std::string type_id = prefix + ":type";
            for (auto& s : not_null_steps(ctx, c.table, c.to.name, c.to.backfill, prefix, true)) {
                if (c.type)
                    s.after.push_back(type_id);
                out.push_back(std::move(s));
            }
        }
    }
    if (c.comment) {
        auto s = ctx.step(prefix + ":comment", Phase::Expand, "set the comment of " + prefix,
                          "SHARE UPDATE EXCLUSIVE", c.table);
        std::string target = "COMMENT ON COLUMN " + ctx.table(c.table) + "." + cq + " IS ";
        s.up = {target + comment_literal(c.to.comment)};
        s.down = {target + comment_literal(c.from.comment)};
        out.push_back(s);
    }
    return out;
}

} // namespace stepwise::postgres
