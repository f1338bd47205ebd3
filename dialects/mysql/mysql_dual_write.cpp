// Expand/contract for a column that running code notices changing: a rename, or a type
// change with `using`. The change moves through a second column; BEFORE INSERT and BEFORE
// UPDATE triggers keep the two in step in both directions (MariaDB triggers cannot UPDATE
// their own table, so they SET NEW.<other>), so code that knows only the old column and
// code that knows only the new one both work until the contract step.

#include "dialects/mysql/mysql_expr.h"
#include "dialects/mysql/mysql_quote.h"
#include "dialects/mysql/mysql_resumable.h"
#include "dialects/mysql/mysql_steps.h"

#include <algorithm>
#include <cctype>
#include <tuple>

namespace stepwise::mysql {

namespace {

// `c` named `name`, nullable, with nothing that could refuse a row: what a column is while
// both shapes write to the table.
model::Column loose(model::Column c, const std::string& name) {
    c.name = name;
    c.nullable = true;
    c.default_value.reset();
    c.identity = false;
    c.comment.reset();
    return c;
}

bool same_name(const std::string& a, const std::string& b) {
    // MySQL column names compare without case.
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

bool has_column(const std::vector<std::string>& columns, const std::string& name) {
    return std::any_of(columns.begin(), columns.end(),
                       [&name](const std::string& c) { return same_name(c, name); });
}

// Whether `name` appears in `text` as a whole word (an expression that may read the column).
bool mentions(const std::string& text, const std::string& name) {
    auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
    for (size_t i = 0; i + name.size() <= text.size(); ++i) {
        if (!same_name(text.substr(i, name.size()), name))
            continue;
        bool starts = i == 0 || !word(text[i - 1]);
        bool ends = i + name.size() == text.size() || !word(text[i + name.size()]);
        if (starts && ends)
            return true;
    }
    return false;
}

// The target table of the current table `table` (a table rename runs before).
const model::Table* target_of(const StepContext& ctx, const std::string& table) {
    for (const auto& t : ctx.to.tables)
        if (t.renamed_from ? same_name(*t.renamed_from, table) && !ctx.from.find_table(t.name)
                           : same_name(t.name, table))
            return &t;
    return ctx.to.find_table(table);
}

bool index_names(const model::Index& i, const std::string& name) {
    for (const auto& p : i.parts)
        if (same_name(p.column, name) || (p.expr && mentions(p.expr->text, name)))
            return true;
    return false;
}

// An index or unique key of the target table: "UNIQUE INDEX `n` (...)" for a copy named `as`,
// with the column `column` (as the target names it) read as `on` (the second column).
std::string target_clause(const model::Table& target, const std::string& name,
                          const std::string& as, bool if_not_exists = false,
                          const std::string& column = "", const std::string& on = "") {
    auto moved = [&](std::string& c) {
        if (!column.empty() && same_name(c, column))
            c = on;
    };
    for (auto i : target.indexes)
        if (i.name == name) {
            i.name = as;
            for (auto& p : i.parts)
                moved(p.column);
            return index_clause(i, if_not_exists);
        }
    for (auto u : target.uniques)
        if (u.name == name) {
            u.name = as;
            for (auto& c : u.columns)
                moved(c);
            return unique_clause(u, if_not_exists);
        }
    return "";
}

// Whether a copy of the target's unique key `name` on the second column (`to`) would hold
// whole-column text (a MariaDB "long unique").
bool long_unique(const model::Table& target, const std::string& name, const model::Column& to) {
    auto text = [](const model::Type& t) {
        return t.kind == model::TypeKind::Text || t.kind == model::TypeKind::Bytes ||
               t.kind == model::TypeKind::Json || t.kind == model::TypeKind::Jsonb;
    };
    for (const auto& u : target.uniques)
        if (u.name == name)
            return has_column(u.columns, to.name) && text(to.type);
    for (const auto& i : target.indexes)
        if (i.name == name && i.unique)
            for (const auto& p : i.parts)
                if (same_name(p.column, to.name) && text(to.type))
                    return true;
    return false;
}

// The columns of the index or unique key `name`, in order, with `column` read as `as`
// (an expression part only as one), and whether it is unique: what a copy is built on.
std::vector<std::string> key_columns(const model::Table& t, const std::string& name,
                                     const std::string& column = "", const std::string& as = "") {
    std::vector<std::string> out;
    auto put = [&](const std::string& c) {
        std::string lower;
        for (char ch : !column.empty() && same_name(c, column) ? as : c)
            lower += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        out.push_back(lower);
    };
    for (const auto& i : t.indexes)
        if (i.name == name) {
            out.push_back(i.unique ? "unique" : "index");
            for (const auto& p : i.parts)
                p.expr ? out.push_back("(expression)") : put(p.column);
        }
    for (const auto& u : t.uniques)
        if (u.name == name) {
            out.push_back("unique");
            for (const auto& c : u.columns)
                put(c);
        }
    return out;
}

// Whether the index `name` of the current table names the column `column` in an expression
// (a prefix part), which a copy could not move onto a shadow column.
bool in_expression(const model::Table& now, const std::string& name, const std::string& column) {
    for (const auto& i : now.indexes)
        if (i.name == name)
            for (const auto& p : i.parts)
                if (p.expr && mentions(p.expr->text, column))
                    return true;
    return false;
}

// Whether the target's index or unique key `name` can be copied onto the second column of
// `column`: it exists under the same name (the move only carries it), names no other column
// that moves (its copy would need two second columns that two moves make at different times)
// and, for a conversion in place, names the column in no expression.
bool copyable(const StepContext& ctx, const std::string& table, const std::string& column,
              const std::string& name) {
    const model::Table* target = target_of(ctx, table);
    const model::Table* now = ctx.from.find_table(table);
    if (!target || !now || target_clause(*target, name, name).empty())
        return false;
    // A key the plan also changes (drops and re-adds under its name) is not copied.
    std::string to_name = column;
    for (const auto& c : target->columns)
        if (c.renamed_from && same_name(*c.renamed_from, column) && !now->find_column(c.name))
            to_name = c.name;
    if (key_columns(*now, name, column, to_name) != key_columns(*target, name))
        return false;
    // MariaDB keeps a unique key over whole text in a hidden virtual column, and then neither
    // builds the copy nor swaps the columns in place (error 1846): such a key stays.
    const model::Column* moved = target->find_column(to_name);
    if (moved && long_unique(*target, name, *moved))
        return false;
    for (const auto& c : target->columns) {
        if (!c.renamed_from || same_name(*c.renamed_from, c.name) ||
            same_name(*c.renamed_from, column) || !now->find_column(*c.renamed_from) ||
            now->find_column(c.name))
            continue;
        for (const auto& i : now->indexes)
            if (i.name == name && index_names(i, *c.renamed_from))
                return false;
        for (const auto& u : now->uniques)
            if (u.name == name && has_column(u.columns, *c.renamed_from))
                return false;
    }
    for (const auto& c : target->columns) {
        std::string was =
            c.renamed_from && now->find_column(*c.renamed_from) && !now->find_column(c.name)
                ? *c.renamed_from
                : c.name;
        const model::Column* old = now->find_column(was);
        if (!c.using_expr || !old || old->type == c.type)
            continue;
        if (same_name(was, column)) {
            if (same_name(c.name, was) && in_expression(*now, name, column))
                return false;
            continue;
        }
        for (const auto& i : now->indexes)
            if (i.name == name && index_names(i, was))
                return false;
        for (const auto& u : now->uniques)
            if (u.name == name && has_column(u.columns, was))
                return false;
    }
    return true;
}

// The current table's indexes and unique keys that name `name`, by name.
std::vector<std::string> indexes_naming(const model::Table& now, const std::string& name) {
    std::vector<std::string> out;
    for (const auto& u : now.uniques)
        if (has_column(u.columns, name))
            out.push_back(u.name);
    for (const auto& i : now.indexes)
        if (index_names(i, name))
            out.push_back(i.name);
    return out;
}

// What keeps a second column from standing in for `name`: keys, indexes, checks and
// references would have to be rebuilt on it. With `copies` indexes and unique keys do not:
// the second column gets copies of them (built INPLACE, LOCK=NONE).
// Checks and foreign keys do: MariaDB has no NOT VALID, so a copy is checked against every
// row under a table copy, and no RENAME CONSTRAINT to give it its name in the contract. None
// blocks (but the primary key) when `kept_in`, the target table of a conversion in place,
// drops it: the compiler drops it before the swap (mysql_compile.cpp), so it is never needed
// on the second column.
std::string keyed(const StepContext& ctx, const std::string& table, const std::string& name,
                  bool copies, const model::Table* kept_in = nullptr) {
    auto dropped = [kept_in](const auto& target_list, const std::string& object) {
        if (!kept_in)
            return false;
        for (const auto& x : target_list)
            if (x.name == object)
                return false;
        return true;
    };
    const model::Table* now = ctx.from.find_table(table);
    if (!now)
        return "";
    if (now->primary_key && has_column(now->primary_key->columns, name))
        return "it is in the primary key (a table has one, so it cannot be on both columns "
               "during the window)";
    for (const auto& u : now->uniques)
        if (has_column(u.columns, name) && !(copies && copyable(ctx, table, name, u.name)) &&
            !(kept_in && dropped(kept_in->uniques, u.name)))
            return "it is in the unique constraint " + u.name;
    for (const auto& i : now->indexes)
        if (index_names(i, name) && !(copies && copyable(ctx, table, name, i.name)) &&
            !(kept_in && dropped(kept_in->indexes, i.name)))
            return "it is in the index " + i.name;
    for (const auto& f : now->foreign_keys)
        if (has_column(f.columns, name) && !(kept_in && dropped(kept_in->foreign_keys, f.name)) &&
            !(kept_in && released_key(ctx, table, f)))
            return "it is in the foreign key " + f.name +
                   " (MariaDB cannot add a copy unvalidated nor rename one)";
    for (const auto& c : now->checks)
        if (mentions(c.expr.text, name) && !(kept_in && dropped(kept_in->checks, c.name)))
            return "the check " + c.name +
                   " reads it (MariaDB cannot add a copy unvalidated nor rename one)";
    // A key of another table that the plan drops goes before a conversion in place (it is
    // dropped before the swap, mysql_compile.cpp).
    for (const auto& other : ctx.from.tables)
        for (const auto& f : other.foreign_keys) {
            if (f.ref_table != table || !has_column(f.ref_columns, name))
                continue;
            const model::Table* child = kept_in ? target_of(ctx, other.name) : nullptr;
            if (child && (dropped(child->foreign_keys, f.name) || released_key(ctx, other.name, f)))
                continue;
            return "the foreign key " + f.name + " of " + other.name +
                   " references it (a key points at one column)";
        }
    return "";
}

} // namespace

bool released_key(const StepContext& ctx, const std::string& child, const model::ForeignKey& key) {
    const model::Table* child_to = ctx.to.find_table(child);
    const model::Table* parent_to = ctx.to.find_table(key.ref_table);
    const model::Table* child_now = ctx.from.find_table(child);
    const model::Table* parent_now = ctx.from.find_table(key.ref_table);
    if (!child_to || !parent_to || !child_now || !parent_now || child_to->renamed_from ||
        parent_to->renamed_from)
        return false;
    const model::ForeignKey* kept = nullptr;
    for (const auto& k : child_to->foreign_keys)
        if (k.name == key.name)
            kept = &k;
    auto same = [](const std::vector<std::string>& a, const std::vector<std::string>& b) {
        return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), same_name);
    };
    if (!kept || !same_name(kept->ref_table, key.ref_table) || !same(kept->columns, key.columns) ||
        !same(kept->ref_columns, key.ref_columns))
        return false;
    bool converted = false;
    for (const auto& [now, to, columns] :
         {std::make_tuple(child_now, child_to, &key.columns),
          std::make_tuple(parent_now, parent_to, &key.ref_columns)})
        for (const auto& name : *columns) {
            const model::Column* a = now->find_column(name);
            const model::Column* b = to->find_column(name);
            if (!a || !b)
                return false;
            converted = converted || (a->type != b->type && b->using_expr);
        }
    return converted;
}

namespace {

std::string expression(const model::Expr& e) {
    return e.kind == model::Expr::Kind::Raw || e.kind == model::Expr::Kind::Call ? e.text
                                                                                 : render_expr(e);
}

} // namespace

std::string dual_write_blocker(const StepContext& ctx, const std::string& table,
                               const model::Column& from, const diff::AlterColumn* alter) {
    if (from.identity)
        return "it is AUTO_INCREMENT";
    // Indexes and unique keys get copies on the second column (a type change without `using`
    // is refused below anyway).
    const model::Table* in_place = nullptr;
    if (alter && alter->type && alter->to.name == from.name)
        in_place = ctx.to.find_table(alter->table);
    std::string why = keyed(ctx, table, from.name, true, in_place);
    if (!why.empty() || !alter)
        return why;
    if (alter->type && !alter->to.using_expr)
        return "its type changes without `using`";
    if (alter->collation)
        return "its collation changes";
    if (alter->identity)
        return "its AUTO_INCREMENT changes";
    if (alter->nullability && !alter->to.nullable)
        return "it becomes NOT NULL";
    return "";
}

std::vector<plan::Step> dual_write_steps(const StepContext& ctx, const std::string& table,
                                         const model::Table& target, const ColumnMove& move) {
    const model::Column& from = move.from;
    const model::Column& to = move.to;
    bool renamed = from.name != to.name;
    bool converted = to.using_expr.has_value();
    std::string id = target.name + "." + to.name;
    if (std::string why =
            keyed(ctx, table, from.name, true, converted && !renamed ? &target : nullptr);
        !why.empty()) {
        std::string what = "drop it in this plan, or drop the `using` hint (the type then "
                           "changes by a MODIFY that copies the table)";
        if (why.find("foreign key") != std::string::npos)
            what = "drop the key in this plan and add it back in the next one, or drop the "
                   "`using` hint: the type then changes by a MODIFY that copies the table, with "
                   "the key dropped before it and added back after it, so both sides of the key "
                   "must end with the same type (change both in the same plan)";
        if (renamed)
            what += "; or take two plans: the rename alone (`renamed from`, no new type) first, "
                    "then the type change";
        throw plan::PlanError("mysql: " + id +
                              ": a type change with `using` is not supported when " + why + "; " +
                              what);
    }

    // The second column: the new name itself for a rename, a shadow swapped in at the end for
    // a conversion in place.
    std::string next = renamed ? to.name : fit_name("_stepwise_new_" + from.name);
    std::string tomb = ctx.tombstone(from.name);
    std::string t = quote_ident(table);
    std::string old_q = quote_ident(from.name), next_q = quote_ident(next);
    std::string ins = quote_ident(fit_name("_stepwise_dw_ins_" + table + "_" + from.name));
    std::string upd = quote_ident(fit_name("_stepwise_dw_upd_" + table + "_" + from.name));

    // `using` reads the old shape, `down using` the new one (docs/dsl.md); both are
    // rewritten to the columns as they are named while the two shapes live side by side.
    std::map<std::string, std::string> old_names, new_names = move.now_names;
    if (const model::Table* now = ctx.from.find_table(table))
        for (const auto& c : now->columns)
            old_names[c.name] = c.name;
    old_names[from.name] = from.name;
    new_names[to.name] = next;
    auto forward = [&](const std::string& row) {
        return converted ? "(" + on_row(expression(*to.using_expr), old_names, row) + ")"
                         : row + old_q;
    };
    std::string reverse_none;
    auto reverse = [&](const std::string& row) {
        if (to.down_using)
            return "(" + on_row(expression(*to.down_using), new_names, row) + ")";
        return converted ? reverse_none : row + next_q;
    };
    bool both_ways = !reverse("").empty();

    // On INSERT the new column wins when it was written; on UPDATE the side that changed wins
    // (the new one when both did). A new value that already matches the old one leaves the
    // old one alone, so the backfill's own writes do not round-trip through `down using`.
    std::string N = "NEW." + next_q, O = "NEW." + old_q;
    std::string ins_body, upd_body;
    if (both_ways) {
        ins_body = "BEGIN IF " + N + " IS NULL THEN SET " + N + " = " + forward("NEW.") +
                   "; ELSEIF NOT (" + N + " <=> " + forward("NEW.") + ") THEN SET " + O + " = " +
                   reverse("NEW.") + "; END IF; END";
        upd_body = "BEGIN IF NOT (" + N + " <=> OLD." + next_q + ") THEN IF NOT (" + N + " <=> " +
                   forward("NEW.") + ") THEN SET " + O + " = " + reverse("NEW.") +
                   "; END IF; ELSEIF NOT (" + O + " <=> OLD." + old_q + ") THEN SET " + N + " = " +
                   forward("NEW.") + "; END IF; END";
    } else {
        ins_body =
            "BEGIN IF " + N + " IS NULL THEN SET " + N + " = " + forward("NEW.") + "; END IF; END";
        upd_body = "BEGIN IF " + N + " <=> OLD." + next_q + " AND NOT (" + O + " <=> OLD." + old_q +
                   ") THEN SET " + N + " = " + forward("NEW.") + "; END IF; END";
    }
    std::vector<std::string> drop_triggers = {"DROP TRIGGER IF EXISTS " + ins,
                                              "DROP TRIGGER IF EXISTS " + upd};
    std::vector<std::string> triggers = drop_triggers;
    triggers.push_back(create_trigger(ctx) + ins + " BEFORE INSERT ON " + t + " FOR EACH ROW " +
                       ins_body);
    triggers.push_back(create_trigger(ctx) + upd + " BEFORE UPDATE ON " + t + " FOR EACH ROW " +
                       upd_body);

    plan::Step expand =
        ctx.step(id + ":shadow", plan::Phase::Expand,
                 renamed ? "add " + to.name + " beside " + from.name + ", kept in step both ways"
                         : "add " + next + " to convert " + id,
                 table);
    for (auto& stmt : enum_registry(target.name, to))
        expand.up.push_back(stmt);
    expand.up.push_back(alter(table,
                              "ADD COLUMN " + ctx.if_not_exists() +
                                  column_definition(ctx.to_ddl(), loose(to, next)) + " AFTER " +
                                  old_q,
                              Algorithm::Instant));
    expand.up.insert(expand.up.end(), triggers.begin(), triggers.end());
    // Until the contract the triggers wrote every new-shape value into the old column too, so
    // dropping the second column loses nothing.
    expand.down = drop_triggers;
    expand.down.push_back(
        alter(table, "DROP COLUMN " + ctx.if_exists() + next_q, Algorithm::Inplace));
    if (!both_ways)
        expand.hazards.push_back({plan::HazardClass::AppIncompatible,
                                  "without `down using`, rows written only through " + next +
                                      " have no value in " + from.name});

    plan::Step fill = ctx.step(id + (converted ? ":convert" : ":copy"), plan::Phase::Backfill,
                               (converted ? "convert " : "copy ") + target.name + "." + from.name +
                                   " into " + next,
                               table);
    fill.after.push_back(expand.id);
    const model::Table* walked = ctx.from.find_table(table);
    add_backfill(fill, ctx.options.batch, walked ? *walked : target, table, next, forward(""));

    std::vector<plan::Step> out;
    out.push_back(std::move(expand));
    out.push_back(std::move(fill));
    const std::string fill_id = out.back().id;

    // Copies of the old column's indexes and unique keys on the second column, under temporary
    // names, built after the backfill; the contract renames the old ones to tombstones (they
    // stay on the tombstone column until purge) and gives the copies their names.
    std::vector<std::string> copy_ids, rename_up, rename_down;
    const model::Table* now_table = ctx.from.find_table(table);
    if (now_table)
        for (const auto& name : indexes_naming(*now_table, from.name)) {
            // A key the target drops stays on the old column (a conversion in place only).
            if (target_clause(target, name, name).empty())
                continue;
            std::string tmp = fit_name("_stepwise_new_" + name);
            std::string idx_tomb = ctx.tombstone(name);
            plan::Step copy =
                ctx.step(target.name + "." + name + ":copy", plan::Phase::Expand,
                         "build a copy of " + name + " on " + next + " (as " + tmp + ")", table);
            copy.after.push_back(fill_id);
            copy.up.push_back(alter(
                table, "ADD " + target_clause(target, name, tmp, ctx.mariadb(), to.name, next),
                Algorithm::Inplace));
            copy.down.push_back(alter(table, "DROP INDEX " + ctx.if_exists() + quote_ident(tmp),
                                      Algorithm::Inplace));
            copy.hazards.push_back({plan::HazardClass::LongRunning,
                                    "the index is built from every row (writes continue)"});
            copy_ids.push_back(copy.id);
            out.push_back(std::move(copy));
            auto rename = [&](const std::string& a, const std::string& b) {
                return rename_index(ctx, table, a, b);
            };
            rename_up.push_back(rename(name, idx_tomb));
            rename_up.push_back(rename(tmp, name));
            rename_down.push_back(rename(name, tmp));
            rename_down.push_back(rename(idx_tomb, name));
        }

    // The default waits for the contract: while old code inserts, a default in the second
    // column would look like a value new code wrote.
    model::Column final_next = to;
    final_next.name = next;
    final_next.default_value.reset();
    if (!to.nullable || to.comment) {
        Algorithm how = to.nullable ? Algorithm::Instant : not_null_algorithm(final_next);
        plan::Step valid = ctx.step(id + ":validate", plan::Phase::Validate,
                                    "give " + next + " the definition of " + id, table);
        valid.after.push_back(fill_id);
        valid.up.push_back(
            alter(table, "MODIFY COLUMN " + column_definition(ctx.to_ddl(), final_next), how));
        valid.down.push_back(
            alter(table, "MODIFY COLUMN " + column_definition(ctx.to_ddl(), loose(to, next)), how));
        if (how == Algorithm::Copy)
            copy_hazards(valid, "making a timestamp NOT NULL");
        else if (!to.nullable)
            valid.hazards.push_back(
                {plan::HazardClass::TableRewrite,
                 "NOT NULL on " + next + " rebuilds the table in place (writes continue)"});
        out.push_back(std::move(valid));
    }

    // Contract: old code stops working here. The second column gets its default and, in
    // place, the column's name.
    Algorithm how = from.nullable ? Algorithm::Instant : Algorithm::Inplace;
    plan::Step swap =
        ctx.step(id + (renamed ? ":rename" : ":swap"), plan::Phase::Contract,
                 (renamed ? "retire " + target.name + "." + from.name + " for " + to.name
                          : "swap the converted " + id + " in") +
                     " (old values kept as " + tomb + ")",
                 table);
    swap.after.push_back(out.back().id);
    swap.after.insert(swap.after.end(), copy_ids.begin(), copy_ids.end());
    std::string clause =
        "CHANGE COLUMN " + old_q + " " + column_definition(ctx.from_ddl(), loose(from, tomb));
    clause += ", CHANGE COLUMN " + next_q + " " + column_definition(ctx.to_ddl(), to);
    swap.up = drop_triggers;
    // One ALTER, but not one that may run twice: in place, the second run would retire the
    // converted column. It runs only while the tombstone is missing, its down only while it is
    // there.
    swap.up.push_back(
        only_if(ctx, "NOT " + column_exists(table, tomb), {alter(table, clause, how)}));
    swap.up.insert(swap.up.end(), rename_up.begin(), rename_up.end());

    // The way back: the old column returns (nullable while it catches up), the triggers
    // return, and rows new code wrote after the contract get their old value from `down
    // using` (identity for a rename) before the old column's NOT NULL returns.
    model::Column back = from;
    back.nullable = true;
    std::string undo =
        "CHANGE COLUMN " + quote_ident(tomb) + " " + column_definition(ctx.from_ddl(), back);
    undo = "CHANGE COLUMN " + quote_ident(to.name) + " " +
           column_definition(ctx.to_ddl(), final_next) + ", " + undo;
    swap.down = rename_down;
    swap.down.push_back(
        only_if(ctx, column_exists(table, tomb), {alter(table, undo, Algorithm::Inplace)}));
    swap.down.insert(swap.down.end(), triggers.begin(), triggers.end());
    if (both_ways)
        swap.down.push_back("UPDATE " + t + " SET " + old_q + " = " + reverse("") + " WHERE NOT (" +
                            next_q + " <=> " + forward("") + ")");
    if (!from.nullable)
        swap.down.push_back(alter(table, "MODIFY COLUMN " + column_definition(ctx.from_ddl(), from),
                                  not_null_algorithm(from)));

    swap.hazards.push_back(
        {plan::HazardClass::AppIncompatible,
         "code that still reads or writes " + from.name + " fails after this step"});
    if (!from.nullable)
        swap.hazards.push_back(
            {plan::HazardClass::TableRewrite,
             "making the old column nullable rebuilds the table in place (writes continue)"});
    if (converted)
        swap.hazards.push_back({plan::HazardClass::DataLoss,
                                "the old values stay in " + tomb + " until `stepwise purge`"});
    if (!both_ways)
        swap.hazards.push_back({plan::HazardClass::Irreversible,
                                "without `down using`, rows written after the swap have no "
                                "old value and rolling back fails on them"});
    swap.deploy_note = "deploy code that writes `" + to.name + "`" +
                       (converted ? " as " + model::to_dsl(to.type) : "");
    out.push_back(std::move(swap));
    return out;
}

} // namespace stepwise::mysql
