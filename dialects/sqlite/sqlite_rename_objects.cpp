#include "dialects/sqlite/sqlite_ddl.h"
#include "dialects/sqlite/sqlite_quote.h"
#include "dialects/sqlite/sqlite_steps.h"

namespace stepwise::sqlite {

namespace {

// SQLite keeps a constraint's name only in the CREATE TABLE text and cannot rename it. The
// name changes nothing stored, so the text is edited in place, the kind of schema change
// SQLite's ALTER TABLE documentation allows through writable_schema. A table created by
// someone else with unnamed constraints has no such text: the replace finds nothing and the
// name read back already follows the table.
std::vector<std::string>
rename_constraints(const std::string& table,
                   const std::vector<std::pair<std::string, std::string>>& names) {
    if (names.empty())
        return {};
    std::string sql = "sql";
    for (const auto& [from, to] : names)
        sql = "replace(" + sql + ", " + quote_literal("CONSTRAINT " + quote_ident(from) + " ") +
              ", " + quote_literal("CONSTRAINT " + quote_ident(to) + " ") + ")";
    return {
        "PRAGMA writable_schema = ON",
        "UPDATE sqlite_master SET sql = " + sql +
            " WHERE type = 'table' AND name = " + quote_literal(table),
        "PRAGMA writable_schema = OFF",
        // Any DDL bumps the schema cookie, so every connection reads the edited text again.
        "CREATE TABLE \"_stepwise_schema_bump\" (x)",
        "DROP TABLE \"_stepwise_schema_bump\"",
    };
}

} // namespace

plan::Step rename_objects_step(const StepContext& ctx, const diff::RenameTable& c,
                               const model::Table& target) {
    std::string names;
    for (const auto& o : c.objects)
        names += (names.empty() ? "" : ", ") + o.from;
    plan::Step s = ctx.step(c.to + ":rename:objects", plan::Phase::Expand,
                            "rename " + names + " of " + c.to + " after the table");
    std::vector<std::pair<std::string, std::string>> up, down;
    for (const auto& o : c.objects) {
        if (o.kind != diff::ObjectRename::Kind::Index) {
            up.emplace_back(o.from, o.to);
            down.emplace_back(o.to, o.from);
            continue;
        }
        // No RENAME INDEX in SQLite: the index is built again under its new name.
        const model::Index* index = target.find_index(o.to);
        if (!index)
            continue;
        model::Index old = *index;
        old.name = o.from;
        s.up.push_back(render_drop_index(old));
        s.up.push_back(render_create_index(c.to, *index));
        s.down.push_back(render_drop_index(*index));
        s.down.push_back(render_create_index(c.to, old));
    }
    for (auto& sql : rename_constraints(c.to, up))
        s.up.push_back(sql);
    for (auto& sql : rename_constraints(c.to, down))
        s.down.push_back(sql);
    return s;
}

} // namespace stepwise::sqlite
