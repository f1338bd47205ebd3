// The table rebuild, after the 12-step procedure of SQLite's ALTER TABLE documentation, made
// online: the new shape fills up while the old table keeps serving, and the swap is short.

#include "dialects/sqlite/sqlite_ddl.h"
#include "dialects/sqlite/sqlite_expr.h"
#include "dialects/sqlite/sqlite_quote.h"
#include "dialects/sqlite/sqlite_steps.h"

#include <algorithm>
#include <set>

namespace stepwise::sqlite {

namespace {

// Whether `columns` of the target's `table` are still its primary key or a unique key.
bool still_a_key(const model::Table& table, std::vector<std::string> columns) {
    std::sort(columns.begin(), columns.end());
    auto same = [&](std::vector<std::string> key) {
        std::sort(key.begin(), key.end());
        return key == columns;
    };
    if (table.primary_key && same(table.primary_key->columns))
        return true;
    for (const auto& u : table.uniques)
        if (same(u.columns))
            return true;
    for (const auto& ix : table.indexes) {
        if (!ix.unique || ix.where)
            continue;
        std::vector<std::string> parts;
        for (const auto& p : ix.parts)
            parts.push_back(p.column);
        if (same(parts))
            return true;
    }
    return false;
}

struct Mapping {
    std::vector<std::string> columns; // quoted, in the table written to
    std::vector<std::string> exprs;   // over the table read from
};

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& i : items)
        out += (out.empty() ? "" : ", ") + i;
    return out;
}

// Rows of the current table written into the new shape. A new column without a backfill is
// left to its default.
Mapping forward(const RebuildSpec& spec) {
    Mapping m{{"rowid"}, {"rowid"}};
    for (const auto& c : spec.target->columns) {
        auto src = spec.source_of.find(c.name);
        auto alter = spec.alters.find(c.name);
        auto given = spec.forward_of.find(c.name);
        std::string expr;
        if (given != spec.forward_of.end()) {
            expr = given->second;
        } else if (src == spec.source_of.end()) {
            if (!c.backfill)
                continue;
            expr = render_operand(*c.backfill);
        } else if (alter != spec.alters.end() && alter->second.to.using_expr) {
            expr = render_operand(*alter->second.to.using_expr);
        } else if (alter != spec.alters.end() && alter->second.to.backfill) {
            expr = "coalesce(" + quote_ident(src->second) + ", " +
                   render_operand(*alter->second.to.backfill) + ")";
        } else {
            expr = quote_ident(src->second);
        }
        m.columns.push_back(quote_ident(c.name));
        m.exprs.push_back(expr);
    }
    return m;
}

// Rows of the new shape written back into the old table on the way down. Dropped columns
// are not written: the old table kept their values.
Mapping backward(const RebuildSpec& spec) {
    Mapping m;
    for (const auto& [target, source] : spec.source_of) {
        auto alter = spec.alters.find(target);
        m.columns.push_back(quote_ident(source));
        m.exprs.push_back(alter != spec.alters.end() && alter->second.to.down_using
                              ? render_operand(*alter->second.to.down_using)
                              : quote_ident(target));
    }
    // After source_of's entries, so backward_update_exprs can walk both in step.
    for (const auto& r : spec.restore_old) {
        m.columns.push_back(quote_ident(r.old_column));
        m.exprs.push_back("(" + r.reverse + ")");
    }
    return m;
}

// For rows that existed before the swap: a column made NOT NULL by a backfill gets its NULL
// back where the value is still the one the backfill gave it; a value the application wrote
// since stays. `old_table` is the restored old table, the UPDATE's target; the backfill is
// evaluated over that row alone so its names mean the old shape.
std::vector<std::string> backward_update_exprs(const RebuildSpec& spec, const Mapping& back,
                                               const std::string& old_table) {
    std::vector<std::string> out = back.exprs;
    size_t i = 0;
    for (const auto& [target, source] : spec.source_of) {
        auto alter = spec.alters.find(target);
        if (alter != spec.alters.end() && alter->second.to.backfill &&
            !alter->second.to.using_expr) {
            std::string old_col = old_table + "." + quote_ident(source);
            std::string backfilled = "(SELECT " + render_operand(*alter->second.to.backfill) +
                                     " FROM " + old_table + " AS \"_stepwise_old\" WHERE " +
                                     "\"_stepwise_old\".rowid = " + old_table + ".rowid)";
            out[i] = "CASE WHEN " + old_col + " IS NULL AND " + back.exprs[i] + " IS " +
                     backfilled + " THEN NULL ELSE " + back.exprs[i] + " END";
        }
        ++i;
    }
    // An old column keeps its value unless the new one changed since the swap: converting
    // back and forth may lose precision the old value still has.
    for (const auto& r : spec.restore_old) {
        std::string n = quote_ident(r.new_column);
        out[i] = "CASE WHEN " + old_table + "." + n + " IS " + n + " THEN " + old_table + "." +
                 quote_ident(r.old_column) + " ELSE " + back.exprs[i] + " END";
        ++i;
    }
    return out;
}

std::string trigger_name(const std::string& table, const char* what) {
    return quote_ident("_stepwise_sync_" + table + "_" + what);
}

// Writes to the old table are mirrored by rowid. The copy expressions are evaluated on the
// old table's row itself (AFTER triggers), so hint expressions need no NEW. prefix.
std::vector<std::string> create_triggers(const std::string& table, const std::string& helper,
                                         const Mapping& m) {
    std::string t = quote_ident(table), h = quote_ident(helper);
    // Plain INSERT: a row that breaks a new unique key must fail, never replace another row.
    std::string copy_row = "INSERT INTO " + h + " (" + join(m.columns) + ") SELECT " +
                           join(m.exprs) + " FROM " + t + " WHERE rowid = NEW.rowid; ";
    // Triggers on one table fire in no documented order: when a dual-write trigger's UPDATE
    // ran first, the update mirror below has already copied the new row.
    std::string copy_new = "INSERT INTO " + h + " (" + join(m.columns) + ") SELECT " +
                           join(m.exprs) + " FROM " + t + " WHERE rowid = NEW.rowid AND NOT " +
                           "EXISTS (SELECT 1 FROM " + h + " WHERE " + h + ".rowid = NEW.rowid); ";
    return {
        "CREATE TRIGGER " + trigger_name(table, "insert") + " AFTER INSERT ON " + t + " BEGIN " +
            copy_new + "END",
        "CREATE TRIGGER " + trigger_name(table, "update") + " AFTER UPDATE ON " + t +
            " BEGIN DELETE FROM " + h + " WHERE rowid = OLD.rowid; " + copy_row + "END",
        "CREATE TRIGGER " + trigger_name(table, "delete") + " AFTER DELETE ON " + t +
            " BEGIN DELETE FROM " + h + " WHERE rowid = OLD.rowid; END",
    };
}

// Columns of the table renamed by this rebuild (old name, new name) that a foreign key
// references, its own or another table's. SQLite resolves a foreign key by the names in the
// child's stored text, and the swap's renames run in legacy mode, which leaves that text
// alone: the child would go on naming the old column.
std::vector<std::pair<std::string, std::string>> referenced_renames(const StepContext& ctx,
                                                                    const RebuildSpec& spec) {
    std::set<std::pair<std::string, std::string>> renamed;
    for (const auto& [target, source] : spec.source_of)
        if (target != source)
            renamed.insert({source, target});
    for (const auto& r : spec.restore_old)
        renamed.insert({r.old_column, r.new_column});
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& [old_name, new_name] : renamed) {
        // The new shape must not have a column under the old name: the references move by
        // renaming the new column to it and back.
        if (spec.target->find_column(old_name))
            continue;
        bool used = false;
        for (const auto& t : ctx.from.tables)
            for (const auto& fk : t.foreign_keys)
                if (fk.ref_table == spec.current->name)
                    for (const auto& c : fk.ref_columns)
                        used = used || c == old_name;
        // A table the plan creates names the column as it is now too (create_table_step).
        for (const auto& t : ctx.to.tables)
            for (const auto& fk : t.foreign_keys)
                if (fk.ref_table == spec.target->name && !ctx.from.find_table(t.name))
                    for (const auto& c : fk.ref_columns)
                        used = used || c == new_name;
        if (used)
            out.push_back({old_name, new_name});
    }
    return out;
}

// RENAME COLUMN (not in legacy mode) rewrites every reference to the column, in other tables'
// foreign keys too. Renaming the new column to the old name makes the references valid;
// renaming it back carries them to the new name. `from` → `to` on the way up, the reverse on
// the way down.
std::vector<std::string> carry_references(const std::string& table, const std::string& from,
                                          const std::string& to) {
    std::string t = quote_ident(table);
    return {"ALTER TABLE " + t + " RENAME COLUMN " + quote_ident(to) + " TO " + quote_ident(from),
            "ALTER TABLE " + t + " RENAME COLUMN " + quote_ident(from) + " TO " + quote_ident(to)};
}

std::vector<std::string> drop_triggers(const std::string& table) {
    std::vector<std::string> out;
    for (const char* what : {"insert", "update", "delete"})
        out.push_back("DROP TRIGGER " + trigger_name(table, what));
    return out;
}

} // namespace

const model::Table* parent_losing_its_key(const StepContext& ctx, const model::ForeignKey& fk) {
    const model::Table* parent = nullptr;
    for (const auto& t : ctx.to.tables)
        if (t.name == fk.ref_table || (t.renamed_from && *t.renamed_from == fk.ref_table))
            parent = &t;
    if (!parent)
        return nullptr;
    std::vector<std::string> columns;
    for (const auto& c : fk.ref_columns) {
        std::string now = c;
        for (const auto& col : parent->columns)
            if (col.renamed_from && *col.renamed_from == c)
                now = col.name;
        columns.push_back(now);
    }
    return still_a_key(*parent, columns) ? nullptr : parent;
}

const model::Table* parent_gaining_its_key(const StepContext& ctx, const model::ForeignKey& fk) {
    const model::Table* parent = ctx.to.find_table(fk.ref_table);
    if (!parent)
        return nullptr;
    const model::Table* before = ctx.from.find_table(parent->renamed_from.value_or(parent->name));
    if (!before)
        return nullptr;
    std::vector<std::string> columns;
    for (const auto& c : fk.ref_columns) {
        const model::Column* col = parent->find_column(c);
        columns.push_back(col && col->renamed_from ? *col->renamed_from : c);
    }
    return still_a_key(*before, columns) ? nullptr : parent;
}

std::vector<std::string> hide_keys_to_dropped_parent_keys(const StepContext& ctx,
                                                          const model::Table& current,
                                                          const std::string& table) {
    // Each parent under every name it has in the plan: the text names it as it is then.
    std::set<std::string> parents;
    for (const auto& fk : current.foreign_keys)
        if (const model::Table* parent = parent_losing_its_key(ctx, fk)) {
            parents.insert(fk.ref_table);
            parents.insert(parent->name);
        }
    if (parents.empty())
        return {};
    std::string sql = "sql";
    for (const auto& parent : parents)
        sql = "_stepwise_hide_references(" + sql + ", " + quote_literal(parent) + ")";
    return {"PRAGMA writable_schema=ON",
            "UPDATE sqlite_master SET sql = " + sql +
                " WHERE type = 'table' AND name = " + quote_literal(table),
            "PRAGMA writable_schema=OFF"};
}

std::vector<std::string> unhide_keys(const std::string& table) {
    return {"PRAGMA writable_schema=ON",
            "UPDATE sqlite_master SET sql = _stepwise_unhide_references(sql) WHERE type = "
            "'table' AND name = " +
                quote_literal(table),
            "PRAGMA writable_schema=OFF"};
}

model::Table naming_parent_columns_as_now(const StepContext& ctx, const model::Table& table) {
    model::Table out = table;
    for (auto& fk : out.foreign_keys) {
        const model::Table* parent = ctx.to.find_table(fk.ref_table);
        if (!parent || parent->renamed_from || parent->name == table.name ||
            !ctx.from.find_table(parent->name))
            continue;
        for (auto& c : fk.ref_columns)
            if (const model::Column* col = parent->find_column(c); col && col->renamed_from)
                c = *col->renamed_from;
    }
    return out;
}

std::vector<plan::Step> rebuild_steps(const StepContext& ctx, const RebuildSpec& spec) {
    const std::string& now = spec.current->name;
    const std::string& final_name = spec.target->name;
    const std::string helper = new_table_name(now);
    const std::string tomb = ctx.tombstone(now);
    const std::string id = final_name + ":rebuild:";
    std::string why = spec.reasons.empty() ? std::string("shape changes") : join(spec.reasons);
    Mapping fwd = forward(spec);

    const plan::Phase create_phase =
        spec.all_in_contract ? plan::Phase::Contract : plan::Phase::Expand;
    plan::Step create = ctx.step(id + "create", create_phase,
                                 "rebuild " + final_name + " (" + why + "): create " + helper +
                                     " and mirror writes into it");
    create.up.push_back(
        render_create_table(naming_parent_columns_as_now(ctx, *spec.target), ctx.to, helper));
    for (auto& sql : create_triggers(now, helper, fwd))
        create.up.push_back(sql);
    create.down = drop_triggers(now);
    create.down.push_back("DROP TABLE " + quote_ident(helper));
    create.hazards.push_back({plan::HazardClass::TableRewrite,
                              "SQLite cannot alter this in place (" + why + "): table " + now +
                                  " is copied into a new table and swapped"});

    plan::Step copy =
        ctx.step(id + "copy", spec.all_in_contract ? plan::Phase::Contract : plan::Phase::Backfill,
                 "copy the rows of " + now + " into " + helper + " in batches");
    copy.after = {create.id};
    copy.down.push_back("DELETE FROM " + quote_ident(helper));
    // The policy named as PostgreSQL's and MySQL's backfills name theirs.
    copy.hazards.push_back(
        {plan::HazardClass::LongRunning,
         "every row of " + now + " is copied, in " + plan::describe(ctx.options.batch)});
    plan::Backfill bf;
    std::string t = quote_ident(now);
    // Keys travel as text; rowids are integers, so every comparison casts.
    std::string range = "(?1 IS NULL OR rowid > CAST(?1 AS integer)) AND rowid <= CAST(?2 AS "
                        "integer)";
    bf.table = now;
    bf.total_sql = "SELECT count(*) FROM " + t;
    bf.max_key_sql = "SELECT max(rowid) FROM " + t;
    bf.next_key_sql = "SELECT max(k), count(*) FROM (SELECT rowid AS k FROM " + t + " WHERE " +
                      range + " ORDER BY rowid LIMIT CAST(?3 AS integer))";
    // Rows the triggers already mirrored are current: skip them. Plain INSERT, so duplicates
    // under a new unique key fail the step instead of replacing each other.
    bf.batch_sql = "INSERT INTO " + quote_ident(helper) + " (" + join(fwd.columns) + ") SELECT " +
                   join(fwd.exprs) + " FROM " + t + " WHERE " + range +
                   " AND NOT EXISTS (SELECT 1 FROM " + quote_ident(helper) + " WHERE " +
                   quote_ident(helper) + ".rowid = " + t + ".rowid)";
    bf.policy = ctx.options.batch;
    copy.backfill = bf;

    bool contract = spec.app_incompatible || now != final_name || spec.all_in_contract;
    plan::Step swap =
        ctx.step(id + "swap", contract ? plan::Phase::Contract : plan::Phase::Validate,
                 "swap " + helper + " in as " + final_name + " (old table kept as " + tomb + ")");
    swap.after = {copy.id};
    swap.transactional = false;
    swap.checks.push_back("PRAGMA foreign_key_check");
    // One statement: a resume after a kill inside the transaction restarts here, and the
    // pragma belongs to the connection, so it must run again with the BEGIN (with foreign
    // keys on, the renames below would repoint other tables' references at the tombstone).
    swap.up = {"PRAGMA foreign_keys=OFF; BEGIN IMMEDIATE"};
    for (auto& sql : drop_triggers(now))
        swap.up.push_back(sql);
    for (const auto& sql : spec.swap_head)
        swap.up.push_back(sql);
    for (const auto& index : spec.current->indexes)
        swap.up.push_back(render_drop_index(index));
    if (now != final_name) // a user rename: other tables' foreign keys follow it
        swap.up.push_back("ALTER TABLE " + t + " RENAME TO " + quote_ident(final_name));
    // Legacy mode while swapping: references to the table keep its name and so reach the new one.
    swap.up.push_back("PRAGMA legacy_alter_table=ON");
    const auto hide = hide_keys_to_dropped_parent_keys(ctx, *spec.current, final_name);
    for (const auto& sql : hide)
        swap.up.push_back(sql);
    swap.up.push_back("ALTER TABLE " + quote_ident(final_name) + " RENAME TO " + quote_ident(tomb));
    swap.up.push_back("ALTER TABLE " + quote_ident(helper) + " RENAME TO " +
                      quote_ident(final_name));
    swap.up.push_back("PRAGMA legacy_alter_table=OFF");
    const auto moved = referenced_renames(ctx, spec);
    for (const auto& [old_name, new_name] : moved)
        for (auto& sql : carry_references(final_name, old_name, new_name))
            swap.up.push_back(sql);
    for (const auto& index : spec.target->indexes)
        swap.up.push_back(render_create_index(final_name, index));
    swap.up.push_back("COMMIT");
    swap.up.push_back("PRAGMA foreign_keys=ON");

    Mapping back = backward(spec);
    std::string h = quote_ident(helper);
    swap.down = {"PRAGMA foreign_keys=OFF; BEGIN IMMEDIATE"};
    for (const auto& index : spec.target->indexes)
        swap.down.push_back(render_drop_index(index));
    // The references go back to the old column name: the new column takes it while the
    // references follow, then the table, renamed away to the helper, gets its own name back.
    for (const auto& [old_name, new_name] : moved)
        swap.down.push_back("ALTER TABLE " + quote_ident(final_name) + " RENAME COLUMN " +
                            quote_ident(new_name) + " TO " + quote_ident(old_name));
    swap.down.push_back("PRAGMA legacy_alter_table=ON");
    swap.down.push_back("ALTER TABLE " + quote_ident(final_name) + " RENAME TO " + h);
    if (!hide.empty())
        for (auto& sql : unhide_keys(tomb))
            swap.down.push_back(sql);
    swap.down.push_back("ALTER TABLE " + quote_ident(tomb) + " RENAME TO " +
                        quote_ident(final_name));
    swap.down.push_back("PRAGMA legacy_alter_table=OFF");
    for (const auto& [old_name, new_name] : moved)
        swap.down.push_back("ALTER TABLE " + h + " RENAME COLUMN " + quote_ident(old_name) +
                            " TO " + quote_ident(new_name));
    if (now != final_name)
        swap.down.push_back("ALTER TABLE " + quote_ident(final_name) + " RENAME TO " + t);
    // Writes made since the swap live in the new table: bring them back.
    swap.down.push_back("DELETE FROM " + t + " WHERE rowid NOT IN (SELECT rowid FROM " + h + ")");
    if (!back.columns.empty())
        swap.down.push_back("UPDATE " + t + " SET (" + join(back.columns) + ") = (SELECT " +
                            join(backward_update_exprs(spec, back, t)) + " FROM " + h + " WHERE " +
                            h + ".rowid = " + t + ".rowid)");
    swap.down.push_back("INSERT INTO " + t + " (rowid" +
                        (back.columns.empty() ? "" : ", " + join(back.columns)) + ") SELECT rowid" +
                        (back.exprs.empty() ? "" : ", " + join(back.exprs)) + " FROM " + h +
                        " WHERE rowid NOT IN (SELECT rowid FROM " + t + ")");
    for (const auto& index : spec.current->indexes)
        swap.down.push_back(render_create_index(now, index));
    for (auto& sql : create_triggers(now, helper, fwd))
        swap.down.push_back(sql);
    for (const auto& sql : spec.swap_down_tail)
        swap.down.push_back(sql);
    swap.down.push_back("COMMIT");
    swap.down.push_back("PRAGMA foreign_keys=ON");

    if (spec.drops_data)
        swap.hazards.push_back(
            {plan::HazardClass::DataLoss, "columns of " + final_name +
                                              " are dropped; soft: the old table "
                                              "stays as " +
                                              tomb + " until `stepwise purge`"});
    if (contract) {
        swap.hazards.push_back({plan::HazardClass::AppIncompatible,
                                spec.incompatible_note.empty()
                                    ? "code written for the old shape of " + now + " may fail"
                                    : spec.incompatible_note});
        swap.deploy_note = spec.deploy_note.empty()
                               ? "deploy code that works with the new shape of " + final_name
                               : spec.deploy_note;
    }
    return {create, copy, swap};
}

} // namespace stepwise::sqlite
