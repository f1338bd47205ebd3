#include "dialects/sqlite/sqlite_ddl.h"
#include "dialects/sqlite/sqlite_expr.h"
#include "dialects/sqlite/sqlite_quote.h"
#include "dialects/sqlite/sqlite_steps.h"

#include <algorithm>

namespace stepwise::sqlite {

namespace {

bool in(const std::vector<std::string>& list, const std::string& name) {
    return std::find(list.begin(), list.end(), name) != list.end();
}

} // namespace

bool can_add_in_place(const model::Table& target, const model::Column& column) {
    // The rules of SQLite's ALTER TABLE ADD COLUMN, plus what our rendering needs: a comment
    // line cannot travel in an ADD COLUMN, and a backfill must come from a copy.
    if (column.identity || column.comment || column.backfill)
        return false;
    if (target.primary_key && in(target.primary_key->columns, column.name))
        return false;
    for (const auto& u : target.uniques)
        if (in(u.columns, column.name))
            return false;
    for (const auto& fk : target.foreign_keys)
        if (in(fk.columns, column.name) && column.default_value &&
            column.default_value->kind != model::Expr::Kind::Null)
            return false;
    if (column.default_value && !is_constant(*column.default_value))
        return false;
    if (!column.nullable &&
        (!column.default_value || column.default_value->kind == model::Expr::Kind::Null))
        return false;
    return true;
}

plan::Step add_column_step(const StepContext& ctx, const std::string& table_now,
                           const model::Table& target, const model::Column& column) {
    plan::Step s = ctx.step(target.name + "." + column.name + ":add", plan::Phase::Expand,
                            "add column " + target.name + "." + column.name);
    std::string def = render_column(target, column);
    if (column.type.kind == model::TypeKind::Enum) {
        // The same column text as in CREATE TABLE, so inspection reads the enum back.
        model::Table one = target;
        one.name = table_now;
        one.columns = {column};
        one.primary_key.reset();
        one.uniques.clear();
        one.foreign_keys.clear();
        one.checks.clear();
        one.comment.reset();
        std::string full = render_create_table(one, ctx.to);
        size_t open = full.find("(\n    ") + 6;
        def = full.substr(open, full.rfind("\n)") - open);
    }
    s.up.push_back("ALTER TABLE " + quote_ident(table_now) + " ADD COLUMN " + def);
    s.down.push_back("ALTER TABLE " + quote_ident(table_now) + " DROP COLUMN " +
                     quote_ident(column.name));
    return s;
}

} // namespace stepwise::sqlite
