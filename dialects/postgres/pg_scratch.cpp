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
std::vector<std::string> scratch_ddl(const model::Catalog& desired, const std::string& schema,
                                     size_t first_table, size_t end_table) {
    Names n{schema};
    std::vector<std::string> out{"CREATE SCHEMA " + quote_ident(schema)};
    for (const auto& e : desired.enums) {
        std::string labels;
        for (const auto& l : e.labels)
            labels += (labels.empty() ? "" : ", ") + quote_literal(l);
        out.push_back("CREATE TYPE " + n.object(e.name) + " AS ENUM (" + labels + ")");
    }
    for (size_t i = first_table; i < end_table; ++i) {
        model::Table t = desired.tables[i];
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

namespace {

// Tables per transaction: each created table takes a few locks (table, TOAST, indexes) held
// to the end of its transaction, and the server's lock table is sized by
// max_locks_per_transaction (default 64) times the connections; 1,000 tables at once ran out
// of it ("out of shared memory").
constexpr size_t kTablesPerRound = 200;

// One rolled-back round: the enums and desired.tables[first, end) created and read back.
// A server error is rethrown after the rollback.
model::Catalog scratch_round(dialect::Connection& conn, const model::Catalog& desired,
                             const std::string& schema, size_t first, size_t end,
                             bool& schema_created, bool& rollback_failed) {
    bool savepoint = conn.in_transaction();
    if (savepoint)
        conn.execute(std::string("SAVEPOINT ") + kSavepoint);
    else
        conn.begin();
    model::Catalog stored;
    try {
        // The scratch schema first, so names in it print unqualified, as the working
        // schema's do when the live side is inspected.
        conn.query("SELECT set_config('search_path', $1 || ', ' || current_setting("
                   "'search_path'), true)",
                   {quote_ident(schema)});
        // One round trip per few hundred statements rather than per statement: the round
        // trips were most of a no-op plan when every table was sent one by one.
        std::vector<std::string> ddl = scratch_ddl(desired, schema, first, end);
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
    } catch (const dialect::DatabaseError&) {
        try {
            rollback_scratch(conn, savepoint);
        } catch (...) {
            rollback_failed = true; // the connection is gone: not a refusal to warn about
            throw;
        }
        throw;
    } catch (...) {
        try {
            rollback_scratch(conn, savepoint);
        } catch (...) {
        }
        throw;
    }
    try {
        rollback_scratch(conn, savepoint);
    } catch (...) {
        rollback_failed = true;
        throw;
    }
    return stored;
}

} // namespace

ScratchResult normalise_in_scratch(dialect::Connection& conn, const model::Catalog& desired,
                                   const std::string& schema) {
    model::Catalog stored;
    bool schema_created = false;
    bool rollback_failed = false;
    try {
        size_t first = 0;
        do {
            size_t end = std::min(desired.tables.size(), first + kTablesPerRound);
            model::Catalog part =
                scratch_round(conn, desired, schema, first, end, schema_created, rollback_failed);
            for (auto& t : part.tables)
                stored.tables.push_back(std::move(t));
            first = end;
        } while (first < desired.tables.size());
    } catch (const dialect::DatabaseError& e) {
        if (rollback_failed)
            throw;
        std::string why =
            e.code() == "42501" && !schema_created
                ? "the role may not CREATE SCHEMA in this database"
                : "the server refused the desired schema (" + first_line(e.what()) + ")";
        return {desired,
                "expressions compared by their text, not as the server stores them: " + why};
    }
    model::canonicalize(stored);
    return {adopt_spellings(desired, stored, schema), {}};
}

} // namespace stepwise::postgres
