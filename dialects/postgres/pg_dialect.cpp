#include "dialects/postgres/pg_dialect.h"

#include "dialects/postgres/pg_compile.h"
#include "dialects/postgres/pg_connection.h"
#include "dialects/postgres/pg_expr.h"
#include "dialects/postgres/pg_inspect.h"
#include "dialects/postgres/pg_orphan_sessions.h"
#include "dialects/postgres/pg_quote.h"
#include "dialects/postgres/pg_run_lock.h"
#include "dialects/postgres/pg_scratch.h"
#include "dialects/postgres/pg_statement_guard.h"

namespace stepwise::postgres {

bool PgDiffDriver::same_expr(const model::Expr& a, const model::Expr& b) const {
    if (a == b)
        return true;
    return normalize_sql(render_expr(a)) == normalize_sql(render_expr(b));
}

bool PgDiffDriver::same_type(const model::Type& a, const model::Type& b) const {
    if (a == b)
        return true;
    auto generated = [](const model::Type& t) {
        return t.kind == model::TypeKind::Sql &&
               t.name.find(" GENERATED ALWAYS AS (") != std::string::npos;
    };
    return generated(a) && generated(b) && normalize_sql(a.name) == normalize_sql(b.name);
}

std::string PgDiffDriver::quote_ident(const std::string& name) const {
    return postgres::quote_ident(name);
}

std::string PgDialect::quote_ident(const std::string& name) const {
    return postgres::quote_ident(name);
}

std::string PgDialect::quote_literal(const std::string& value) const {
    return postgres::quote_literal(value);
}

std::unique_ptr<dialect::Connection> PgDialect::connect(const dialect::Url& url) const {
    if (url.scheme != "postgres" && url.scheme != "postgresql")
        throw dialect::DatabaseError("postgres dialect cannot open a " + url.scheme + " URL");
    return std::make_unique<PgConnection>(url);
}

model::Catalog PgDialect::inspect(dialect::Connection& connection) const {
    std::string schema = "public";
    if (auto* pg = dynamic_cast<PgConnection*>(&connection))
        schema = pg->schema();
    return inspect_schema(connection, schema);
}

dialect::Dialect::Normalised PgDialect::normalise_desired(dialect::Connection& connection,
                                                          const model::Catalog& desired) const {
    auto result = normalise_in_scratch(connection, desired, scratch_schema_name(connection));
    return {std::move(result.catalog), std::move(result.warning)};
}

plan::StepGraph PgDialect::compile(const diff::ChangeSet& changes, const model::Catalog& from,
                                   const model::Catalog& to,
                                   const dialect::CompileOptions& options) const {
    return compile_changes(changes, from, to, options);
}

std::string PgDialect::state_table(const std::string& name) const {
    return qualified("stepwise", name);
}

std::vector<std::string> PgDialect::state_prelude() const {
    return {"CREATE SCHEMA IF NOT EXISTS stepwise"};
}

dialect::VerifyScratch PgDialect::verify_scratch() const {
    dialect::VerifyScratch s;
    s.kind = dialect::VerifyScratch::Kind::ServerDatabase;
    s.permission_denied_codes = {"42501"}; // insufficient_privilege
    s.permission_hint = "ALTER ROLE … CREATEDB";
    // FORCE ends any session still in it (PostgreSQL 13+), such as one an interrupted run left.
    s.drop_database_suffix = " WITH (FORCE)";
    // Values for GENERATED ALWAYS identity columns are refused without it.
    s.identity_insert_clause = " OVERRIDING SYSTEM VALUE";
    s.missing_parent_codes = {"23503"}; // foreign_key_violation
    s.creates_url_schema = true;
    return s;
}

dialect::LockAttempt PgDialect::try_run_lock(const dialect::Url& url,
                                             dialect::Connection& connection,
                                             const std::string& owner,
                                             const dialect::LockOptions& options) const {
    std::string schema = "public";
    auto* pg = dynamic_cast<PgConnection*>(&connection);
    if (pg)
        schema = pg->schema();
    auto attempt = try_pg_run_lock(url, schema, owner);
    if (attempt.lock && pg) {
        OrphanPolicy policy;
        policy.patience = options.orphan_wait;
        policy.on_wait = options.on_wait;
        settle_orphan_sessions(*pg, schema, policy);
        // The index-build guard waits as long for a build another session runs.
        pg->set_orphan_wait(options.orphan_wait);
    }
    return attempt;
}

dialect::GuardVerdict PgDialect::before_statement(dialect::Connection& connection,
                                                  const plan::Guard& guard,
                                                  const dialect::WaitReport& on_wait) const {
    switch (guard.kind) {
    case plan::GuardKind::IndexBuild: {
        auto* pg = dynamic_cast<PgConnection*>(&connection);
        return guard_index_build(connection, guard,
                                 pg ? pg->orphan_wait() : dialect::kDefaultOrphanWait, on_wait);
    }
    }
    return dialect::GuardVerdict::Run;
}

std::unique_ptr<dialect::Dialect> make_postgres_dialect() {
    return std::make_unique<PgDialect>();
}

} // namespace stepwise::postgres
