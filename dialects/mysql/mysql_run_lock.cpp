#include "dialects/mysql/mysql_run_lock.h"

#include "dialects/mysql/mysql_quote.h"

#include <algorithm>
#include <cctype>
#include <fmt/format.h>
#include <memory>
#include <optional>
#include <thread>

namespace stepwise::mysql {

namespace {

// Lock names are server-wide and at most 64 characters on MySQL 8: one per database, hashed.
const char* kName = "CONCAT('stepwise:', MD5(DATABASE()))";

class MysqlRunLock : public dialect::RunLock {
public:
    explicit MysqlRunLock(std::unique_ptr<MysqlConnection> session)
        : session_(std::move(session)) {}
    // Closing the session releases the lock too, but only once the server has noticed the
    // close: a run started right after this one ends could find it still held. The holders'
    // row stays; the next run finds its working connection idle or gone.
    ~MysqlRunLock() override {
        try {
            session_->query(fmt::format("SELECT RELEASE_LOCK({})", kName));
        } catch (const std::exception&) {
            // The session is gone already, and the lock with it.
        }
    }

private:
    std::unique_ptr<MysqlConnection> session_; // closing it releases the lock
};

std::string holders_table() {
    return quote_ident("_stepwise_run_lock");
}

// Creates the holders' table, or gives one written before work_connection_id its column.
void prepare_holders(MysqlConnection& session) {
    session.execute(fmt::format("CREATE TABLE IF NOT EXISTS {} (connection_id BIGINT NOT NULL "
                                "PRIMARY KEY, owner TEXT NOT NULL, work_connection_id BIGINT NULL)",
                                holders_table()));
    auto has = session.query("SELECT 1 FROM information_schema.columns WHERE table_schema = "
                             "DATABASE() AND table_name = '_stepwise_run_lock' AND column_name = "
                             "'work_connection_id'");
    if (has.rows.empty())
        session.execute(fmt::format("ALTER TABLE {} ADD COLUMN work_connection_id BIGINT NULL",
                                    holders_table()));
}

// Whether server connection `id` is running a statement (an idle one sleeps: a finished
// stepwise in a process that is still alive).
bool busy(MysqlConnection& session, const std::string& id) {
    return !session
                .query("SELECT 1 FROM information_schema.processlist WHERE id = ?1 AND command "
                       "<> 'Sleep'",
                       {id})
                .rows.empty();
}

// `what` and `then` describe the wait to options.on_wait.
bool wait_while_busy(MysqlConnection& session, const std::string& id,
                     const dialect::LockOptions& options, const std::string& what,
                     const std::string& then) {
    using Clock = std::chrono::steady_clock;
    auto start = Clock::now();
    std::optional<Clock::time_point> reported;
    while (busy(session, id)) {
        auto now = Clock::now();
        auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(now - start);
        if (waited >= options.orphan_wait)
            return false;
        if (options.on_wait && (!reported || now - *reported >= std::chrono::seconds(1))) {
            reported = now;
            options.on_wait({what, "server connection " + id, waited, options.orphan_wait, then});
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return true;
}

// Waits for the statement a killed run left running on `id`, stopping it after the wait.
void outlive(MysqlConnection& session, const std::string& id, const dialect::LockOptions& options) {
    if (id.empty() || !std::all_of(id.begin(), id.end(), [](char c) {
            return std::isdigit(static_cast<unsigned char>(c));
        }))
        return; // not an id this code wrote
    if (wait_while_busy(session, id, options, "a statement", "stop it with KILL QUERY"))
        return;
    try {
        session.execute("KILL QUERY " + id);
    } catch (const dialect::DatabaseError&) {
        // It ended in between (unknown thread), or belongs to a user we may not stop: the wait
        // below tells which.
    }
    if (wait_while_busy(session, id, options, "a statement stopped by KILL QUERY to end",
                        "stop with an error naming it"))
        return;
    throw dialect::DatabaseError(fmt::format(
        "server connection {} of an earlier stepwise run that was killed is still running a "
        "statement, and KILL QUERY did not stop it; wait for it to end (SHOW PROCESSLIST) or "
        "stop it with KILL {}, then run stepwise again",
        id, id));
}

} // namespace

dialect::LockAttempt try_mysql_run_lock(const dialect::Url& url, MysqlConnection* work,
                                        const std::string& owner,
                                        const dialect::LockOptions& options) {
    auto session = std::make_unique<MysqlConnection>(url);
    auto got = session->query(fmt::format("SELECT GET_LOCK({}, 0)", kName));
    dialect::LockAttempt attempt;
    if (!got.rows.empty() && got.rows[0][0] == std::optional<std::string>("1")) {
        prepare_holders(*session);
        // Rows of holders that died stay behind; the key (the connection id) tells them apart.
        // Their working connections may still be finishing a statement: this run resumes
        // only once they are done.
        auto left = session->query(fmt::format("SELECT work_connection_id FROM {} WHERE "
                                               "connection_id <> CONNECTION_ID() AND "
                                               "work_connection_id IS NOT NULL ORDER BY 1",
                                               holders_table()));
        for (const auto& row : left.rows)
            outlive(*session, row[0].value_or(""), options);
        session->query(
            fmt::format("DELETE FROM {} WHERE connection_id <> CONNECTION_ID()", holders_table()));
        dialect::Value work_id;
        if (work) {
            auto id = work->query("SELECT CONNECTION_ID()");
            if (!id.rows.empty())
                work_id = id.rows[0][0];
        }
        session->query(fmt::format("REPLACE INTO {} (connection_id, owner, work_connection_id) "
                                   "VALUES (CONNECTION_ID(), ?1, ?2)",
                                   holders_table()),
                       {owner, work_id});
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
