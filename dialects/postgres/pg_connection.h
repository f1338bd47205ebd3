#pragma once
// A dialect::Connection on libpq. One connection, not thread-safe.
//
// The password comes only from libpq's own sources: the URL, PGPASSWORD or ~/.pgpass; it is
// never part of describe() or of an error message. Errors carry the SQLSTATE as their code;
// 55P03 (lock_not_available, raised by lock_timeout) is a retryable lock timeout.

#include "dialects/common/connection.h"
#include "dialects/common/orphan_wait.h"
#include "dialects/common/url.h"

#include <chrono>
#include <string>

struct pg_conn;

namespace stepwise::postgres {

class PgConnection : public dialect::Connection {
public:
    explicit PgConnection(const dialect::Url& url);
    ~PgConnection() override;
    PgConnection(const PgConnection&) = delete;
    PgConnection& operator=(const PgConnection&) = delete;

    void execute(const std::string& sql) override;
    // Parameters travel as text to $1, $2, ...; results come back as text.
    dialect::ResultSet query(const std::string& sql,
                             const std::vector<dialect::Value>& params = {}) override;
    void begin() override;
    void commit() override;
    void rollback() override;
    bool in_transaction() const override;
    // SET lock_timeout / statement_timeout for the session.
    void set_step_timeouts(std::chrono::milliseconds lock_timeout,
                           std::chrono::milliseconds statement_timeout) override;
    std::string describe() const override;

    // The schema the user's objects live in (the URL's `schema` parameter, else "public").
    const std::string& schema() const { return schema_; }
    // How long to wait for a session of a killed run (the run lock's setting, kept here for
    // the index-build guard, which gets only the connection).
    std::chrono::milliseconds orphan_wait() const { return orphan_wait_; }
    void set_orphan_wait(std::chrono::milliseconds wait) { orphan_wait_ = wait; }
    int backend_pid() const;

private:
    pg_conn* conn_ = nullptr;
    std::string described_;
    std::string schema_;
    std::chrono::milliseconds orphan_wait_ = dialect::kDefaultOrphanWait;
};

// libpq connection keywords and values for a URL (password included when the URL has one).
std::vector<std::pair<std::string, std::string>> connection_params(const dialect::Url& url);

} // namespace stepwise::postgres
