#pragma once
// The MySQL / MariaDB dialect: connection, quoting, introspection and the online strategy.
// The server a plan is for steers what the compiler may use (uuid columns, MariaDB's IF [NOT]
// EXISTS): compile() reads it from CompileOptions::server_version, which the caller fills from
// the connection it inspected (server_version()); empty, it assumes MariaDB 10.11. The dialect
// itself holds no state, so one object may serve several connections and threads.

#include "dialects/common/dialect.h"
#include "dialects/common/locker.h"
#include "dialects/mysql/mysql_connection.h"

#include <memory>

namespace stepwise::mysql {

// Spellings the server changes: expressions it backquotes and re-cases, booleans stored
// as 0/1, numbers with trailing zeros, json and jsonb as one type, decimal's default size.
class MysqlDiffDriver : public diff::DiffDriver {
public:
    bool same_type(const model::Type& a, const model::Type& b) const override;
    bool same_expr(const model::Expr& a, const model::Expr& b) const override;
    // Backquotes: in the default sql_mode stepwise's sessions keep, "x" is a string.
    char ident_quote() const override { return '`'; }
    std::string quote_ident(const std::string& name) const override;
    // 'it\'s': the default sql_mode (no NO_BACKSLASH_ESCAPES), which stepwise's sessions keep.
    bool backslash_escapes() const override { return true; }
    // InnoDB checks RESTRICT and NO ACTION alike, and reports an action left out as RESTRICT.
    bool same_fk_action(model::FkAction a, model::FkAction b) const override;
};

class MysqlDialect : public dialect::Dialect, public dialect::Locker {
public:
    std::string name() const override { return "mysql"; }
    model::NamingStyle naming() const override { return model::NamingStyle::MySQL; }
    // Table, column, index and constraint names: 64 characters on MySQL and MariaDB.
    size_t max_identifier_length() const override { return 64; }
    IdentifierUnit identifier_length_unit() const override { return IdentifierUnit::Characters; }
    std::string quote_ident(const std::string& name) const override;
    std::string quote_literal(const std::string& value) const override;
    // Substituted on the client by MysqlConnection (see mysql_connection.h).
    std::string placeholder(int n) const override { return "?" + std::to_string(n); }
    std::unique_ptr<dialect::Connection> connect(const dialect::Url& url) const override;
    // The version string the server behind `connection` reported, e.g. "10.11.6-MariaDB".
    std::string server_version(dialect::Connection& connection) const override;
    model::Catalog inspect(dialect::Connection& connection) const override;
    const diff::DiffDriver& diff_driver() const override { return driver_; }
    plan::StepGraph compile(const diff::ChangeSet& changes, const model::Catalog& from,
                            const model::Catalog& to,
                            const dialect::CompileOptions& options) const override;
    std::string state_table(const std::string& name) const override;
    std::vector<std::string> state_prelude() const override { return {}; }
    // A scratch database on the same server (cli/verify_server_scratch.cpp).
    dialect::VerifyScratch verify_scratch() const override;
    // Drops the indexes kept with a tombstone column first (mysql_purge.cpp).
    std::vector<std::string>
    before_column_purge(dialect::Connection& connection, const std::string& table,
                        const std::string& column,
                        const std::vector<std::string>& kept_with) const override;
    // GET_LOCK on a connection of its own (mysql_run_lock.h).
    dialect::LockAttempt try_run_lock(const dialect::Url& url, dialect::Connection& connection,
                                      const std::string& owner,
                                      const dialect::LockOptions& options = {}) const override;

private:
    MysqlDiffDriver driver_;
};

std::unique_ptr<dialect::Dialect> make_mysql_dialect();

} // namespace stepwise::mysql
