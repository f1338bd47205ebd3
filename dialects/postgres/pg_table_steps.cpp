#include "dialects/postgres/pg_quote.h"
#include "dialects/postgres/pg_steps.h"
#include "dialects/postgres/pg_tombstone.h"

namespace stepwise::postgres {

using plan::HazardClass;
using plan::Phase;

std::string StepContext::tombstone(const std::string& name) const {
    return tombstone_name(options.plan_id, name);
}

plan::Step StepContext::step(std::string id, Phase phase, std::string summary, std::string mode,
                             const std::string& object) const {
    plan::Step s;
    s.id = std::move(id);
    s.phase = phase;
    s.summary = std::move(summary);
    s.lock = plan::LockLevel{std::move(mode), object};
    s.lock_timeout = options.lock_timeout;
    return s;
}

std::string alter_table(const StepContext& ctx, const std::string& table) {
    return "ALTER TABLE " + ctx.table(table) + " ";
}

std::vector<plan::Step> create_table_steps(const StepContext& ctx, const model::Table& table) {
    auto s = ctx.step(table.name + ":create", Phase::Expand, "create table " + table.name,
                      "ACCESS EXCLUSIVE", table.name);
    s.up = create_table_sql(ctx.names, table);
    s.down = {"DROP TABLE " + ctx.table(table.name)};
    return {s};
}

std::vector<plan::Step> drop_table_steps(const StepContext& ctx, const model::Table& table) {
    std::string tomb = ctx.tombstone(table.name);
    auto s = ctx.step(table.name + ":drop", Phase::Contract,
                      "drop table " + table.name + " (kept as " + tomb + ")", "ACCESS EXCLUSIVE",
                      table.name);
    s.up = {alter_table(ctx, table.name) + "RENAME TO " + quote_ident(tomb)};
    s.down = {alter_table(ctx, tomb) + "RENAME TO " + quote_ident(table.name)};
    s.hazards = {{HazardClass::AppIncompatible, "code that still uses " + table.name + " fails"},
                 {HazardClass::DataLoss,
                  "the rows stay in " + tomb + " until `stepwise purge`, which deletes them"}};
    s.deploy_note = "deploy code that no longer uses table `" + table.name + "`";
    return {s};
}

// Old and new code side by side: the table takes its new name and a view under the old one
// (a plain SELECT of the old columns, which PostgreSQL keeps insertable and updatable) serves
// old code until the contract drops it.
std::vector<plan::Step> rename_table_steps(const StepContext& ctx, const diff::RenameTable& c) {
    std::string view = ctx.table(c.from);
    std::string columns;
    if (const model::Table* t = ctx.from.find_table(c.from))
        for (const auto& col : t->columns)
            columns += (columns.empty() ? "" : ", ") + quote_ident(col.name);
    if (columns.empty())
        columns = "*";
    std::string create_view =
        "CREATE VIEW " + view + " AS SELECT " + columns + " FROM " + ctx.table(c.to);
    auto s = ctx.step(c.to + ":rename", Phase::Expand,
                      "rename table " + c.from + " to " + c.to + " (a view keeps the old name)",
                      "ACCESS EXCLUSIVE", c.from);
    s.up = {alter_table(ctx, c.from) + "RENAME TO " + quote_ident(c.to), create_view};
    s.down = {"DROP VIEW IF EXISTS " + view,
              alter_table(ctx, c.to) + "RENAME TO " + quote_ident(c.from)};

    auto done = ctx.step(c.to + ":drop_old_name", Phase::Contract,
                         "drop the view " + c.from + " that kept the old name of " + c.to,
                         "ACCESS EXCLUSIVE", c.from);
    done.up = {"DROP VIEW " + view};
    done.down = {create_view};
    done.after = {s.id};
    done.hazards = {
        {HazardClass::AppIncompatible, "old code breaks here: code that still uses the old name " +
                                           c.from + " fails once the view is gone"}};
    done.deploy_note = "deploy code that uses table `" + c.to + "`";
    if (c.objects.empty())
        return {s, done};
    return {s, done, rename_objects_step(ctx, c, s.id)};
}

// PostgreSQL leaves `people_pkey` and the like alone when the table is renamed; the catalog
// ends as desired only if they follow. A name is only a catalog entry: no rewrite, no scan.
plan::Step rename_objects_step(const StepContext& ctx, const diff::RenameTable& c,
                               const std::string& after) {
    std::string names;
    for (const auto& o : c.objects)
        names += (names.empty() ? "" : ", ") + o.from;
    auto s =
        ctx.step(c.to + ":rename:objects", Phase::Expand,
                 "rename " + names + " of " + c.to + " after the table", "ACCESS EXCLUSIVE", c.to);
    auto rename = [&](const diff::ObjectRename& o, const std::string& from, const std::string& to) {
        if (o.kind == diff::ObjectRename::Kind::Index)
            return "ALTER INDEX " + ctx.names.object(from) + " RENAME TO " + quote_ident(to);
        return alter_table(ctx, c.to) + "RENAME CONSTRAINT " + quote_ident(from) + " TO " +
               quote_ident(to);
    };
    for (const auto& o : c.objects)
        s.up.push_back(rename(o, o.from, o.to));
    for (auto it = c.objects.rbegin(); it != c.objects.rend(); ++it)
        s.down.push_back(rename(*it, it->to, it->from));
    s.after = {after};
    return s;
}

std::vector<plan::Step> table_comment_steps(const StepContext& ctx,
                                            const diff::SetTableComment& c) {
    auto s = ctx.step(c.table + ":comment", Phase::Expand, "set the comment of " + c.table,
                      "SHARE UPDATE EXCLUSIVE", c.table);
    s.up = {"COMMENT ON TABLE " + ctx.table(c.table) + " IS " + comment_literal(c.to)};
    s.down = {"COMMENT ON TABLE " + ctx.table(c.table) + " IS " + comment_literal(c.from)};
    return {s};
}

} // namespace stepwise::postgres
