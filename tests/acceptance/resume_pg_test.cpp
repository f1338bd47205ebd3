// Item 3 of issue #5 on PostgreSQL: the kill -9 loop of resume_kill_loop.h against a throwaway
// PostgreSQL 15 server. The plan has backfills of new NOT NULL columns, a type change through
// a shadow column, a rename, a new index and table and a soft drop.

#include "dialects/common/url.h"
#include "dialects/postgres/pg_connection.h"
#include "dialects/postgres/pg_orphan_sessions.h"
#include "tests/acceptance/case_runner.h"
#include "tests/acceptance/resume_kill_loop.h"
#include "tests/postgres/pg_server.h"

#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <gtest/gtest.h>
#include <thread>
#include <unistd.h>

namespace fs = std::filesystem;
using stepwise::postgres::PgConnection;
using stepwise::testing::dump_rows;
using stepwise::testing::expect_rows;
using stepwise::testing::PgServer;
using stepwise::testing::run_stepwise;

namespace {

constexpr int kCustomers = 5000;
constexpr int kOrders = 30000;

const char* kStartSchema = R"(table customers {
  id   int  primary key
  name text not null
  nick text
}
table orders {
  id          int  primary key
  customer_id int  not null references customers (id)
  amount      text not null
  status      text
}
table legacy {
  id   int primary key
  note text
}
)";

const char* kTargetSchema = R"(table customers {
  id       int  primary key
  name     text not null
  nickname text renamed from nick
  email    text not null backfill ('user' || id || '@example.com')
}
table orders {
  id          int  primary key
  customer_id int  not null references customers (id)
  amount      int  not null using (amount::integer) down using (amount::text)
  status      text
  code        text not null backfill ('o-' || id)
  index orders_customer_idx (customer_id)
}
table audit {
  id  int primary key
  msg text
}
)";

// The rows, from formulas the test states here; the target's are not computed by stepwise.
const char* kSeed[] = {
    "INSERT INTO customers (id, name, nick) SELECT i, 'name ' || i, CASE WHEN i % 5 = 0 THEN "
    "NULL ELSE 'nick' || i END FROM generate_series(1, 5000) AS i",
    "INSERT INTO orders (id, customer_id, amount, status) SELECT i, i % 5000 + 1, "
    "((i * 37) % 100000)::text, CASE WHEN i % 7 = 0 THEN NULL WHEN i % 3 = 0 THEN 'paid' ELSE "
    "'pending' END FROM generate_series(1, 30000) AS i",
    "INSERT INTO legacy (id, note) SELECT i, 'note ' || i FROM generate_series(1, 50) AS i",
};

const char* kCustomersStart = "SELECT id, name, nick FROM customers ORDER BY id";
const char* kOrdersStart = "SELECT id, customer_id, amount, status FROM orders ORDER BY id";
const char* kLegacy = "SELECT id, note FROM legacy ORDER BY id";
const char* kCustomersTarget = "SELECT id, name, nickname, email FROM customers ORDER BY id";
const char* kOrdersTarget =
    "SELECT id, customer_id, pg_typeof(amount), amount, status, code FROM orders ORDER BY id";

std::string expected_customers() {
    std::string out;
    for (int i = 1; i <= kCustomers; ++i)
        out += fmt::format("{}|name {}|{}|user{}@example.com\n", i, i,
                           i % 5 == 0 ? std::string("∅") : fmt::format("nick{}", i), i);
    return out;
}

std::string expected_orders() {
    std::string out;
    for (int i = 1; i <= kOrders; ++i)
        out += fmt::format("{}|{}|integer|{}|{}|o-{}\n", i, i % kCustomers + 1,
                           (static_cast<long long>(i) * 37) % 100000,
                           i % 7 == 0 ? "∅" : (i % 3 == 0 ? "paid" : "pending"), i);
    return out;
}

class ResumePgTest : public ::testing::Test {
protected:
    void SetUp() override {
        STEPWISE_REQUIRE_PG();
        name_ = "resume_" + std::to_string(::getpid());
        url_ = PgServer::instance().create_database(name_);
        dir_ = fs::temp_directory_path() / ("stepwise-resume-pg-" + std::to_string(::getpid()));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
        std::ofstream(dir_ / "start.schema") << kStartSchema;
        std::ofstream(dir_ / "target.schema") << kTargetSchema;
    }
    void TearDown() override {
        fs::remove_all(dir_);
        if (PgServer::instance().running())
            PgServer::instance().drop_database(name_);
    }

    std::string schema(const char* file) const { return (dir_ / file).string(); }
    PgConnection connect() const { return PgConnection(stepwise::dialect::parse_url(url_)); }

    std::string name_, url_;
    fs::path dir_;
};

// A killed client's server session finishes its statement (CREATE INDEX CONCURRENTLY
// included) before it notices; the run lock settles such sessions and the statement guard
// makes the index build safe to run again (docs/runtime.md, "Resume semantics").
TEST_F(ResumePgTest, KilledApplyResumesToTheTargetAndKilledRollbackToTheStart) {
    auto r = run_stepwise(
        {"apply", "--url", url_, "--schema", schema("start.schema"), "--yes", "--quiet"});
    ASSERT_EQ(r.exit_code, 0) << r.output;
    {
        auto c = connect();
        for (const char* sql : kSeed)
            c.execute(sql);
    }

    stepwise::testing::KillLoopCase c;
    c.label = "postgres";
    c.url = url_;
    c.start_schema = schema("start.schema");
    c.target_schema = schema("target.schema");
    c.start_rows = [&] {
        auto conn = connect();
        return dump_rows(conn, kCustomersStart) + dump_rows(conn, kOrdersStart) +
               dump_rows(conn, kLegacy);
    };
    c.expect_target = [&](const std::string& when) {
        auto conn = connect();
        static const std::string want_c = expected_customers(), want_o = expected_orders();
        expect_rows("customers", want_c, dump_rows(conn, kCustomersTarget), when);
        expect_rows("orders", want_o, dump_rows(conn, kOrdersTarget), when);
        // A killed CREATE INDEX CONCURRENTLY leaves an invalid index; a resume must not.
        EXPECT_EQ(dump_rows(conn, "SELECT indexrelid::regclass::text FROM pg_index WHERE NOT "
                                  "indisvalid OR NOT indisready"),
                  "")
            << when;
        // No fill trigger or shadow column is left behind.
        EXPECT_EQ(dump_rows(conn, "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"), "")
            << when;
        EXPECT_EQ(dump_rows(conn, "SELECT table_name || '.' || column_name FROM "
                                  "information_schema.columns WHERE table_schema = 'public' AND "
                                  "column_name LIKE '\\_stepwise\\_new%'"),
                  "")
            << when;
    };
    stepwise::testing::run_kill_loop(c);
}

// The index step's CREATE INDEX CONCURRENTLY, run again after a kill. The database is put in
// the state a killed run leaves: the index as the orphaned server session left it, the step
// `running` with its one statement, the build, not counted.
const char* kIndexStart = R"(table orders {
  id          int primary key
  customer_id int not null
}
)";
const char* kIndexTarget = R"(table orders {
  id          int primary key
  customer_id int not null
  index orders_customer_idx (customer_id)
}
)";
const char* kIndexStep = "orders.orders_customer_idx:create";
// oid, valid, unique of the index, or "" when there is none.
const char* kIndexState =
    "SELECT c.oid::text, i.indisvalid AND i.indisready, i.indisunique FROM pg_class c JOIN "
    "pg_index i ON i.indexrelid = c.oid WHERE c.relname = 'orders_customer_idx'";

class ResumePgIndexTest : public ResumePgTest {
protected:
    void SetUp() override {
        ResumePgTest::SetUp();
        std::ofstream(dir_ / "index_start.schema") << kIndexStart;
        std::ofstream(dir_ / "index_target.schema") << kIndexTarget;
        auto r = run_stepwise(
            {"apply", "--url", url_, "--schema", schema("index_start.schema"), "--yes", "--quiet"});
        ASSERT_EQ(r.exit_code, 0) << r.output;
        // customer_id repeats, so a unique build of it fails.
        connect().execute("INSERT INTO orders SELECT i, i % 100 FROM generate_series(1, 2000) i");
        r = apply_target();
        ASSERT_EQ(r.exit_code, 0) << r.output;
    }

    stepwise::testing::CommandResult apply_target() {
        return run_stepwise(
            stepwise::testing::kill_loop_apply_args(url_, schema("index_target.schema")));
    }

    // What a kill during the step's build leaves in the state tables.
    void as_if_killed_in_the_build() {
        auto c = connect();
        c.query("UPDATE stepwise.state SET status = 'running', statements_done = 0, "
                "finished_at = NULL WHERE step_id = $1",
                {std::string(kIndexStep)});
        c.execute("UPDATE stepwise.plans SET status = 'running' WHERE seq = (SELECT max(seq) "
                  "FROM stepwise.plans)");
    }

    void expect_at_target() {
        auto p = run_stepwise({"plan", "--url", url_, "--schema", schema("index_target.schema"),
                               "--detailed-exitcode"});
        EXPECT_EQ(p.exit_code, 0) << p.output;
        auto c = connect();
        EXPECT_EQ(dump_rows(c, "SELECT status, statements_done FROM stepwise.state WHERE "
                               "step_id = 'orders.orders_customer_idx:create'"),
                  "applied|1\n");
    }
};

// The orphaned session finished the build: the resumed step must not build it again.
TEST_F(ResumePgIndexTest, AFinishedBuildIsNotRunAgain) {
    auto c = connect();
    std::string before = dump_rows(c, kIndexState);
    ASSERT_NE(before, "");
    as_if_killed_in_the_build();
    auto r = apply_target();
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_EQ(dump_rows(c, kIndexState), before) << "the index was built again";
    expect_at_target();
}

// The build failed (or was cancelled) and left an invalid index: it is dropped and rebuilt.
TEST_F(ResumePgIndexTest, AnInvalidIndexLeftByAFailedBuildIsRebuilt) {
    auto c = connect();
    c.execute("DROP INDEX orders_customer_idx");
    EXPECT_THROW(c.execute("CREATE UNIQUE INDEX CONCURRENTLY orders_customer_idx ON orders "
                           "(customer_id)"),
                 stepwise::dialect::DatabaseError);
    std::string dead = dump_rows(c, kIndexState);
    ASSERT_EQ(dead.substr(dead.find('|')), "|f|t\n") << "no invalid index to start from";
    as_if_killed_in_the_build();
    auto r = apply_target();
    ASSERT_EQ(r.exit_code, 0) << r.output;
    std::string now = dump_rows(c, kIndexState);
    EXPECT_EQ(now.substr(now.find('|')), "|t|f\n") << now;
    EXPECT_NE(now, dead);
    expect_at_target();
}

// Another session is still building it (as a killed run's session does): the resumed step
// waits for that build and keeps its index rather than dropping it and building another.
TEST_F(ResumePgIndexTest, ABuildStillRunningElsewhereIsWaitedFor) {
    auto c = connect();
    c.execute("DROP INDEX orders_customer_idx");
    as_if_killed_in_the_build();
    // An open writer makes the other session's build wait after it has created the index.
    auto writer = connect();
    writer.begin();
    writer.execute("UPDATE orders SET customer_id = customer_id WHERE id = 1");
    std::string built;
    std::thread builder([&] {
        auto b = connect();
        try {
            b.execute("CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id)");
            built = "ok";
        } catch (const std::exception& e) {
            built = e.what();
        }
    });
    std::string building; // waited for up to 60 s: a loaded machine starts the build late
    for (int i = 0; i < 1200 && building.empty(); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        building = dump_rows(c, "SELECT index_relid::text FROM pg_stat_progress_create_index "
                                "WHERE index_relid <> 0");
    }
    stepwise::testing::CommandResult r;
    std::thread resumed([&] { r = apply_target(); });
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    writer.commit();
    builder.join();
    resumed.join();
    ASSERT_NE(building, "") << "the other session's build never showed up";
    EXPECT_EQ(built, "ok");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_EQ(dump_rows(c, kIndexState), building.substr(0, building.size() - 1) + "|t|f\n")
        << "not the index the other session built";
    expect_at_target();
}

// The run lock's settling of a killed run's working session (pg_orphan_sessions.h). The
// session of the "killed run" is named the working one the way the lock names it, by settling
// on it first; then it runs something, and the next run settles.
class OrphanSessionTest : public ResumePgTest {
protected:
    // Runs `sql` on `session` in a thread; `code` gets the SQLSTATE it failed with, or "ok".
    std::thread run(PgConnection& session, std::string sql, std::string& code) {
        return std::thread([&session, sql, &code] {
            try {
                session.execute(sql);
                code = "ok";
            } catch (const stepwise::dialect::DatabaseError& e) {
                code = e.code();
            }
        });
    }
    // Waits, up to 60 s, until some other session runs a statement starting with `start`.
    bool wait_for_statement(PgConnection& c, const std::string& start) {
        for (int i = 0; i < 1200; ++i) {
            auto r = c.query("SELECT 1 FROM pg_stat_activity WHERE state = 'active' AND "
                             "starts_with(query, $1) AND pid <> pg_backend_pid()",
                             {start});
            if (!r.rows.empty())
                return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return false;
    }
};

// A statement inside a transaction its client can no longer commit is cancelled at once.
TEST_F(OrphanSessionTest, AnOrphanedTransactionIsCancelled) {
    auto orphan = connect();
    stepwise::postgres::settle_orphan_sessions(orphan, "public");
    std::string code;
    auto t = run(orphan, "SELECT pg_sleep(60)", code);
    auto worker = connect();
    ASSERT_TRUE(wait_for_statement(worker, "SELECT pg_sleep"));
    stepwise::postgres::settle_orphan_sessions(worker, "public");
    t.join();
    EXPECT_EQ(code, "57014") << "the orphan was not cancelled";
}

// A concurrent index build is waited for (within the patience), so its work is kept.
TEST_F(OrphanSessionTest, AnOrphanedIndexBuildIsWaitedFor) {
    auto setup = connect();
    setup.execute("CREATE TABLE t (id int primary key, v int); INSERT INTO t SELECT i, i FROM "
                  "generate_series(1, 1000) i");
    auto orphan = connect();
    stepwise::postgres::settle_orphan_sessions(orphan, "public");
    auto orphan_pid = dump_rows(orphan, "SELECT pg_backend_pid()");
    auto writer = connect();
    writer.begin();
    writer.execute("UPDATE t SET v = v WHERE id = 1"); // the build waits for this writer
    std::string code;
    auto t = run(orphan, "CREATE INDEX CONCURRENTLY t_v_idx ON t (v)", code);
    auto worker = connect();
    ASSERT_TRUE(wait_for_statement(worker, "CREATE INDEX CONCURRENTLY"));
    // The writer lets go once the wait has been reported: the build cannot end before.
    std::vector<stepwise::dialect::OrphanWait> waits;
    stepwise::postgres::OrphanPolicy policy;
    policy.on_wait = [&](const stepwise::dialect::OrphanWait& w) {
        if (waits.empty())
            writer.commit();
        waits.push_back(w);
    };
    stepwise::postgres::settle_orphan_sessions(worker, "public", policy);
    t.join();
    EXPECT_EQ(code, "ok") << "the orphaned build was cancelled";
    ASSERT_FALSE(waits.empty()) << "the wait for the orphaned build was not reported";
    EXPECT_EQ(waits[0].what, "a concurrent index build");
    EXPECT_EQ(waits[0].session + "\n", "server process " + orphan_pid);
    EXPECT_EQ(waits[0].limit, stepwise::dialect::kDefaultOrphanWait);
    EXPECT_EQ(waits[0].then, "cancel it");
    EXPECT_EQ(dump_rows(setup, "SELECT indisvalid FROM pg_index WHERE indexrelid = "
                               "'t_v_idx'::regclass"),
              "t\n");
}

// ... but not for longer than the patience: then it is cancelled too.
TEST_F(OrphanSessionTest, AnOrphanedIndexBuildIsCancelledAfterThePatience) {
    auto setup = connect();
    setup.execute("CREATE TABLE t (id int primary key, v int)");
    auto orphan = connect();
    stepwise::postgres::settle_orphan_sessions(orphan, "public");
    auto writer = connect();
    writer.begin();
    writer.execute("UPDATE t SET v = v WHERE id = 1");
    std::string code;
    auto t = run(orphan, "CREATE INDEX CONCURRENTLY t_v_idx ON t (v)", code);
    auto worker = connect();
    ASSERT_TRUE(wait_for_statement(worker, "CREATE INDEX CONCURRENTLY"));
    stepwise::postgres::OrphanPolicy policy;
    policy.patience = std::chrono::milliseconds(300);
    stepwise::postgres::settle_orphan_sessions(worker, "public", policy);
    t.join();
    writer.rollback();
    EXPECT_EQ(code, "57014");
}
} // namespace

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    ::testing::AddGlobalTestEnvironment(new stepwise::testing::PgServerEnvironment);
    return RUN_ALL_TESTS();
}
