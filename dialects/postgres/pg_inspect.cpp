#include "dialects/postgres/pg_inspect.h"

#include "dialects/postgres/pg_expr.h"
#include "dialects/postgres/pg_types.h"

#include <map>
#include <nlohmann/json.hpp>

namespace stepwise::postgres {

namespace {

using dialect::Value;

const char* kEnums = R"(
SELECT t.typname, e.enumlabel
FROM pg_type t
JOIN pg_namespace n ON n.oid = t.typnamespace
JOIN pg_enum e ON e.enumtypid = t.oid
WHERE n.nspname = $1
  AND t.typname NOT LIKE '\_stepwise\_%'
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass
                  AND d.objid = t.oid AND d.deptype = 'e')
ORDER BY t.typname, e.enumsortorder)";

// Tables of the schema that are the user's: not an extension's, not a tombstone.
const char* kUserTables = R"(
  c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = $1)
  AND c.relkind IN ('r', 'p')
  AND c.relname NOT LIKE '\_stepwise\_%'
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                  AND d.objid = c.oid AND d.deptype = 'e'))";

std::string tables_sql() {
    return std::string("SELECT c.relname, obj_description(c.oid, 'pg_class') FROM pg_class c "
                       "WHERE ") +
           kUserTables + " ORDER BY c.relname";
}

// pg_get_expr with a relation opens it to name its columns, once per call: a default cannot
// refer to a column, so only a generated column's expression needs that (same text, a third
// of the query's time at 10,000 tables).
std::string columns_sql() {
    return std::string(R"(
SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod),
       (t.typtype = 'e' AND t.typnamespace = c.relnamespace)::int, t.typname,
       a.attnotnull::int, a.attidentity, a.attgenerated,
       CASE WHEN a.attgenerated = '' THEN pg_get_expr(ad.adbin, 0)
            ELSE pg_get_expr(ad.adbin, ad.adrelid) END,
       CASE WHEN a.attcollation <> t.typcollation THEN co.collname END,
       col_description(c.oid, a.attnum)
FROM pg_class c
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_attrdef ad ON ad.adrelid = c.oid AND ad.adnum = a.attnum
LEFT JOIN pg_collation co ON co.oid = a.attcollation
WHERE )") + kUserTables +
           " AND a.attname NOT LIKE '\\_stepwise\\_%' ORDER BY c.relname, a.attnum";
}

std::string constraints_sql() {
    return std::string(R"(
SELECT c.relname, con.conname, con.contype, con.convalidated::int,
       (SELECT json_agg(a.attname ORDER BY k.o) FROM unnest(con.conkey) WITH ORDINALITY k(n, o)
        JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n)::text,
       rc.relname,
       (SELECT json_agg(a.attname ORDER BY k.o) FROM unnest(con.confkey) WITH ORDINALITY k(n, o)
        JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n)::text,
       con.confupdtype, con.confdeltype, pg_get_expr(con.conbin, con.conrelid)
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid
LEFT JOIN pg_class rc ON rc.oid = con.confrelid
WHERE con.contype IN ('p', 'u', 'f', 'c') AND con.conname NOT LIKE '\_stepwise\_%' AND )") +
           kUserTables + " ORDER BY c.relname, con.conname";
}

// pg_get_indexdef only for expression keys: a plain column key is read by name, and one call
// per key column was two thirds of this query's time at 10,000 tables.
std::string indexes_sql() {
    return std::string(R"(
SELECT c.relname, ic.relname, i.indisunique::int, i.indisvalid::int, am.amname,
       (SELECT json_agg(json_build_array(
                  CASE WHEN i.indkey[k - 1] = 0 THEN NULL
                       ELSE (SELECT attname FROM pg_attribute
                             WHERE attrelid = i.indrelid AND attnum = i.indkey[k - 1]) END,
                  CASE WHEN i.indkey[k - 1] = 0 THEN pg_get_indexdef(i.indexrelid, k, true) END,
                  (i.indoption[k - 1] & 1)) ORDER BY k)
        FROM generate_series(1, i.indnkeyatts) AS k)::text,
       pg_get_expr(i.indpred, i.indrelid),
       EXISTS (SELECT 1 FROM pg_stat_progress_create_index p
               WHERE p.index_relid = i.indexrelid)::int
FROM pg_index i
JOIN pg_class c ON c.oid = i.indrelid
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_am am ON am.oid = ic.relam
WHERE NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid
                  AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x'))
  AND ic.relname NOT LIKE '\_stepwise\_%' AND )") +
           kUserTables + " ORDER BY c.relname, ic.relname";
}

std::vector<std::string> names(const Value& json) {
    std::vector<std::string> out;
    if (!json)
        return out;
    for (const auto& v : nlohmann::json::parse(*json))
        out.push_back(v.get<std::string>());
    return out;
}

model::FkAction fk_action(const Value& code) {
    char c = code && !code->empty() ? (*code)[0] : 'a';
    switch (c) {
    case 'r':
        return model::FkAction::Restrict;
    case 'c':
        return model::FkAction::Cascade;
    case 'n':
        return model::FkAction::SetNull;
    case 'd':
        return model::FkAction::SetDefault;
    default:
        return model::FkAction::NoAction;
    }
}

const std::string& text(const Value& v) {
    static const std::string empty;
    return v ? *v : empty;
}

} // namespace

model::Catalog inspect_schema(dialect::Connection& conn, const std::string& schema) {
    model::Catalog catalog;
    catalog.ns = schema;
    std::vector<Value> p{schema};

    for (const auto& row : conn.query(kEnums, p).rows) {
        if (catalog.enums.empty() || catalog.enums.back().name != text(row[0]))
            catalog.enums.push_back(model::Enum{text(row[0]), {}, {}});
        catalog.enums.back().labels.push_back(text(row[1]));
    }

    std::map<std::string, model::Table> tables;
    for (const auto& row : conn.query(tables_sql(), p).rows) {
        model::Table t;
        t.name = text(row[0]);
        t.comment = row[1];
        tables.emplace(t.name, std::move(t));
    }

    for (const auto& row : conn.query(columns_sql(), p).rows) {
        auto it = tables.find(text(row[0]));
        if (it == tables.end())
            continue;
        model::Column c;
        c.name = text(row[1]);
        bool is_enum = text(row[3]) == "1";
        c.type = type_from_catalog(is_enum ? text(row[4]) : text(row[2]), is_enum);
        c.nullable = text(row[5]) != "1";
        c.identity = !text(row[6]).empty();
        if (!text(row[7]).empty()) {
            // A generated column has no DSL form: keep its expression as the native type.
            c.type =
                model::Type{model::TypeKind::Sql,
                            {},
                            {},
                            {},
                            text(row[2]) + " GENERATED ALWAYS AS (" + text(row[8]) + ") STORED"};
        } else if (row[8]) {
            c.default_value = expr_from_catalog(*row[8]);
        }
        c.collation = row[9];
        c.comment = row[10];
        it->second.columns.push_back(std::move(c));
    }

    for (const auto& row : conn.query(constraints_sql(), p).rows) {
        auto it = tables.find(text(row[0]));
        if (it == tables.end())
            continue;
        model::Table& t = it->second;
        char kind = text(row[2]).empty() ? ' ' : text(row[2])[0];
        std::string name = text(row[1]);
        if (kind == 'p') {
            t.primary_key = model::PrimaryKey{name, names(row[4]), {}};
        } else if (kind == 'u') {
            t.uniques.push_back(model::UniqueConstraint{name, names(row[4]), {}});
        } else if (kind == 'f') {
            model::ForeignKey fk;
            fk.name = name;
            fk.columns = names(row[4]);
            fk.ref_table = text(row[5]);
            fk.ref_columns = names(row[6]);
            fk.on_update = fk_action(row[7]);
            fk.on_delete = fk_action(row[8]);
            fk.validated = text(row[3]) == "1";
            t.foreign_keys.push_back(std::move(fk));
        } else if (kind == 'c') {
            model::Expr e = expr_from_catalog(text(row[9]));
            t.checks.push_back(
                model::Check{name, {model::Expr::Kind::Raw, e.text}, {}, text(row[3]) == "1"});
        }
    }

    for (const auto& row : conn.query(indexes_sql(), p).rows) {
        auto it = tables.find(text(row[0]));
        if (it == tables.end())
            continue;
        std::string name = text(row[1]);
        if (text(row[3]) != "1") {
            if (text(row[7]) == "1")
                throw dialect::DatabaseError(
                    "index " + name + " on " + it->first +
                    " is still being built by another session (CREATE INDEX CONCURRENTLY); "
                    "wait for that build to finish, then plan again");
            continue; // dead: the plan rebuilds it
        }
        model::Index idx;
        idx.name = name;
        idx.unique = text(row[2]) == "1";
        idx.method = text(row[4]) == "btree" ? "" : text(row[4]);
        if (row[5])
            for (const auto& part : nlohmann::json::parse(*row[5])) {
                model::IndexPart ip;
                if (!part[0].is_null())
                    ip.column = part[0].get<std::string>();
                else
                    ip.expr = model::Expr{model::Expr::Kind::Raw,
                                          expr_from_catalog(part[1].get<std::string>()).text};
                ip.order = part[2].get<int>() ? model::SortOrder::Desc : model::SortOrder::Asc;
                idx.parts.push_back(std::move(ip));
            }
        if (row[6])
            idx.where = model::Expr{model::Expr::Kind::Raw, expr_from_catalog(*row[6]).text};
        it->second.indexes.push_back(std::move(idx));
    }

    for (auto& [name, t] : tables)
        catalog.tables.push_back(std::move(t));
    model::canonicalize(catalog);
    return catalog;
}

} // namespace stepwise::postgres
