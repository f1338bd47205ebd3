#include "dialects/sqlite/sqlite_dialect.h"

#include "dialects/sqlite/sqlite_compile.h"
#include "dialects/sqlite/sqlite_connection.h"
#include "dialects/sqlite/sqlite_inspect.h"
#include "dialects/sqlite/sqlite_locker.h"
#include "dialects/sqlite/sqlite_quote.h"

namespace stepwise::sqlite {

bool SqliteDiffDriver::same_expr(const model::Expr& a, const model::Expr& b) const {
    using K = model::Expr::Kind;
    if (a == b)
        return true;
    // `(f())` reads back as a call whether it was written as one or as raw SQL.
    bool call_or_raw_a = a.kind == K::Call || a.kind == K::Raw;
    bool call_or_raw_b = b.kind == K::Call || b.kind == K::Raw;
    return call_or_raw_a && call_or_raw_b && a.text == b.text;
}

std::string SqliteDiffDriver::quote_ident(const std::string& name) const {
    return sqlite::quote_ident(name);
}

std::string SqliteDialect::quote_ident(const std::string& name) const {
    return sqlite::quote_ident(name);
}

std::string SqliteDialect::quote_literal(const std::string& value) const {
    return sqlite::quote_literal(value);
}

std::unique_ptr<dialect::Connection> SqliteDialect::connect(const dialect::Url& url) const {
    if (url.scheme != "sqlite")
        throw dialect::DatabaseError("sqlite dialect cannot open a " + url.scheme + " URL");
    return std::make_unique<SqliteConnection>(url.path);
}

model::Catalog SqliteDialect::inspect(dialect::Connection& connection) const {
    return inspect_catalog(connection);
}

plan::StepGraph SqliteDialect::compile(const diff::ChangeSet& changes, const model::Catalog& from,
                                       const model::Catalog& to,
                                       const dialect::CompileOptions& options) const {
    return compile_changes(changes, from, to, options);
}

std::string SqliteDialect::state_table(const std::string& name) const {
    return sqlite::quote_ident("_stepwise_" + name);
}

dialect::LockAttempt SqliteDialect::try_run_lock(const dialect::Url& url, dialect::Connection&,
                                                 const std::string& owner,
                                                 const dialect::LockOptions&) const {
    return try_file_lock(url.path, owner);
}

std::unique_ptr<dialect::Dialect> make_sqlite_dialect() {
    return std::make_unique<SqliteDialect>();
}

} // namespace stepwise::sqlite
