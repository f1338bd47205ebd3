#include "dialects/postgres/pg_scratch.h"

#include "dialects/postgres/pg_ddl.h"
#include "dialects/postgres/pg_inspect.h"
#include "dialects/postgres/pg_quote.h"

#include <algorithm>

namespace stepwise::postgres {

namespace {

const char* kSavepoint = "_stepwise_scratch";

// The objects whose expressions the server spells: enums and tables without foreign keys
// (no expressions, and they would need their parents first) or comments.
std::vector<std::string> scratch_ddl(const model::Catalog& desired, const std::string& schema) {
    Names n{schema};
    std::vector<std::string> out{"CREATE SCHEMA " + quote_ident(schema)};
    for (const auto& e : desired.enums) {
        std::string labels;
        for (const auto& l : e.labels)
            labels += (labels.empty() ? "" : ", ") + quote_literal(l);
        out.push_back("CREATE TYPE " + n.object(e.name) + " AS ENUM (" + labels + ")");
    }
    for (model::Table t : desired.tables) {
        t.foreign_keys.clear();
        t.comment.reset();
        for (auto& c : t.columns)
            c.comment.reset();
        for (auto& sql : create_table_sql(n, t))
            out.push_back(std::move(sql));
    }
    return out;
}

bool names_schema(const std::string& text, const std::string& schema) {
    return text.find(schema) != std::string::npos;
}

bool names_schema(const model::Expr& e, const std::string& schema) {
    return names_schema(e.text, schema);
}

template <typename T> const T* by_name(const std::vector<T>& list, const std::string& name) {
    for (const auto& x : list)
        if (x.name == name)
            return &x;
    return nullptr;
}

bool is_generated(const model::Type& type) {
    return type.kind == model::TypeKind::Sql &&
           type.name.find(" GENERATED ALWAYS AS (") != std::string::npos;
}

void adopt_columns(model::Table& t, const model::Table& s, const std::string& schema) {
    for (auto& c : t.columns) {
        const model::Column* sc = s.find_column(c.name);
        if (!sc)
            continue;
        if (c.default_value && sc->default_value && !names_schema(*sc->default_value, schema))
            c.default_value = sc->default_value;
        if (c.type.kind == model::TypeKind::Sql && is_generated(sc->type) &&
            !names_schema(sc->type.name, schema))
            c.type = sc->type;
    }
}

void adopt_indexes(model::Table& t, const model::Table& s, const std::string& schema) {
    for (auto& idx : t.indexes) {
        const model::Index* si = by_name(s.indexes, idx.name);
        if (!si || si->parts.size() != idx.parts.size())
            continue;
        for (size_t i = 0; i < idx.parts.size(); ++i)
            if (!si->parts[i].expr || !names_schema(*si->parts[i].expr, schema))
                idx.parts[i] = si->parts[i];
        if (idx.where && si->where && !names_schema(*si->where, schema))
            idx.where = si->where;
    }
}

void rollback_scratch(dialect::Connection& conn, bool savepoint) {
    if (savepoint) {
        conn.execute(std::string("ROLLBACK TO SAVEPOINT ") + kSavepoint);
        conn.execute(std::string("RELEASE SAVEPOINT ") + kSavepoint);
    } else {
        conn.rollback();
    }
}

std::string first_line(const std::string& text) {
    return text.substr(0, text.find('\n'));
}

} // namespace

std::string scratch_schema_name(dialect::Connection& conn) {
    auto rs = conn.query("SELECT pg_backend_pid()");
    std::string pid = rs.rows.empty() || !rs.rows[0][0] ? "0" : *rs.rows[0][0];
    return "_stepwise_scratch_" + pid;
}

model::Catalog adopt_spellings(const model::Catalog& desired, const model::Catalog& stored,
                               const std::string& schema) {
    model::Catalog out = desired;
    for (auto& t : out.tables) {
        const model::Table* s = stored.find_table(t.name);
        if (!s)
            continue;
        adopt_columns(t, *s, schema);
        for (auto& c : t.checks)
            if (const model::Check* sc = by_name(s->checks, c.name))
                if (!names_schema(sc->expr, schema))
                    c.expr = sc->expr;
        adopt_indexes(t, *s, schema);
    }
    return out;
}

ScratchResult normalise_in_scratch(dialect::Connection& conn, const model::Catalog& desired,
                                   const std::string& schema) {
    bool savepoint = conn.in_transaction();
    if (savepoint)
        conn.execute(std::string("SAVEPOINT ") + kSavepoint);
    else
        conn.begin();
    model::Catalog stored;
    bool schema_created = false;
    try {
        // The scratch schema first, so names in it print unqualified, as the working
        // schema's do when the live side is inspected.
        conn.query("SELECT set_config('search_path', $1 || ', ' || current_setting("
                   "'search_path'), true)",
                   {quote_ident(schema)});
        // One round trip per few hundred statements rather than per statement: a schema of
        // 1,000 tables is ~3,000 statements, and the round trips were most of a no-op plan.
        std::vector<std::string> ddl = scratch_ddl(desired, schema);
        conn.execute(ddl.front()); // CREATE SCHEMA alone: its refusal has its own message
        schema_created = true;
        const size_t chunk = 500;
        for (size_t i = 1; i < ddl.size(); i += chunk) {
            std::string batch;
            for (size_t j = i; j < std::min(ddl.size(), i + chunk); ++j)
                batch += ddl[j] + ";\n";
            conn.execute(batch);
        }
        stored = inspect_schema(conn, schema);
    } catch (const dialect::DatabaseError& e) {
        rollback_scratch(conn, savepoint);
        std::string why =
            e.code() == "42501" && !schema_created
                ? "the role may not CREATE SCHEMA in this database"
                : "the server refused the desired schema (" + first_line(e.what()) + ")";
        return {desired,
                "expressions compared by their text, not as the server stores them: " + why};
    } catch (...) {
        try {
            rollback_scratch(conn, savepoint);
        } catch (...) {
        }
        throw;
    }
    rollback_scratch(conn, savepoint);
    return {adopt_spellings(desired, stored, schema), {}};
}

} // namespace stepwise::postgres
