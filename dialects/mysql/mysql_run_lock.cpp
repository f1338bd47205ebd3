#include "dialects/mysql/mysql_run_lock.h"

#include "dialects/mysql/mysql_connection.h"
#include "dialects/mysql/mysql_quote.h"

#include <fmt/format.h>
#include <memory>

namespace stepwise::mysql {

namespace {

class MysqlRunLock : public dialect::RunLock {
public:
    explicit MysqlRunLock(std::unique_ptr<MysqlConnection> session)
        : session_(std::move(session)) {}

private:
    std::unique_ptr<MysqlConnection> session_; // closing it releases the lock
};

// Lock names are server-wide and at most 64 characters on MySQL 8: one per database, hashed.
const char* kName = "CONCAT('stepwise:', MD5(DATABASE()))";

std::string holders_table() {
    return quote_ident("_stepwise_run_lock");
}

} // namespace

dialect::LockAttempt try_mysql_run_lock(const dialect::Url& url, const std::string& owner) {
    auto session = std::make_unique<MysqlConnection>(url);
    auto got = session->query(fmt::format("SELECT GET_LOCK({}, 0)", kName));
    dialect::LockAttempt attempt;
    if (!got.rows.empty() && got.rows[0][0] == std::optional<std::string>("1")) {
        // Rows of holders that died stay behind; the key (the connection id) tells them apart.
        session->execute(fmt::format("CREATE TABLE IF NOT EXISTS {} (connection_id BIGINT NOT "
                                     "NULL PRIMARY KEY, owner TEXT NOT NULL)",
                                     holders_table()));
        session->query(
            fmt::format("DELETE FROM {} WHERE connection_id <> CONNECTION_ID()", holders_table()));
        session->query(
            fmt::format("REPLACE INTO {} (connection_id, owner) VALUES (CONNECTION_ID(), ?1)",
                        holders_table()),
            {owner});
        attempt.lock = std::make_unique<MysqlRunLock>(std::move(session));
        return attempt;
    }
    auto id = session->query(fmt::format("SELECT IS_USED_LOCK({})", kName));
    dialect::Value connection_id = id.rows.empty() ? dialect::Value{} : id.rows[0][0];
    std::optional<std::string> owner_seen;
    if (connection_id) {
        try {
            auto row = session->query(
                fmt::format("SELECT owner FROM {} WHERE connection_id = ?1", holders_table()),
                {connection_id});
            if (!row.rows.empty())
                owner_seen = row.rows[0][0];
        } catch (const dialect::DatabaseError&) {
            // The holder has not written its row yet (no table): name it by its connection.
        }
    }
    attempt.holder = owner_seen.value_or("another stepwise process") +
                     (connection_id ? " (server connection " + *connection_id + ")" : "");
    return attempt;
}

} // namespace stepwise::mysql
