#pragma once
// The SQLite dialect: connection, quoting, introspection and the online strategy.

#include "dialects/common/dialect.h"
#include "dialects/common/locker.h"

#include <memory>

namespace stepwise::sqlite {

// Differences SQLite cannot tell apart: a default read back as a call or as raw SQL.
class SqliteDiffDriver : public diff::DiffDriver {
public:
    bool same_expr(const model::Expr& a, const model::Expr& b) const override;
    std::string quote_ident(const std::string& name) const override;
};

class SqliteDialect : public dialect::Dialect, public dialect::Locker {
public:
    std::string name() const override { return "sqlite"; }
    model::NamingStyle naming() const override { return model::NamingStyle::SQLite; }
    std::string quote_ident(const std::string& name) const override;
    std::string quote_literal(const std::string& value) const override;
    std::string placeholder(int n) const override { return "?" + std::to_string(n); }
    std::unique_ptr<dialect::Connection> connect(const dialect::Url& url) const override;
    model::Catalog inspect(dialect::Connection& connection) const override;
    const diff::DiffDriver& diff_driver() const override { return driver_; }
    plan::StepGraph compile(const diff::ChangeSet& changes, const model::Catalog& from,
                            const model::Catalog& to,
                            const dialect::CompileOptions& options) const override;
    std::string state_table(const std::string& name) const override;
    std::vector<std::string> state_prelude() const override { return {}; }
    // VACUUM INTO a temporary file (cli/verify_scratch.cpp).
    dialect::VerifyScratch verify_scratch() const override {
        dialect::VerifyScratch s;
        s.kind = dialect::VerifyScratch::Kind::FileCopy;
        return s;
    }
    // A file lock beside the database file (sqlite_locker.h).
    dialect::LockAttempt try_run_lock(const dialect::Url& url, dialect::Connection& connection,
                                      const std::string& owner,
                                      const dialect::LockOptions& options = {}) const override;

private:
    SqliteDiffDriver driver_;
};

std::unique_ptr<dialect::Dialect> make_sqlite_dialect();

} // namespace stepwise::sqlite
