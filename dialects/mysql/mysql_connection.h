#pragma once
// A dialect::Connection on MariaDB Connector/C, for MariaDB 10.11 and MySQL 8.
//
// Parameters are substituted on the client: `?N` (1-based, outside literals, quoted names and
// comments) becomes the N-th value as a quoted literal, or NULL. After the keyword LIMIT the
// value must be an integer and is written bare, since LIMIT takes no string. Every session
// runs with sql_mode's defaults, utf8mb4, autocommit on.
//
// Lock waits (1205) and deadlocks (1213) surface as DatabaseError with lock_timeout() true;
// `code` is the server's SQLSTATE and errno, "HY000/1205".

#include "dialects/common/connection.h"
#include "dialects/common/url.h"
#include "dialects/mysql/mysql_version.h"

#include <string>

struct st_mysql;

namespace stepwise::mysql {

class MysqlConnection : public dialect::Connection {
public:
    // The password comes from the URL or else the MYSQL_PWD environment variable. Throws
    // DatabaseError naming the server (never the password) when the connection fails or the
    // server's version string cannot be read (parse_server_version).
    explicit MysqlConnection(const dialect::Url& url);
    ~MysqlConnection() override;
    MysqlConnection(const MysqlConnection&) = delete;
    MysqlConnection& operator=(const MysqlConnection&) = delete;

    void execute(const std::string& sql) override;
    dialect::ResultSet query(const std::string& sql,
                             const std::vector<dialect::Value>& params = {}) override;
    void begin() override;
    void commit() override;
    void rollback() override;
    bool in_transaction() const override { return in_transaction_; }
    void set_step_timeouts(std::chrono::milliseconds lock_timeout,
                           std::chrono::milliseconds statement_timeout) override;
    std::string describe() const override { return described_; }

    const ServerVersion& server() const { return version_; }
    // The version string the server reported at connect, for CompileOptions::server_version.
    const std::string& server_info() const { return server_info_; }
    const std::string& database() const { return database_; }

    // `sql` with `?N` replaced by `params`; exposed for tests.
    std::string bind(const std::string& sql, const std::vector<dialect::Value>& params) const;

private:
    [[noreturn]] void fail(const std::string& what) const;
    void run(const std::string& sql);

    st_mysql* db_ = nullptr;
    ServerVersion version_;
    std::string server_info_;
    std::string database_;
    std::string described_;
    bool in_transaction_ = false;
};

} // namespace stepwise::mysql
