#include "dialects/sqlite/sqlite_ddl.h"
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

plan::Step create_table_step(const StepContext& ctx, const model::Table& table) {
    plan::Step s =
        ctx.step(table.name + ":create", plan::Phase::Expand, "create table " + table.name);
    s.up.push_back(render_create_table(table, ctx.to));
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
    s.up.push_back("ALTER TABLE " + quote_ident(table.name) + " RENAME TO " + quote_ident(tomb));
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

} // namespace stepwise::sqlite
