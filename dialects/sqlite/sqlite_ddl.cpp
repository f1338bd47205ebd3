#include "dialects/sqlite/sqlite_ddl.h"

#include "dialects/sqlite/sqlite_expr.h"
#include "dialects/sqlite/sqlite_quote.h"
#include "dialects/sqlite/sqlite_types.h"

#include <nlohmann/json.hpp>
#include <stdexcept>

namespace stepwise::sqlite {

namespace {

std::string column_list(const std::vector<std::string>& columns) {
    std::string out;
    for (const auto& c : columns)
        out += (out.empty() ? "" : ", ") + quote_ident(c);
    return out;
}

const char* action_sql(model::FkAction action) {
    switch (action) {
    case model::FkAction::Restrict:
        return "RESTRICT";
    case model::FkAction::Cascade:
        return "CASCADE";
    case model::FkAction::SetNull:
        return "SET NULL";
    case model::FkAction::SetDefault:
        return "SET DEFAULT";
    case model::FkAction::NoAction:
        break;
    }
    return "NO ACTION";
}

// JSON string syntax escapes newlines, so a comment never ends the SQL line comment early.
std::string marker_line(const char* marker, const std::string& value) {
    return std::string("    -- ") + marker + " " + nlohmann::json(value).dump() + "\n";
}

std::string enum_check(const model::Column& column, const model::Catalog& catalog) {
    const model::Enum* e = catalog.find_enum(column.type.name);
    if (!e)
        throw std::invalid_argument("column " + column.name + " uses unknown enum " +
                                    column.type.name);
    std::string labels;
    for (const auto& l : e->labels)
        labels += (labels.empty() ? "" : ", ") + quote_literal(l);
    return " CONSTRAINT " + quote_ident(kEnumCheckPrefix + e->name) + " CHECK (" +
           quote_ident(column.name) + " IN (" + labels + "))";
}

} // namespace

bool is_rowid_identity(const model::Table& table, const model::Column& column) {
    return column.identity && table.primary_key && table.primary_key->columns.size() == 1 &&
           table.primary_key->columns[0] == column.name;
}

std::string render_column(const model::Table& table, const model::Column& column) {
    std::string out = quote_ident(column.name) + " ";
    bool identity = is_rowid_identity(table, column);
    out += identity ? "integer" : declared_type(column.type);
    if (!column.nullable)
        out += " NOT NULL";
    if (identity)
        out += " CONSTRAINT " + quote_ident(table.primary_key->name) + " PRIMARY KEY AUTOINCREMENT";
    if (column.default_value)
        out += " DEFAULT " + render_default(*column.default_value);
    if (column.collation)
        out += " COLLATE " + quote_ident(*column.collation);
    return out;
}

std::string render_foreign_key(const model::ForeignKey& key) {
    std::string out =
        "FOREIGN KEY (" + column_list(key.columns) + ") REFERENCES " + quote_ident(key.ref_table);
    if (!key.ref_columns.empty())
        out += " (" + column_list(key.ref_columns) + ")";
    if (key.on_delete != model::FkAction::NoAction)
        out += std::string(" ON DELETE ") + action_sql(key.on_delete);
    if (key.on_update != model::FkAction::NoAction)
        out += std::string(" ON UPDATE ") + action_sql(key.on_update);
    return out;
}

std::string render_create_table(const model::Table& table, const model::Catalog& catalog,
                                const std::string& name) {
    std::string out = "CREATE TABLE " + quote_ident(name.empty() ? table.name : name) + " (\n";
    if (table.comment)
        out += marker_line(kTableCommentMarker, *table.comment);
    std::vector<std::string> elements;
    bool pk_inline = false;
    for (const auto& c : table.columns) {
        std::string lines;
        if (c.comment)
            lines += marker_line(kCommentMarker, *c.comment);
        if (is_rowid_identity(table, c)) {
            pk_inline = true;
            if (c.type.kind != model::TypeKind::Int)
                lines += marker_line(kTypeMarker, model::to_dsl(c.type));
        }
        std::string def = render_column(table, c);
        if (c.type.kind == model::TypeKind::Enum)
            def += enum_check(c, catalog);
        elements.push_back(lines + "    " + def);
    }
    if (table.primary_key && !pk_inline)
        elements.push_back("    CONSTRAINT " + quote_ident(table.primary_key->name) +
                           " PRIMARY KEY (" + column_list(table.primary_key->columns) + ")");
    for (const auto& u : table.uniques)
        elements.push_back("    CONSTRAINT " + quote_ident(u.name) + " UNIQUE (" +
                           column_list(u.columns) + ")");
    for (const auto& fk : table.foreign_keys)
        elements.push_back("    CONSTRAINT " + quote_ident(fk.name) + " " + render_foreign_key(fk));
    for (const auto& ck : table.checks)
        elements.push_back("    CONSTRAINT " + quote_ident(ck.name) + " CHECK (" + ck.expr.text +
                           ")");
    for (size_t i = 0; i < elements.size(); ++i)
        out += elements[i] + (i + 1 < elements.size() ? ",\n" : "\n");
    return out + ")";
}

std::string render_create_index(const std::string& table, const model::Index& index) {
    std::string out = index.unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ";
    out += quote_ident(index.name) + " ON " + quote_ident(table) + " (";
    for (size_t i = 0; i < index.parts.size(); ++i) {
        const auto& p = index.parts[i];
        if (i)
            out += ", ";
        out += p.expr ? "(" + p.expr->text + ")" : quote_ident(p.column);
        if (p.order == model::SortOrder::Desc)
            out += " DESC";
    }
    out += ")";
    if (index.where)
        out += " WHERE " + index.where->text;
    return out;
}

std::string render_drop_index(const model::Index& index) {
    return "DROP INDEX " + quote_ident(index.name);
}

} // namespace stepwise::sqlite
