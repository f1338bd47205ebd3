#include "dialects/postgres/pg_dual_write.h"

#include "dialects/postgres/pg_dual_write_objects.h"
#include "dialects/postgres/pg_expr.h"
#include "dialects/postgres/pg_quote.h"
#include "dialects/postgres/pg_tombstone.h"
#include "dialects/postgres/pg_types.h"

#include <algorithm>
#include <cctype>
#include <utility>

namespace stepwise::postgres {

using plan::HazardClass;
using plan::Phase;

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    return s;
}

bool contains(const std::vector<std::string>& names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

// Whether an index, key, check or foreign key of `t` names `column`.
bool constrained(const model::Table& t, const std::string& column) {
    if (t.primary_key && contains(t.primary_key->columns, column))
        return true;
    for (const auto& u : t.uniques)
        if (contains(u.columns, column))
            return true;
    for (const auto& fk : t.foreign_keys)
        if (contains(fk.columns, column))
            return true;
    for (const auto& c : t.checks)
        if (mentions_column(c.expr.text, column))
            return true;
    for (const auto& i : t.indexes) {
        if (i.where && mentions_column(i.where->text, column))
            return true;
        for (const auto& p : i.parts)
            if (p.column == column || (p.expr && mentions_column(p.expr->text, column)))
                return true;
    }
    return false;
}

// Why `t`.`column` cannot be on two columns at once: it is in the primary key, or a foreign
// key (of any table of `cat`) points at it. Empty when neither.
std::string pinned(const model::Catalog& cat, const model::Table& t, const std::string& column) {
    if (t.primary_key && contains(t.primary_key->columns, column))
        return t.name + "." + column +
               " is in the primary key: a table has one, so it cannot cover the old and the new "
               "column during the window, and moving it takes an ACCESS EXCLUSIVE lock and every "
               "foreign key that points at it";
    for (const auto& other : cat.tables)
        for (const auto& fk : other.foreign_keys)
            if (fk.ref_table == t.name && contains(fk.ref_columns, column))
                return "foreign key " + fk.name + " of " + other.name + " references " + t.name +
                       "." + column +
                       ": a key points at one column, so it cannot follow both "
                       "during the window";
    return "";
}

// Whether an object of `to` that names `column` also names another column this plan renames:
// its copy would need both new columns, which two swaps make at different times.
bool shares_a_rename(const model::Table& from, const model::Table& to, const std::string& column) {
    for (const auto& other : to.columns) {
        if (other.name == column || !other.renamed_from || *other.renamed_from == other.name ||
            !from.find_column(*other.renamed_from) || from.find_column(other.name))
            continue;
        for (const auto& c : to.checks)
            if (mentions_column(c.expr.text, column) && mentions_column(c.expr.text, other.name))
                return true;
        auto both = [&](const std::vector<std::string>& cols) {
            return contains(cols, column) && contains(cols, other.name);
        };
        for (const auto& u : to.uniques)
            if (both(u.columns))
                return true;
        for (const auto& k : to.foreign_keys)
            if (both(k.columns))
                return true;
        for (const auto& i : to.indexes) {
            model::Table one;
            one.indexes = {i};
            if (constrained(one, column) && constrained(one, other.name))
                return true;
        }
    }
    return false;
}

// The SQL names of the window: the table, both columns and the helper objects.
struct Window {
    std::string table;    // qualified, quoted
    std::string old_col;  // unquoted
    std::string new_col;  // unquoted
    std::string trigger;  // quoted
    std::string function; // qualified, quoted
    std::string tag;      // dollar-quote tag of the function body
};

Window window_of(const StepContext& ctx, const ColumnSwap& s) {
    Window w;
    w.table = ctx.table(s.table);
    w.old_col = s.from.name;
    w.new_col = window_name(s);
    w.trigger = quote_ident(fit_identifier("_stepwise_dw_" + s.to.name));
    w.function = ctx.names.object(fit_identifier("_stepwise_dw_" + s.table + "_" + s.to.name));
    w.tag = "$stepwise_" + ctx.options.plan_id + "$";
    return w;
}

// `expr` evaluated over one row of `alias` whose columns are visible under the names given
// (physical name, visible name): hint expressions name columns as the user wrote them.
std::string over_row(const model::Expr& expr, const std::string& alias,
                     const std::vector<std::pair<std::string, std::string>>& columns) {
    // Only the columns the expression may name: a column soft-dropped by the same plan must
    // not be read by a trigger that outlives it.
    std::string list;
    for (const auto& [physical, visible] : columns)
        if (mentions_column(expr.text, visible))
            list += (list.empty() ? "" : ", ") + alias + "." + quote_ident(physical) + " AS " +
                    quote_ident(visible);
    if (list.empty())
        return "(" + render_expr(expr) + ")";
    return "(SELECT " + render_expr(expr) + " FROM (SELECT " + list + ") AS _stepwise_row)";
}

// Old value to new (`using`, else the column itself or a cast), over the row `alias`.
std::string forward_sql(const StepContext& ctx, const ColumnSwap& s, const std::string& alias) {
    const Window w = window_of(ctx, s);
    if (s.to.using_expr) {
        std::vector<std::pair<std::string, std::string>> cols;
        for (const auto& c : ctx.from.find_table(s.from_table)->columns)
            cols.emplace_back(c.name, c.name);
        return over_row(*s.to.using_expr, alias, cols);
    }
    std::string value = alias + "." + quote_ident(w.old_col);
    if (s.from.type == s.to.type)
        return value;
    return "CAST(" + value + " AS " + ctx.names.type(s.to.type) + ")";
}

// New value to old (`down using`, written against the new shape), over the row `alias`.
std::string reverse_sql(const StepContext& ctx, const ColumnSwap& s, const std::string& alias) {
    const Window w = window_of(ctx, s);
    if (s.to.down_using) {
        std::vector<std::pair<std::string, std::string>> cols;
        for (const auto& c : ctx.from.find_table(s.from_table)->columns)
            if (c.name != s.from.name)
                cols.emplace_back(c.name, c.name);
        cols.emplace_back(w.new_col, s.to.name);
        return over_row(*s.to.down_using, alias, cols);
    }
    std::string value = alias + "." + quote_ident(w.new_col);
    if (s.from.type == s.to.type)
        return value;
    return "CAST(" + value + " AS " + ctx.names.type(s.from.type) + ")";
}

// `a IS DISTINCT FROM b` for values of `type`; json has no equality operator, so its values
// compare by their text (the spelling json keeps).
std::string distinct(const std::string& a, const std::string& b, const model::Type& type) {
    if (type.kind == model::TypeKind::Json)
        return "(" + a + ")::text IS DISTINCT FROM (" + b + ")::text";
    return a + " IS DISTINCT FROM " + b;
}

// On INSERT the new column wins when it was given (it has no default during the window, so
// NULL means old code wrote the row). On UPDATE the side that changed wins, the new one when
// both did; a new value already equal to the forward conversion of the old one (the backfill)
// leaves the old column alone, so a lossy round trip never rewrites old data.
std::vector<std::string> trigger_sql(const StepContext& ctx, const ColumnSwap& s) {
    const Window w = window_of(ctx, s);
    std::string o = "NEW." + quote_ident(w.old_col), n = "NEW." + quote_ident(w.new_col);
    std::string fwd = forward_sql(ctx, s, "NEW"), rev = reverse_sql(ctx, s, "NEW");
    std::string body = " BEGIN IF TG_OP = 'INSERT' THEN IF " + n + " IS NOT NULL THEN " + o +
                       " := " + rev + "; ELSE " + n + " := " + fwd + "; END IF; ELSIF " +
                       distinct(n, "OLD." + quote_ident(w.new_col), s.to.type) + " THEN IF " +
                       distinct(n, fwd, s.to.type) + " THEN " + o + " := " + rev +
                       "; END IF; ELSIF " +
                       distinct(o, "OLD." + quote_ident(w.old_col), s.from.type) + " THEN " + n +
                       " := " + fwd + "; END IF; RETURN NEW; END ";
    return {"CREATE FUNCTION " + w.function + "() RETURNS trigger LANGUAGE plpgsql AS " + w.tag +
                body + w.tag,
            "CREATE TRIGGER " + w.trigger + " BEFORE INSERT OR UPDATE ON " + w.table +
                " FOR EACH ROW EXECUTE FUNCTION " + w.function + "()"};
}

std::vector<std::string> drop_trigger_sql(const Window& w) {
    return {"DROP TRIGGER IF EXISTS " + w.trigger + " ON " + w.table,
            "DROP FUNCTION IF EXISTS " + w.function + "()"};
}

} // namespace

std::string window_name(const ColumnSwap& swap) {
    if (swap.to.name != swap.from.name)
        return swap.to.name;
    return fit_identifier("_stepwise_new_" + swap.to.name);
}

bool mentions_column(const std::string& sql, const std::string& column) {
    // A name holding a double quote is only ever written quoted, its quote doubled.
    if (sql.find(quote_ident(column)) != std::string::npos)
        return true;
    std::string text = lower(sql), word = lower(column);
    auto is_word = [](char ch) {
        return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' ||
               static_cast<unsigned char>(ch) >= 0x80;
    };
    for (size_t at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) {
        bool left = at == 0 || !is_word(text[at - 1]);
        size_t end = at + word.size();
        bool right = end >= text.size() || !is_word(text[end]);
        if (left && right)
            return true;
    }
    return false;
}

std::string in_place_reason(const StepContext& ctx, const ColumnSwap& swap) {
    if (swap.from.identity || swap.to.identity)
        return swap.table + "." + swap.to.name +
               " is an identity column (its sequence belongs "
               "to the column)";
    // NULLs made NOT NULL by a `backfill` hint need a second fill; the in-place path has it.
    if (swap.from.nullable && !swap.to.nullable && swap.to.backfill)
        return "its NULLs are filled by a `backfill` hint";
    const model::Table* from = ctx.from.find_table(swap.from_table);
    const model::Table* to = ctx.to.find_table(swap.table);
    if (!from || !to)
        return "the table is not in both catalogs";
    for (auto why : {pinned(ctx.from, *from, swap.from.name), pinned(ctx.to, *to, swap.to.name)})
        if (!why.empty())
            return why;
    // The copies name the new column by its final name, which a type change under the same
    // name only gives it in the contract.
    if (swap.from.name == swap.to.name &&
        (constrained(*from, swap.from.name) || constrained(*to, swap.to.name)))
        return "an index, key, check or foreign key names " + swap.table + "." + swap.to.name;
    if (shares_a_rename(*from, *to, swap.to.name))
        return "an index or constraint names " + swap.table + "." + swap.to.name +
               " and another column this plan renames";
    return "";
}

std::vector<plan::Step> column_swap_steps(const StepContext& ctx, const ColumnSwap& s) {
    const Window w = window_of(ctx, s);
    const std::string prefix = s.table + "." + s.to.name;
    const std::string t = alter_table(ctx, s.table);
    const bool renamed = s.from.name != s.to.name;
    const std::string what = renamed
                                 ? "rename " + s.table + "." + s.from.name + " to " + s.to.name
                                 : "change the type of " + prefix + " to " + render_type(s.to.type);
    std::vector<plan::Step> out;

    // Expand: the new column bare (nullable, no default: NULL on insert says old code wrote
    // the row), and the trigger that keeps both columns equal.
    model::Column bare = s.to;
    bare.name = w.new_col;
    bare.nullable = true;
    bare.default_value.reset();
    bare.identity = false;
    auto expand =
        ctx.step(prefix + ":expand", Phase::Expand,
                 what + ": add " + w.new_col + " beside " + s.from.name + ", a trigger writes both",
                 "ACCESS EXCLUSIVE", s.table);
    expand.up = {t + "ADD COLUMN " + column_definition(ctx.names, bare)};
    for (auto& sql : trigger_sql(ctx, s))
        expand.up.push_back(sql);
    // The trigger kept the old column up to date, so dropping the new one loses nothing.
    expand.down = drop_trigger_sql(w);
    expand.down.push_back(t + "DROP COLUMN " + quote_ident(w.new_col));
    out.push_back(expand);

    // Backfill the rows written before the trigger existed (the new column is NULL there).
    model::Expr fill;
    fill.kind = model::Expr::Kind::Raw;
    fill.text = forward_sql(ctx, s, ctx.table(s.table));
    auto backfill = backfill_step(ctx, s.table, w.new_col, fill, prefix + ":backfill", true);
    backfill.summary = "copy " + s.table + "." + s.from.name + " into " + w.new_col;
    backfill.after = {expand.id};
    out.push_back(backfill);

    std::string last = backfill.id;
    ObjectCopies copies = copy_objects(ctx, s, backfill.id);
    for (auto& step : copies.steps)
        out.push_back(std::move(step));
    if (!s.to.nullable)
        for (auto& step : not_null_steps(ctx, s.table, w.new_col, std::nullopt, prefix, false)) {
            if (step.id == prefix + ":check_not_null")
                step.after.push_back(backfill.id);
            last = step.id;
            out.push_back(std::move(step));
        }

    // Contract: the old column leaves (soft), the new one takes its final name and default.
    std::string tomb = ctx.tombstone(s.from.name);
    auto contract = ctx.step(prefix + ":contract", Phase::Contract,
                             what + ": drop the trigger, keep " + s.from.name + " as " + tomb,
                             "ACCESS EXCLUSIVE", s.table);
    std::string final_col = "ALTER COLUMN " + quote_ident(s.to.name) + " ";
    contract.up = drop_trigger_sql(w);
    contract.up.push_back(t + "RENAME COLUMN " + quote_ident(s.from.name) + " TO " +
                          quote_ident(tomb));
    if (!s.from.nullable)
        contract.up.push_back(t + "ALTER COLUMN " + quote_ident(tomb) + " DROP NOT NULL");
    if (!renamed)
        contract.up.push_back(t + "RENAME COLUMN " + quote_ident(w.new_col) + " TO " +
                              quote_ident(s.to.name));
    contract.up.insert(contract.up.end(), copies.up.begin(), copies.up.end());
    if (s.to.default_value)
        contract.up.push_back(t + final_col + "SET DEFAULT " + render_expr(*s.to.default_value));
    if (s.to.comment)
        contract.up.push_back("COMMENT ON COLUMN " + w.table + "." + quote_ident(s.to.name) +
                              " IS " + comment_literal(s.to.comment));

    // The down brings the old column back, copies in what new code wrote since the contract
    // (before the trigger is back, so the copy is not echoed), then restores the trigger.
    contract.down = copies.down_head;
    if (s.to.default_value)
        contract.down.push_back(t + final_col + "DROP DEFAULT");
    if (!renamed)
        contract.down.push_back(t + "RENAME COLUMN " + quote_ident(s.to.name) + " TO " +
                                quote_ident(w.new_col));
    contract.down.push_back(t + "RENAME COLUMN " + quote_ident(tomb) + " TO " +
                            quote_ident(s.from.name));
    // Only rows whose new value the old one no longer converts to (the trigger's rule), so
    // values that do not survive a round trip are not rewritten.
    contract.down.push_back("UPDATE " + w.table + " AS _stepwise_t SET " +
                            quote_ident(s.from.name) + " = " + reverse_sql(ctx, s, "_stepwise_t") +
                            " WHERE " +
                            distinct("_stepwise_t." + quote_ident(w.new_col),
                                     forward_sql(ctx, s, "_stepwise_t"), s.to.type));
    if (!s.from.nullable)
        contract.down.push_back(t + "ALTER COLUMN " + quote_ident(s.from.name) + " SET NOT NULL");
    contract.down.insert(contract.down.end(), copies.down_tail.begin(), copies.down_tail.end());
    for (auto& sql : trigger_sql(ctx, s))
        contract.down.push_back(sql);
    contract.after = {last};
    contract.after.insert(contract.after.end(), copies.last.begin(), copies.last.end());
    contract.hazards = {{HazardClass::AppIncompatible,
                         "old code breaks here: code that still uses " + s.table + "." +
                             s.from.name + (renamed ? "" : " as " + render_type(s.from.type)) +
                             " fails once the old column is gone"}};
    contract.deploy_note = "deploy code that writes `" + s.to.name + "`" +
                           (renamed ? "" : " as " + render_type(s.to.type));
    out.push_back(contract);
    return out;
}

} // namespace stepwise::postgres
