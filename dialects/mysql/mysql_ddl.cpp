#include "dialects/mysql/mysql_ddl.h"

#include "dialects/mysql/mysql_expr.h"
#include "dialects/mysql/mysql_quote.h"
#include "dialects/mysql/mysql_types.h"

#include <regex>

namespace stepwise::mysql {

std::string column_list(const std::vector<std::string>& columns) {
    std::string out;
    for (size_t i = 0; i < columns.size(); ++i)
        out += (i ? ", " : "") + quote_ident(columns[i]);
    return out;
}

std::string column_definition(const DdlContext& ctx, const model::Column& column) {
    std::string out =
        quote_ident(column.name) + " " + render_type(column.type, ctx.catalog, ctx.server);
    if (column.collation)
        out += " COLLATE " + quote_ident(*column.collation);
    out += column.nullable ? " NULL" : " NOT NULL";
    if (column.default_value)
        out += " DEFAULT " + render_default(*column.default_value);
    if (column.identity)
        out += " AUTO_INCREMENT";
    if (column.comment)
        out += " COMMENT " + quote_literal(*column.comment);
    return out;
}

std::string index_parts(const std::vector<model::IndexPart>& parts) {
    // `(col(10))` in the DSL is a prefix of col, which is all MariaDB indexes besides columns;
    // a name that is not a plain word is backquoted (`` for a backquote in it).
    static const std::regex prefix(
        R"(\s*(`(?:[^`]|``)+`|[A-Za-z_][A-Za-z0-9_]*)\s*\(\s*([0-9]+)\s*\)\s*)");
    static const std::regex doubled("``");
    std::string out;
    for (size_t i = 0; i < parts.size(); ++i) {
        const auto& p = parts[i];
        out += i ? ", " : "";
        std::smatch m;
        if (p.expr && std::regex_match(p.expr->text, m, prefix)) {
            std::string name = m[1].str();
            if (name.front() == '`')
                name = std::regex_replace(name.substr(1, name.size() - 2), doubled, "`");
            out += quote_ident(name) + "(" + m[2].str() + ")";
        } else if (p.expr)
            out += "(" + p.expr->text + ")";
        else
            out += quote_ident(p.column);
        if (p.order == model::SortOrder::Desc)
            out += " DESC";
    }
    return out;
}

std::string index_clause(const model::Index& index, bool if_not_exists) {
    std::string out = std::string(index.unique ? "UNIQUE INDEX " : "INDEX ") +
                      (if_not_exists ? "IF NOT EXISTS " : "") + quote_ident(index.name) + " (" +
                      index_parts(index.parts) + ")";
    if (!index.method.empty())
        out += " USING " + std::string(index.method == "hash" ? "HASH" : "BTREE");
    if (index.unique)
        out += " COMMENT " + quote_literal(kUniqueIndexComment);
    return out;
}

std::string unique_clause(const model::UniqueConstraint& unique, bool if_not_exists) {
    return "UNIQUE INDEX " + std::string(if_not_exists ? "IF NOT EXISTS " : "") +
           quote_ident(unique.name) + " (" + column_list(unique.columns) + ")";
}

std::string primary_key_clause(const model::PrimaryKey& key) {
    return "PRIMARY KEY (" + column_list(key.columns) + ")";
}

static const char* action(model::FkAction a) {
    switch (a) {
    case model::FkAction::NoAction:
        return "NO ACTION";
    case model::FkAction::Restrict:
        return "RESTRICT";
    case model::FkAction::Cascade:
        return "CASCADE";
    case model::FkAction::SetNull:
        return "SET NULL";
    case model::FkAction::SetDefault:
        return "SET DEFAULT";
    }
    return "NO ACTION";
}

std::string foreign_key_clause(const model::ForeignKey& key, bool if_not_exists) {
    // MariaDB's IF NOT EXISTS of a key comes after FOREIGN KEY; it names the constraint.
    std::string out = "CONSTRAINT " + quote_ident(key.name) + " FOREIGN KEY " +
                      (if_not_exists ? "IF NOT EXISTS " : "") + "(" + column_list(key.columns) +
                      ") REFERENCES " + quote_ident(key.ref_table) + " (" +
                      column_list(key.ref_columns) + ")";
    // InnoDB checks RESTRICT and NO ACTION alike, but stores what it was told differently by
    // path: an in-place ADD FOREIGN KEY stores RESTRICT as NO ACTION (SHOW CREATE TABLE says
    // `ON DELETE NO ACTION`), a CREATE TABLE or a copy stores RESTRICT (no clause). Writing
    // neither leaves RESTRICT whichever way the key is built.
    auto strict = [](model::FkAction a) {
        return a == model::FkAction::NoAction || a == model::FkAction::Restrict;
    };
    if (!strict(key.on_delete))
        out += std::string(" ON DELETE ") + action(key.on_delete);
    if (!strict(key.on_update))
        out += std::string(" ON UPDATE ") + action(key.on_update);
    return out;
}

std::string check_clause(const model::Check& check, bool if_not_exists) {
    return "CONSTRAINT " + std::string(if_not_exists ? "IF NOT EXISTS " : "") +
           quote_ident(check.name) + " CHECK (" + check.expr.text + ")";
}

std::string create_table(const DdlContext& ctx, const model::Table& table, bool if_not_exists) {
    std::vector<std::string> members;
    for (const auto& c : table.columns)
        members.push_back(column_definition(ctx, c));
    if (table.primary_key)
        members.push_back(primary_key_clause(*table.primary_key));
    for (const auto& u : table.uniques)
        members.push_back(unique_clause(u));
    for (const auto& i : table.indexes)
        members.push_back(index_clause(i));
    for (const auto& f : table.foreign_keys)
        members.push_back(foreign_key_clause(f));
    for (const auto& c : table.checks)
        members.push_back(check_clause(c));
    std::string out = std::string("CREATE TABLE ") + (if_not_exists ? "IF NOT EXISTS " : "") +
                      quote_ident(table.name) + " (\n";
    for (size_t i = 0; i < members.size(); ++i)
        out += "  " + members[i] + (i + 1 < members.size() ? ",\n" : "\n");
    out += ") ENGINE=InnoDB";
    if (table.comment)
        out += " COMMENT=" + quote_literal(*table.comment);
    return out;
}

} // namespace stepwise::mysql
