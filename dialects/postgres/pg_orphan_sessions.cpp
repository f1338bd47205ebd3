#include "dialects/postgres/pg_orphan_sessions.h"

#include <fmt/format.h>
#include <map>
#include <optional>
#include <thread>

namespace stepwise::postgres {

namespace {

using Clock = std::chrono::steady_clock;

struct Orphan {
    std::string pid;
    bool index_build = false; // CREATE or DROP INDEX CONCURRENTLY: worth waiting for
};

std::vector<Orphan> orphans(PgConnection& worker, const std::string& tag) {
    // The query text is visible to the same role (or pg_read_all_stats); when it is not, the
    // session is treated as an index build and given the patience.
    auto r = worker.query(
        "SELECT pid::text, (query IS NULL OR query ~* "
        "'^\\s*(create\\s+(unique\\s+)?index|drop\\s+index)\\s+concurrently' OR query LIKE "
        "'<insufficient%')::int FROM pg_stat_activity WHERE datname = current_database() AND "
        "application_name = $1 AND pid <> pg_backend_pid() AND state IS DISTINCT FROM 'idle' "
        "ORDER BY pid",
        {tag});
    std::vector<Orphan> out;
    for (const auto& row : r.rows)
        out.push_back({row[0].value_or(""), row[1] == std::optional<std::string>("1")});
    return out;
}

void signal(PgConnection& worker, const char* function, const std::string& pid) {
    worker.query(fmt::format("SELECT {}($1::int)", function), {pid});
}

std::chrono::milliseconds since(Clock::time_point from, Clock::time_point now) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(now - from);
}

// What the settling waits for now, in the three stages a session goes through.
dialect::OrphanWait waiting(const Orphan& o, Clock::time_point cancelled,
                            Clock::time_point terminated, Clock::time_point start,
                            Clock::time_point now, const OrphanPolicy& policy) {
    const auto never = Clock::time_point::max();
    std::string session = "server process " + o.pid;
    if (terminated != never)
        return {"a terminated session to exit", session, since(terminated, now),
                policy.after_terminate, "stop with an error naming it"};
    if (cancelled != never)
        return {o.index_build ? "a cancelled index build to stop" : "a cancelled statement to stop",
                session, since(cancelled, now), policy.after_cancel, "terminate it"};
    return {"a concurrent index build", session, since(start, now), policy.patience, "cancel it"};
}

} // namespace

void settle_orphan_sessions(PgConnection& worker, const std::string& schema,
                            const OrphanPolicy& policy) {
    // The same key as the run lock's; application_name keeps 63 bytes, so the tag is short.
    auto key = worker.query("SELECT hashtext('stepwise run lock:' || $1)::text", {schema});
    std::string tag = "stepwise worker " + key.rows.at(0).at(0).value_or("");

    struct Signalled {
        Clock::time_point cancelled = Clock::time_point::max();
        Clock::time_point terminated = Clock::time_point::max();
        std::optional<Clock::time_point> reported;
    };
    std::map<std::string, Signalled> sent;
    const auto never = Clock::time_point::max();
    auto start = Clock::now();
    for (;;) {
        auto left = orphans(worker, tag);
        if (left.empty())
            break;
        auto now = Clock::now();
        for (const auto& o : left) {
            auto& s = sent[o.pid];
            if (s.terminated != never && now - s.terminated >= policy.after_terminate)
                throw dialect::DatabaseError(fmt::format(
                    "server process {} of an earlier stepwise run against this database is "
                    "still running after pg_terminate_backend; stop it, then run again",
                    o.pid));
            if (s.terminated == never && s.cancelled != never &&
                now - s.cancelled >= policy.after_cancel) {
                signal(worker, "pg_terminate_backend", o.pid);
                s.terminated = now;
            } else if (s.cancelled == never && (!o.index_build || now - start >= policy.patience)) {
                signal(worker, "pg_cancel_backend", o.pid);
                s.cancelled = now;
            }
            if (policy.on_wait && (!s.reported || now - *s.reported >= std::chrono::seconds(1))) {
                s.reported = now;
                policy.on_wait(waiting(o, s.cancelled, s.terminated, start, now, policy));
            }
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    worker.query("SELECT set_config('application_name', $1, false)", {tag});
}

} // namespace stepwise::postgres
