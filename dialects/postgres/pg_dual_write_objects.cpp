#include "dialects/postgres/pg_dual_write_objects.h"

#include "dialects/postgres/pg_quote.h"
#include "dialects/postgres/pg_tombstone.h"

#include <algorithm>

namespace stepwise::postgres {

using plan::HazardClass;
using plan::Phase;

namespace {

enum class Kind { Index, Unique, Check, ForeignKey };

// One index or constraint of a table, by kind.
struct Object {
    Kind kind;
    std::string name;
    const model::Index* index = nullptr;
    const model::UniqueConstraint* unique = nullptr;
    const model::Check* check = nullptr;
    const model::ForeignKey* fk = nullptr;
};

bool has(const std::vector<std::string>& names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

bool index_names(const model::Index& i, const std::string& column) {
    if (i.where && mentions_column(i.where->text, column))
        return true;
    for (const auto& p : i.parts)
        if (p.column == column || (p.expr && mentions_column(p.expr->text, column)))
            return true;
    return false;
}

// The table's indexes, unique constraints, checks and foreign keys that name `column`.
std::vector<Object> naming(const model::Table& t, const std::string& column) {
    std::vector<Object> out;
    for (const auto& i : t.indexes)
        if (index_names(i, column))
            out.push_back(Object{Kind::Index, i.name, &i});
    for (const auto& u : t.uniques)
        if (has(u.columns, column))
            out.push_back(Object{Kind::Unique, u.name, nullptr, &u});
    for (const auto& c : t.checks)
        if (mentions_column(c.expr.text, column))
            out.push_back(Object{Kind::Check, c.name, nullptr, nullptr, &c});
    for (const auto& k : t.foreign_keys)
        if (has(k.columns, column))
            out.push_back(Object{Kind::ForeignKey, k.name, nullptr, nullptr, nullptr, &k});
    return out;
}

const model::ForeignKey* find_fk(const model::Table& t, const std::string& name) {
    for (const auto& k : t.foreign_keys)
        if (k.name == name)
            return &k;
    return nullptr;
}

bool in_table(const model::Table& t, const Object& o) {
    switch (o.kind) {
    case Kind::Index:
        return std::any_of(t.indexes.begin(), t.indexes.end(),
                           [&](const auto& x) { return x.name == o.name; });
    case Kind::Unique:
        return std::any_of(t.uniques.begin(), t.uniques.end(),
                           [&](const auto& x) { return x.name == o.name; });
    case Kind::Check:
        return std::any_of(t.checks.begin(), t.checks.end(),
                           [&](const auto& x) { return x.name == o.name; });
    case Kind::ForeignKey:
        return find_fk(t, o.name) != nullptr;
    }
    return false;
}

std::string temp_name(const std::string& name) {
    return fit_identifier("_stepwise_new_" + name);
}

bool added(const ColumnSwap& s, const std::string& name) {
    return s.added.count(s.table + "." + name) > 0;
}

// Statements that retire the current object `o` and bring it back. An index or unique
// constraint is renamed to a tombstone; a check or foreign key is dropped and added again.
struct Retire {
    std::vector<std::string> up, down;
    bool readd = false; // the down needs the old column whole (a check or foreign key)
};

Retire retire(const StepContext& ctx, const ColumnSwap& s, const Object& o) {
    const std::string t = alter_table(ctx, s.table);
    const std::string tomb = ctx.tombstone(o.name);
    Retire r;
    switch (o.kind) {
    case Kind::Index:
        r.up = {"ALTER INDEX " + ctx.names.object(o.name) + " RENAME TO " + quote_ident(tomb)};
        r.down = {"ALTER INDEX " + ctx.names.object(tomb) + " RENAME TO " + quote_ident(o.name)};
        break;
    case Kind::Unique:
        r.up = {t + "RENAME CONSTRAINT " + quote_ident(o.name) + " TO " + quote_ident(tomb)};
        r.down = {t + "RENAME CONSTRAINT " + quote_ident(tomb) + " TO " + quote_ident(o.name)};
        break;
    case Kind::Check:
        r.up = {t + "DROP CONSTRAINT " + quote_ident(o.name)};
        r.down = {t + "ADD CONSTRAINT " + quote_ident(o.name) + " " + check_clause(*o.check) +
                  (o.check->validated ? "" : " NOT VALID")};
        r.readd = true;
        break;
    case Kind::ForeignKey: {
        // The referenced table by the name it has when the down runs (renames run before).
        model::ForeignKey old = *o.fk;
        if (const model::ForeignKey* now = find_fk(*ctx.to.find_table(s.table), o.name)) {
            old.ref_table = now->ref_table;
            old.ref_columns = now->ref_columns;
        }
        r.up = {t + "DROP CONSTRAINT " + quote_ident(o.name)};
        r.down = {t + "ADD CONSTRAINT " + quote_ident(o.name) + " " +
                  foreign_key_clause(ctx.names, old) + (o.fk->validated ? "" : " NOT VALID")};
        r.readd = true;
        break;
    }
    }
    return r;
}

// CONCURRENTLY takes only SHARE UPDATE EXCLUSIVE; a timeout in the middle would leave an
// invalid index that a retry trips over (as in pg_index_steps.cpp).
void concurrent(plan::Step& s) {
    s.transactional = false;
    s.lock_timeout = std::chrono::milliseconds(0);
    s.statement_timeout = std::chrono::milliseconds(0);
}

// The copy of the target object `o` on the new column, under its temporary name.
std::vector<plan::Step> copy_steps(const StepContext& ctx, const ColumnSwap& s, const Object& o,
                                   const std::string& after) {
    const std::string t = alter_table(ctx, s.table);
    const std::string tmp = temp_name(o.name);
    const std::string prefix = s.table + "." + o.name;
    const std::string why = " for " + s.table + "." + s.to.name + " (as " + tmp + ")";
    std::vector<plan::Step> out;
    if (o.kind == Kind::Index || o.kind == Kind::Unique) {
        model::Index copy;
        if (o.index) {
            copy = *o.index;
        } else {
            copy.unique = true;
            for (const auto& c : o.unique->columns)
                copy.parts.push_back(model::IndexPart{c, std::nullopt, model::SortOrder::Asc});
        }
        copy.name = tmp;
        std::string drop = "DROP INDEX CONCURRENTLY IF EXISTS " + ctx.names.object(tmp);
        auto build = ctx.step(prefix + ":copy", Phase::Expand,
                              "build a copy of " + o.name + why + " concurrently",
                              "SHARE UPDATE EXCLUSIVE", s.table);
        concurrent(build);
        // The guard of the build, not a leading drop, clears a dead index (pg_index_steps.cpp).
        add_index_build(build, plan::Side::Up, ctx.names, s.table, copy);
        build.down = {drop};
        build.after = {after};
        build.hazards = {{HazardClass::LongRunning,
                          "builds the index from every row of " + s.table + " (writes continue)"}};
        out.push_back(build);
        if (o.unique) {
            auto attach = ctx.step(prefix + ":attach_copy", Phase::Validate,
                                   "make " + tmp + " a unique constraint of " + s.table,
                                   "ACCESS EXCLUSIVE", s.table);
            attach.up = {t + "ADD CONSTRAINT " + quote_ident(tmp) + " UNIQUE USING INDEX " +
                         quote_ident(tmp)};
            // Dropping the constraint drops its index; rebuilding it keeps the build's effect.
            attach.down = {t + "DROP CONSTRAINT IF EXISTS " + quote_ident(tmp),
                           index_sql(ctx.names, s.table, copy, false)};
            attach.after = {build.id};
            out.push_back(attach);
        }
        return out;
    }
    std::string clause;
    std::string lock = "ACCESS EXCLUSIVE";
    if (o.check) {
        model::Check copy = *o.check;
        copy.name = tmp;
        clause = check_clause(copy);
    } else {
        model::ForeignKey copy = *o.fk;
        copy.name = tmp;
        clause = foreign_key_clause(ctx.names, copy);
        lock = "SHARE ROW EXCLUSIVE";
    }
    auto add = ctx.step(prefix + ":copy", Phase::Expand,
                        "add a copy of " + o.name + why + " (not yet validated)", lock, s.table);
    add.up = {t + "ADD CONSTRAINT " + quote_ident(tmp) + " " + clause + " NOT VALID"};
    add.down = {t + "DROP CONSTRAINT IF EXISTS " + quote_ident(tmp)};
    add.after = {after};
    auto validate = ctx.step(prefix + ":validate_copy", Phase::Validate, "validate " + tmp + why,
                             "SHARE UPDATE EXCLUSIVE", s.table);
    validate.up = {t + "VALIDATE CONSTRAINT " + quote_ident(tmp)};
    validate.after = {add.id};
    validate.hazards = {{HazardClass::LongRunning,
                         "scans " + s.table + " to check existing rows (writes continue)"}};
    out.push_back(add);
    out.push_back(validate);
    return out;
}

} // namespace

bool names_old_column(const StepContext& ctx, const ColumnSwap& s, const std::string& name) {
    const model::Table* from = ctx.from.find_table(s.from_table);
    if (!from)
        return false;
    for (const auto& o : naming(*from, s.from.name))
        if (o.name == name)
            return true;
    return false;
}

ObjectCopies copy_objects(const StepContext& ctx, const ColumnSwap& s, const std::string& after) {
    ObjectCopies out;
    const model::Table* from = ctx.from.find_table(s.from_table);
    const model::Table* to = ctx.to.find_table(s.table);
    if (!from || !to)
        return out;
    const std::string t = alter_table(ctx, s.table);

    // Old objects first, so the names are free for the copies.
    std::vector<std::string> head_copies, head_retired;
    for (const auto& o : naming(*from, s.from.name)) {
        if (added(s, o.name) && in_table(*to, o))
            continue; // dropped and added back under this name: retire_steps did it
        Retire r = retire(ctx, s, o);
        out.up.insert(out.up.end(), r.up.begin(), r.up.end());
        auto& down = r.readd ? out.down_tail : head_retired;
        down.insert(down.end(), r.down.begin(), r.down.end());
    }
    for (const auto& o : naming(*to, s.to.name)) {
        if (added(s, o.name))
            continue;
        auto steps = copy_steps(ctx, s, o, after);
        out.last.push_back(steps.back().id);
        for (auto& step : steps)
            out.steps.push_back(std::move(step));
        const std::string tmp = temp_name(o.name);
        if (o.kind == Kind::Index) {
            out.up.push_back("ALTER INDEX " + ctx.names.object(tmp) + " RENAME TO " +
                             quote_ident(o.name));
            head_copies.push_back("ALTER INDEX " + ctx.names.object(o.name) + " RENAME TO " +
                                  quote_ident(tmp));
        } else {
            // Renaming a unique constraint renames its index too.
            out.up.push_back(t + "RENAME CONSTRAINT " + quote_ident(tmp) + " TO " +
                             quote_ident(o.name));
            head_copies.push_back(t + "RENAME CONSTRAINT " + quote_ident(o.name) + " TO " +
                                  quote_ident(tmp));
        }
    }
    out.down_head = head_copies;
    out.down_head.insert(out.down_head.end(), head_retired.begin(), head_retired.end());
    return out;
}

std::vector<plan::Step> retire_steps(const StepContext& ctx, const ColumnSwap& s,
                                     const std::string& name) {
    const model::Table* from = ctx.from.find_table(s.from_table);
    if (!from)
        return {};
    for (const auto& o : naming(*from, s.from.name)) {
        if (o.name != name)
            continue;
        Retire r = retire(ctx, s, o);
        auto step = ctx.step(s.table + "." + name + ":retire", Phase::Expand,
                             "retire " + name + " of " + s.table + " (it names " + s.from.name +
                                 ", which " + s.to.name + " replaces); the new " + name +
                                 " is built on " + s.to.name,
                             "ACCESS EXCLUSIVE", s.table);
        step.up = r.up;
        step.down = r.down;
        if (r.readd)
            step.hazards = {
                {HazardClass::AppIncompatible, name + " no longer guards " + s.from.name +
                                                   " until the new one is built on " + s.to.name}};
        return {step};
    }
    return {};
}

} // namespace stepwise::postgres
