// Item 7 of issue #4: apply while another session holds a conflicting lock. The step must
// time out and retry instead of queueing: a reader that arrives while the ALTER waits queues
// behind it for at most that one attempt, and apply finishes once the lock is released.
// Everything is observed from the server (pg_locks through pg_blocking_pids) and ordered by
// the runtime's own retry events, never by how long something took.

#include "compiler/diff/differ.h"
#include "compiler/frontend/loader.h"
#include "compiler/model/printer.h"
#include "compiler/plan/plan.h"
#include "dialects/postgres/pg_dialect.h"
#include "runtime/executor.h"
#include "tests/postgres/pg_server.h"

#include <atomic>
#include <gtest/gtest.h>
#include <thread>

using namespace stepwise;
using stepwise::testing::PgServer;
using Clock = std::chrono::steady_clock;

namespace {

class CountingReporter : public runtime::Reporter {
public:
    void retrying(const runtime::Retrying&) override { ++retries; }
    std::atomic<int> retries{0};
};

std::string scalar(dialect::Connection& c, const std::string& sql,
                   const std::vector<dialect::Value>& params = {}) {
    auto r = c.query(sql, params);
    return r.rows.empty() || !r.rows[0][0] ? "" : *r.rows[0][0];
}

} // namespace

TEST(PgLock, ApplyRetriesBehindAHeldLockWithoutStallingReaders) {
    STEPWISE_REQUIRE_PG();
    auto dialect = postgres::make_postgres_dialect();
    auto url = dialect::parse_url(PgServer::instance().create_database("lock_conflict"));
    auto setup = dialect->connect(url);
    setup->execute("CREATE TABLE accounts (id int PRIMARY KEY, owner text);"
                   "INSERT INTO accounts SELECT g, 'o' || g FROM generate_series(1, 100) g");

    auto current = dialect->inspect(*setup);
    auto desired = frontend::parse_sources(
        {{"d.schema", "table accounts {\n id int primary key\n owner text\n note text\n}\n"}},
        dialect->naming());
    plan::Plan plan;
    plan.dialect = dialect->name();
    plan.from_fingerprint = model::fingerprint(current);
    plan.to_fingerprint = model::fingerprint(desired);
    plan.id = plan::make_plan_id(plan.from_fingerprint, plan.to_fingerprint);
    dialect::CompileOptions options;
    options.plan_id = plan.id;
    options.lock_timeout = std::chrono::milliseconds(200);
    auto changes = diff::diff(current, desired, dialect->diff_driver());
    plan.steps = dialect->compile(changes, current, desired, options).ordered();
    ASSERT_EQ(plan.steps.size(), 1u);
    ASSERT_EQ(plan.steps[0].lock.mode, "ACCESS EXCLUSIVE");

    // Another session reads the table in an open transaction: its ACCESS SHARE lock
    // conflicts with the ACCESS EXCLUSIVE lock that ADD COLUMN needs. It lets go only once
    // the test has seen what it needs, whatever that takes.
    auto holder = dialect->connect(url);
    auto holder_pid = scalar(*holder, "SELECT pg_backend_pid()::text");
    holder->begin();
    holder->query("SELECT count(*) FROM accounts");

    auto conn = dialect->connect(url);
    auto apply_pid = scalar(*conn, "SELECT pg_backend_pid()::text");
    CountingReporter reporter;
    runtime::Executor executor(*dialect, *conn, reporter);
    runtime::ApplyOptions apply;
    // Enough attempts that apply outlasts the observation below on a loaded machine; each
    // failed attempt is one retry event.
    apply.retry.attempts = 1000;
    apply.retry.initial_delay = std::chrono::milliseconds(20);
    apply.retry.max_delay = std::chrono::milliseconds(100);
    std::string apply_error; // read after the join
    std::atomic<bool> applied{false}, failed{false};
    std::thread applier([&] {
        try {
            executor.apply(plan, apply);
            applied = true;
        } catch (const std::exception& e) {
            apply_error = e.what();
            failed = true;
        }
    });

    // `observer` watches the server; `reader` is the session a user's query would be.
    auto observer = dialect->connect(url);
    auto reader = dialect->connect(url);
    auto reader_pid = scalar(*reader, "SELECT pg_backend_pid()::text");
    auto blocked_by = [&](const std::string& pid) {
        return scalar(*observer,
                      "SELECT string_agg(b::text, ',' ORDER BY b) FROM "
                      "unnest(pg_blocking_pids($1::int)) b",
                      {pid});
    };
    // Only to end a broken run instead of hanging: the server enforces lock_timeout (200 ms)
    // with its own timer, so a lock wait of a hundred times that means it never timed out.
    auto alter_never_times_out = [&] {
        return scalar(*observer,
                      "SELECT (wait_event_type = 'Lock' AND now() - query_start > interval "
                      "'20 s')::int::text FROM pg_stat_activity WHERE pid = $1::int",
                      {apply_pid}) == "1";
    };
    auto alter_waits = [&] {
        return scalar(*observer,
                      "SELECT count(*)::text FROM pg_locks WHERE pid = $1::int AND NOT granted "
                      "AND mode = 'AccessExclusiveLock' AND relation = 'accounts'::regclass",
                      {apply_pid}) == "1";
    };

    // Readers sent while the ALTER is queued: each must get through while the holder still
    // holds its lock, having waited behind at most the one ALTER attempt it arrived during.
    // A reader that arrived between attempts (not queued) proves nothing and is sent again.
    int proven = 0;
    int sent = 0;
    std::string violation;
    while (proven < 2 && violation.empty() && !applied && !failed && sent < 200) {
        if (!alter_waits()) {
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
            continue; // between attempts: wait for the next one to queue
        }
        ++sent;
        std::atomic<bool> read_done{false};
        std::string read_error;
        std::thread read([&] {
            try {
                reader->query("SELECT count(*) FROM accounts");
            } catch (const std::exception& e) {
                read_error = e.what();
            }
            read_done = true;
        });
        bool queued_behind_alter = false;
        int retries_when_queued = -1;
        while (!read_done) {
            // Read before the server is asked: attempts that end while this thread waits for
            // the answer (a loaded machine may not run it for a while) must not count
            // against a reader the answer shows still queued.
            int retries_before = reporter.retries.load();
            auto blockers = blocked_by(reader_pid);
            if (blockers == apply_pid) {
                // Queued behind our waiting ALTER only (the holder's lock is compatible).
                if (!queued_behind_alter) {
                    queued_behind_alter = true;
                    retries_when_queued = reporter.retries.load();
                } else if (retries_before >= retries_when_queued + 2) {
                    // Two attempts ended and the reader is still queued behind the ALTER.
                    violation = "a reader stayed queued behind the waiting ALTER across two "
                                "of its attempts (blocked by " +
                                blockers + ")";
                    break;
                }
            } else if (!blockers.empty() && blockers != apply_pid) {
                violation = "a reader was blocked by server processes " + blockers +
                            " (the ALTER is " + apply_pid + ", the holder " + holder_pid + ")";
                break;
            }
            if (queued_behind_alter && alter_never_times_out()) {
                violation = "the ALTER waited for its lock far beyond its lock timeout, with a "
                            "reader queued behind it";
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        if (!violation.empty()) {
            // Frees the reader so its thread ends, and lets a stuck ALTER through.
            holder->rollback();
            read.join();
            break;
        }
        read.join();
        EXPECT_TRUE(read_error.empty()) << read_error;
        if (queued_behind_alter)
            ++proven;
    }
    // The holder still held its lock while every reader above got through.
    EXPECT_EQ(scalar(*observer,
                     "SELECT count(*)::text FROM pg_locks WHERE pid = $1::int AND granted AND "
                     "mode = 'AccessShareLock' AND relation = 'accounts'::regclass",
                     {holder_pid}),
              violation.empty() ? "1" : "0");
    EXPECT_TRUE(violation.empty()) << violation;
    EXPECT_EQ(proven, 2) << "no reader was seen queued behind the waiting ALTER (" << sent
                         << " sent)";
    EXPECT_FALSE(applied) << "apply finished while a conflicting lock was held";

    if (violation.empty())
        holder->commit();
    applier.join();
    EXPECT_TRUE(apply_error.empty()) << apply_error;
    EXPECT_TRUE(applied);
    EXPECT_GE(reporter.retries.load(), 2) << "apply never hit the lock timeout";
    EXPECT_EQ(scalar(*setup, "SELECT count(*)::text FROM information_schema.columns WHERE "
                             "table_name = 'accounts' AND column_name = 'note'"),
              "1");
}
