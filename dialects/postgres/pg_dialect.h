#pragma once
// The PostgreSQL dialect: libpq connection, quoting, bulk introspection and the online
// strategy of DESIGN.md. The working schema is the URL's `schema` parameter, else public;
// every statement names its objects qualified with it.

#include "dialects/common/dialect.h"
#include "dialects/common/locker.h"
#include "dialects/common/statement_guard.h"

#include <memory>

namespace stepwise::postgres {

// Expressions compared as PostgreSQL stores them, by the textual normalisation of
// pg_expr.h: 'pending' equals 'pending'::order_status, (price > 0) equals price > 0.
class PgDiffDriver : public diff::DiffDriver {
public:
    bool same_expr(const model::Expr& a, const model::Expr& b) const override;
    // Generated columns (sql('<type> GENERATED ALWAYS AS (...) STORED')) by the same rules.
    bool same_type(const model::Type& a, const model::Type& b) const override;
    std::string quote_ident(const std::string& name) const override;
    bool folds_to_lower() const override { return true; }
};

class PgDialect : public dialect::Dialect, public dialect::Locker, public dialect::StatementGuard {
public:
    std::string name() const override { return "postgres"; }
    model::NamingStyle naming() const override { return model::NamingStyle::Postgres; }
    std::string quote_ident(const std::string& name) const override;
    std::string quote_literal(const std::string& value) const override;
    std::string placeholder(int n) const override { return "$" + std::to_string(n); }
    // NAMEDATALEN - 1: the server cuts longer names silently.
    size_t max_identifier_length() const override { return 63; }
    std::unique_ptr<dialect::Connection> connect(const dialect::Url& url) const override;
    model::Catalog inspect(dialect::Connection& connection) const override;
    const diff::DiffDriver& diff_driver() const override { return driver_; }
    // Through a scratch schema that is rolled back (pg_scratch.h).
    Normalised normalise_desired(dialect::Connection& connection,
                                 const model::Catalog& desired) const override;
    plan::StepGraph compile(const diff::ChangeSet& changes, const model::Catalog& from,
                            const model::Catalog& to,
                            const dialect::CompileOptions& options) const override;
    std::string state_table(const std::string& name) const override;
    std::vector<std::string> state_prelude() const override;
    // A scratch database on the same server (cli/verify_server_scratch.cpp).
    dialect::VerifyScratch verify_scratch() const override;
    // A session-level advisory lock on a connection of its own (pg_run_lock.h).
    // Once held, it also settles the working sessions a killed run left
    // (pg_orphan_sessions.h) and names `connection` as this run's.
    dialect::LockAttempt try_run_lock(const dialect::Url& url, dialect::Connection& connection,
                                      const std::string& owner,
                                      const dialect::LockOptions& options = {}) const override;
    // Concurrent index builds made safe to run again (pg_statement_guard.h).
    dialect::GuardVerdict before_statement(dialect::Connection& connection,
                                           const plan::Guard& guard,
                                           const dialect::WaitReport& on_wait) const override;

private:
    PgDiffDriver driver_;
};

std::unique_ptr<dialect::Dialect> make_postgres_dialect();

} // namespace stepwise::postgres
