#include "dialects/sqlite/sqlite_ddl.h"
#include "dialects/sqlite/sqlite_expr.h"
#include "dialects/sqlite/sqlite_quote.h"
#include "dialects/sqlite/sqlite_steps.h"

namespace stepwise::sqlite {

std::string StepContext::tombstone(const std::string& name) const {
    return "_stepwise_dropped_" + options.plan_id + "_" + name;
}

plan::Step StepContext::step(std::string id, plan::Phase phase, std::string summary) const {
    plan::Step s;
    s.id = std::move(id);
    s.phase = phase;
    s.summary = std::move(summary);
    s.lock = {"write", "database"}; // SQLite has one writer lock for the whole file
    s.lock_timeout = options.lock_timeout;
    return s;
}

std::string new_table_name(const std::string& table) {
    return "_stepwise_new_" + table;
}

namespace {

// A parent renamed with a column renamed too is renamed only by its rebuild's swap (SQLite
// renames a column by rebuilding; the rename of the table goes with it), long after a new
// child is created. Until then the parent has its old name and columns, so the child names
// them; the swap renames with legacy_alter_table off, which carries the reference to the new
// names. Naming the new ones instead made every write to the child fail until the contract.
model::Table naming_renamed_parents_as_now(const StepContext& ctx, model::Table table) {
    for (auto& fk : table.foreign_keys) {
        const model::Table* parent = ctx.to.find_table(fk.ref_table);
        if (!parent || !parent->renamed_from || parent->name == table.name ||
            !ctx.from.find_table(*parent->renamed_from))
            continue;
        bool column_renamed = false;
        for (const auto& c : parent->columns)
            column_renamed = column_renamed || c.renamed_from.has_value();
        if (!column_renamed)
            continue;
        fk.ref_table = *parent->renamed_from;
        for (auto& c : fk.ref_columns)
            if (const model::Column* col = parent->find_column(c); col && col->renamed_from)
                c = *col->renamed_from;
    }
    return table;
}

} // namespace

plan::Step create_table_step(const StepContext& ctx, const model::Table& table) {
    plan::Step s =
        ctx.step(table.name + ":create", plan::Phase::Expand, "create table " + table.name);
    // Created in the expand phase, before any parent's rebuild renames a column.
    model::Table now = naming_renamed_parents_as_now(ctx, naming_parent_columns_as_now(ctx, table));
    s.up.push_back(render_create_table(now, ctx.to));
    for (const auto& index : table.indexes)
        s.up.push_back(render_create_index(table.name, index));
    s.down.push_back("DROP TABLE " + quote_ident(table.name));
    return s;
}

plan::Step drop_table_step(const StepContext& ctx, const model::Table& table) {
    std::string tomb = ctx.tombstone(table.name);
    plan::Step s = ctx.step(table.name + ":drop", plan::Phase::Contract,
                            "drop table " + table.name + " (kept as " + tomb + ")");
    // Index names are global in SQLite: free them for the target, recreate them on the way back.
    for (const auto& index : table.indexes)
        s.up.push_back(render_drop_index(index));
    for (auto& sql : hide_keys_to_dropped_parent_keys(ctx, table, table.name))
        s.up.push_back(sql);
    s.up.push_back("ALTER TABLE " + quote_ident(table.name) + " RENAME TO " + quote_ident(tomb));
    for (auto& sql : unhide_keys(tomb))
        if (!hide_keys_to_dropped_parent_keys(ctx, table, table.name).empty())
            s.down.push_back(sql);
    s.down.push_back("ALTER TABLE " + quote_ident(tomb) + " RENAME TO " + quote_ident(table.name));
    for (const auto& index : table.indexes)
        s.down.push_back(render_create_index(table.name, index));
    s.hazards.push_back({plan::HazardClass::DataLoss, "table " + table.name +
                                                          " is dropped; soft: its rows stay in " +
                                                          tomb + " until `stepwise purge`"});
    s.hazards.push_back(
        {plan::HazardClass::AppIncompatible, "code that still uses " + table.name + " fails"});
    s.deploy_note = "deploy code that no longer uses table " + table.name;
    return s;
}

plan::Step rename_table_step(const StepContext& ctx, const std::string& from,
                             const std::string& to) {
    plan::Step s =
        ctx.step(to + ":rename", plan::Phase::Contract, "rename table " + from + " to " + to);
    // Not legacy mode: SQLite rewrites the foreign keys of other tables, as a rename should.
    s.up.push_back("ALTER TABLE " + quote_ident(from) + " RENAME TO " + quote_ident(to));
    s.down.push_back("ALTER TABLE " + quote_ident(to) + " RENAME TO " + quote_ident(from));
    s.hazards.push_back({plan::HazardClass::AppIncompatible,
                         "code that uses the name " + from + " fails after the rename"});
    s.deploy_note = "deploy code that uses table " + to;
    return s;
}

namespace {

// The old name as a view over the renamed table, writable through INSTEAD OF triggers that
// find rows by the primary key.
std::vector<std::string> old_name_view(const model::Table& table, const std::string& to) {
    std::string v = quote_ident(table.name), t = quote_ident(to);
    auto trigger = [&](const char* what) {
        return quote_ident("_stepwise_view_" + table.name + "_" + what);
    };
    std::string cols, values, sets, key;
    for (const auto& c : table.columns) {
        std::string q = quote_ident(c.name);
        cols += (cols.empty() ? "" : ", ") + q;
        // A view cannot tell a column left out of an INSERT from an explicit NULL: a column
        // with a default gets it for both.
        values +=
            (values.empty() ? "" : ", ") +
            (c.default_value ? "coalesce(NEW." + q + ", " + render_operand(*c.default_value) + ")"
                             : "NEW." + q);
        sets += (sets.empty() ? "" : ", ") + q + " = NEW." + q;
    }
    for (const auto& k : table.primary_key->columns)
        key += (key.empty() ? "" : " AND ") + quote_ident(k) + " = OLD." + quote_ident(k);
    return {
        "CREATE VIEW " + v + " AS SELECT " + cols + " FROM " + t,
        "CREATE TRIGGER " + trigger("insert") + " INSTEAD OF INSERT ON " + v +
            " BEGIN INSERT INTO " + t + " (" + cols + ") VALUES (" + values + "); END",
        "CREATE TRIGGER " + trigger("update") + " INSTEAD OF UPDATE ON " + v + " BEGIN UPDATE " +
            t + " SET " + sets + " WHERE " + key + "; END",
        "CREATE TRIGGER " + trigger("delete") + " INSTEAD OF DELETE ON " + v +
            " BEGIN DELETE FROM " + t + " WHERE " + key + "; END",
    };
}

} // namespace

std::vector<plan::Step> rename_table_with_view_steps(const StepContext& ctx,
                                                     const model::Table& table,
                                                     const std::string& to) {
    const std::string& from = table.name;
    plan::Step rename = ctx.step(to + ":rename", plan::Phase::Expand,
                                 "rename table " + from + " to " + to + " and leave a view " +
                                     from + " that old code can still read and write");
    rename.up.push_back("ALTER TABLE " + quote_ident(from) + " RENAME TO " + quote_ident(to));
    for (auto& sql : old_name_view(table, to))
        rename.up.push_back(sql);
    rename.down = {"DROP VIEW IF EXISTS " + quote_ident(from),
                   "ALTER TABLE " + quote_ident(to) + " RENAME TO " + quote_ident(from)};

    plan::Step drop = ctx.step(to + ":rename:drop-view", plan::Phase::Contract,
                               "drop the view " + from + " left by the rename to " + to);
    drop.after = {rename.id};
    drop.up = {"DROP VIEW " + quote_ident(from)};
    drop.down = old_name_view(table, to);
    drop.hazards.push_back(
        {plan::HazardClass::AppIncompatible, "code that still uses the name " + from + " fails"});
    drop.deploy_note = "deploy code that uses table `" + to + "`";
    return {rename, drop};
}

} // namespace stepwise::sqlite
