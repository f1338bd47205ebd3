#include "dialects/mysql/mysql_inspect.h"

#include "dialects/mysql/mysql_ddl.h"
#include "dialects/mysql/mysql_expr.h"
#include "dialects/mysql/mysql_quote.h"
#include "dialects/mysql/mysql_types.h"

#include <map>
#include <regex>
#include <set>

namespace stepwise::mysql {

namespace {

bool tool_name(const std::string& name) {
    return name.rfind("_stepwise_", 0) == 0;
}

std::string text(const dialect::Value& v) {
    return v.value_or("");
}

model::FkAction fk_action(const std::string& rule) {
    if (rule == "CASCADE")
        return model::FkAction::Cascade;
    if (rule == "SET NULL")
        return model::FkAction::SetNull;
    if (rule == "SET DEFAULT")
        return model::FkAction::SetDefault;
    if (rule == "NO ACTION")
        return model::FkAction::NoAction;
    // MariaDB reports an unspecified action as RESTRICT, which is what NO ACTION means here.
    return model::FkAction::NoAction;
}

} // namespace

model::Catalog inspect_catalog(MysqlConnection& conn) {
    model::Catalog catalog;
    catalog.ns = conn.database();
    const Flavour flavour = conn.server().flavour;
    const std::string db = "DATABASE()";
    std::map<std::string, model::Table> tables;
    std::map<std::string, std::string> table_collation;

    auto rs = conn.query("SELECT table_name, table_comment, table_collation FROM "
                         "information_schema.tables WHERE table_schema = " +
                         db + " AND table_type = 'BASE TABLE'");
    for (const auto& r : rs.rows) {
        std::string name = text(r[0]);
        if (tool_name(name))
            continue;
        model::Table t;
        t.name = name;
        if (!text(r[1]).empty())
            t.comment = text(r[1]);
        table_collation[name] = text(r[2]);
        tables.emplace(name, std::move(t));
    }

    std::map<std::pair<std::string, std::string>, std::string> enum_names;
    if (!conn.query("SELECT 1 FROM information_schema.tables WHERE table_schema = " + db +
                    " AND table_name = '" + std::string(kEnumRegistry) + "'")
             .rows.empty()) {
        for (const auto& r : conn.query("SELECT table_name, column_name, enum_name FROM " +
                                        quote_ident(kEnumRegistry))
                                 .rows)
            enum_names[{text(r[0]), text(r[1])}] = text(r[2]);
    }

    // Which columns are json on MariaDB: a column check `json_valid(col)` named as the column.
    std::set<std::pair<std::string, std::string>> json_checks;
    std::map<std::string, std::vector<model::Check>> checks;
    rs = conn.query("SELECT table_name, constraint_name, check_clause FROM "
                    "information_schema.check_constraints WHERE constraint_schema = " +
                    db);
    for (const auto& r : rs.rows) {
        std::string table = text(r[0]), name = text(r[1]), clause = text(r[2]);
        if (!tables.count(table))
            continue;
        if (normalize(clause) == normalize("json_valid(" + quote_ident(name) + ")")) {
            json_checks.insert({table, name});
            continue;
        }
        checks[table].push_back(model::Check{name, read_raw(clause), {}});
    }

    std::map<std::string, std::vector<std::string>> enum_labels_of; // enum name -> labels
    rs = conn.query("SELECT table_name, column_name, data_type, column_type, is_nullable, "
                    "column_default, extra, collation_name, column_comment FROM "
                    "information_schema.columns WHERE table_schema = " +
                    db + " ORDER BY table_name, ordinal_position");
    for (const auto& r : rs.rows) {
        auto it = tables.find(text(r[0]));
        std::string name = text(r[1]);
        if (it == tables.end() || tool_name(name))
            continue;
        model::Column c;
        c.name = name;
        std::string data_type = text(r[2]), column_type = text(r[3]), extra = text(r[6]);
        c.type = read_type(data_type, column_type);
        if (data_type == "longtext" && json_checks.count({it->first, name}))
            c.type = model::Type{model::TypeKind::Json, {}, {}, {}, {}};
        if (c.type.kind == model::TypeKind::Enum) {
            auto labels = enum_labels(column_type);
            auto named = enum_names.find({it->first, name});
            std::string enum_name =
                named != enum_names.end() ? named->second : it->first + "_" + name;
            auto existing = enum_labels_of.find(enum_name);
            if (existing != enum_labels_of.end() && existing->second != labels)
                enum_name = it->first + "_" + name; // registry is stale for this column
            enum_labels_of[enum_name] = labels;
            c.type.name = enum_name;
        }
        c.nullable = text(r[4]) == "YES";
        c.default_value = read_default(r[5], extra, flavour);
        c.identity = extra.find("auto_increment") != std::string::npos;
        std::string collation = text(r[7]);
        if (!collation.empty() && collation != table_collation[it->first] &&
            c.type.kind != model::TypeKind::Json)
            c.collation = collation;
        if (!text(r[8]).empty())
            c.comment = text(r[8]);
        it->second.columns.push_back(std::move(c));
    }

    // Foreign keys first: the indexes InnoDB made for them are left out below.
    std::map<std::string, std::map<std::string, model::ForeignKey>> fks;
    rs = conn.query("SELECT k.table_name, k.constraint_name, k.column_name, "
                    "k.referenced_table_name, k.referenced_column_name, r.update_rule, "
                    "r.delete_rule FROM information_schema.key_column_usage k JOIN "
                    "information_schema.referential_constraints r ON r.constraint_schema = "
                    "k.constraint_schema AND r.constraint_name = k.constraint_name AND "
                    "r.table_name = k.table_name WHERE k.table_schema = " +
                    db +
                    " AND k.referenced_table_name IS NOT NULL ORDER BY k.table_name, "
                    "k.constraint_name, k.ordinal_position");
    for (const auto& r : rs.rows) {
        std::string table = text(r[0]);
        if (!tables.count(table))
            continue;
        auto& fk = fks[table][text(r[1])];
        fk.name = text(r[1]);
        fk.columns.push_back(text(r[2]));
        fk.ref_table = text(r[3]);
        fk.ref_columns.push_back(text(r[4]));
        fk.on_update = fk_action(text(r[5]));
        fk.on_delete = fk_action(text(r[6]));
    }

    // MySQL 8 keeps functional key parts in `expression`; MariaDB has none.
    std::string expression = flavour == Flavour::MySQL ? "expression" : "NULL";
    rs = conn.query("SELECT table_name, index_name, non_unique, column_name, sub_part, "
                    "collation, index_type, index_comment, " +
                    expression +
                    " FROM information_schema.statistics "
                    "WHERE table_schema = " +
                    db +
                    " ORDER BY table_name, index_name, "
                    "seq_in_index");
    struct RawIndex {
        bool unique = false;
        std::vector<model::IndexPart> parts;
        std::vector<std::string> columns;
        bool plain = true; // only whole columns, ascending
        std::string type, comment;
    };
    std::map<std::string, std::map<std::string, RawIndex>> indexes;
    for (const auto& r : rs.rows) {
        std::string table = text(r[0]);
        if (!tables.count(table) || tool_name(text(r[1])))
            continue;
        auto& idx = indexes[table][text(r[1])];
        idx.unique = text(r[2]) == "0";
        idx.type = text(r[6]);
        idx.comment = text(r[7]);
        model::IndexPart part;
        std::string column = text(r[3]);
        if (!r[3] && r[8]) {
            part.expr = read_raw(*r[8]);
            idx.plain = false;
        } else if (r[4]) {
            // A plain name as is (as the DSL writes it); any other backquoted.
            static const std::regex plain("[A-Za-z_][A-Za-z0-9_]*");
            std::string name = std::regex_match(column, plain) ? column : quote_ident(column);
            part.expr = model::Expr{model::Expr::Kind::Raw, name + "(" + *r[4] + ")"};
            idx.plain = false;
        } else {
            part.column = column;
        }
        if (text(r[5]) == "D") {
            part.order = model::SortOrder::Desc;
            idx.plain = false;
        }
        idx.columns.push_back(column);
        idx.parts.push_back(part);
    }
    for (auto& [table_name, by_name] : indexes) {
        model::Table& t = tables[table_name];
        for (auto& [name, idx] : by_name) {
            if (name == "PRIMARY") {
                t.primary_key = model::PrimaryKey{name, idx.columns, {}};
                continue;
            }
            auto fk = fks[table_name].find(name);
            if (fk != fks[table_name].end() && !idx.unique && idx.plain &&
                idx.columns == fk->second.columns)
                continue;
            if (idx.unique && idx.plain && idx.comment != kUniqueIndexComment) {
                t.uniques.push_back(model::UniqueConstraint{name, idx.columns, {}});
                continue;
            }
            model::Index index;
            index.name = name;
            index.unique = idx.unique;
            index.parts = idx.parts;
            if (idx.type == "HASH")
                index.method = "hash";
            t.indexes.push_back(std::move(index));
        }
    }
    for (auto& [table_name, by_name] : fks)
        for (auto& [name, fk] : by_name)
            tables[table_name].foreign_keys.push_back(fk);
    for (auto& [table_name, list] : checks)
        tables[table_name].checks = list;

    for (auto& [name, labels] : enum_labels_of)
        catalog.enums.push_back(model::Enum{name, labels, {}});
    for (auto& [name, t] : tables)
        catalog.tables.push_back(std::move(t));
    model::canonicalize(catalog);
    return catalog;
}

} // namespace stepwise::mysql
