#include "dialects/postgres/pg_run_lock.h"

#include "dialects/postgres/pg_connection.h"

#include <memory>

namespace stepwise::postgres {

namespace {

// One lock per database and working schema; hashtext gives the advisory lock's key.
const char* kKey = "hashtext('stepwise run lock:' || $1)::bigint";

class PgRunLock : public dialect::RunLock {
public:
    PgRunLock(std::unique_ptr<PgConnection> session, std::string schema)
        : session_(std::move(session)), schema_(std::move(schema)) {}
    // Closing the session releases the lock too, but only once its backend has exited: a run
    // started right after this one ends could find it still held.
    ~PgRunLock() override {
        try {
            session_->query(std::string("SELECT pg_advisory_unlock(") + kKey + ")", {schema_});
        } catch (const std::exception&) {
            // The session is gone already, and the lock with it.
        }
    }

private:
    std::unique_ptr<PgConnection> session_; // closing it releases the lock
    std::string schema_;
};

} // namespace

dialect::LockAttempt try_pg_run_lock(const dialect::Url& url, const std::string& schema,
                                     const std::string& owner) {
    auto session = std::make_unique<PgConnection>(url);
    // application_name holds at most 63 bytes; the start says who.
    session->query("SELECT set_config('application_name', $1, false)", {owner.substr(0, 63)});
    auto got =
        session->query(std::string("SELECT pg_try_advisory_lock(") + kKey + ")::int", {schema});
    dialect::LockAttempt attempt;
    if (!got.rows.empty() && got.rows[0][0] == std::optional<std::string>("1")) {
        attempt.lock = std::make_unique<PgRunLock>(std::move(session), schema);
        return attempt;
    }
    auto holder = session->query(
        std::string(
            "SELECT a.application_name, a.pid::text FROM pg_locks l JOIN "
            "pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND "
            "l.granted AND l.objsubid = 1 AND l.database = (SELECT oid FROM pg_database WHERE "
            "datname = current_database()) AND ((l.classid::bigint << 32) | "
            "l.objid::bigint) = ") +
            kKey + " LIMIT 1",
        {schema});
    attempt.holder = holder.rows.empty() ? "another stepwise process"
                                         : holder.rows[0][0].value_or("") + " (server pid " +
                                               holder.rows[0][1].value_or("?") + ")";
    return attempt;
}

} // namespace stepwise::postgres
