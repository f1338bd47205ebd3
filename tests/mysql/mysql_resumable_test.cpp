// Issue #5 item 3 on MariaDB, statement by statement: a SIGKILLed apply or rollback may have
// sent a statement that still took effect (the server finishes it) without counting it, so
// the resumed run sends it again. Every statement of every step, up and down, must be
// harmless the second time.
//
// - Every case of tests/cases/mysql is planned in-process and applied with each up statement
//   (and each backfill) run twice; the database must then match desired.schema. Then each
//   down statement runs twice, in reverse order, and SHOW CREATE TABLE of every table and
//   every row must equal the start's.
// - The two bugs the kill loop (resume_mysql_tests) found, each on its own: the rollback of
//   an index on a foreign key's column (error 1553), and a resumed index step whose index a
//   killed run's server thread already built (error 1061), through the real runtime.

#include "compiler/diff/differ.h"
#include "compiler/frontend/loader.h"
#include "compiler/model/printer.h"
#include "compiler/plan/plan.h"
#include "dialects/mysql/mysql_dialect.h"
#include "dialects/mysql/mysql_quote.h"
#include "dialects/mysql/mysql_run_lock.h"
#include "runtime/apply_error.h"
#include "runtime/executor.h"
#include "runtime/run_lock.h"
#include "tests/acceptance/case_runner.h"
#include "tests/mysql/mysql_case_suite.h"
#include "tests/mysql/mysql_rows.h"
#include "tests/mysql/mysql_server.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <gtest/gtest.h>
#include <mutex>
#include <regex>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace stepwise;
using stepwise::testing::mysql_dump_rows;
using stepwise::testing::mysql_user_tables;
using stepwise::testing::MysqlServer;

namespace {

// SHOW CREATE TABLE of every table (views too), without the AUTO_INCREMENT counter. Unlike
// the catalog stepwise reads, it shows the index InnoDB keeps for a foreign key.
std::string show_create(dialect::Connection& c) {
    static const std::regex counter(" AUTO_INCREMENT=[0-9]+");
    std::string out;
    for (const auto& table : mysql_user_tables(c))
        out += std::regex_replace(
                   *c.query("SHOW CREATE TABLE " + mysql::quote_ident(table)).rows.at(0).at(1),
                   counter, "") +
               "\n";
    return out;
}

std::string triggers(dialect::Connection& c) {
    std::string out;
    for (const auto& row : c.query("SELECT trigger_name FROM information_schema.triggers WHERE "
                                   "trigger_schema = DATABASE() ORDER BY 1")
                               .rows)
        out += *row[0] + "\n";
    return out;
}

class Database {
public:
    explicit Database(const std::string& name) : name_(name) {
        EXPECT_EQ(MysqlServer::client("DROP DATABASE IF EXISTS `" + name + "`; CREATE DATABASE `" +
                                      name + "`"),
                  0);
        conn_ = dialect_->connect(dialect::parse_url(MysqlServer::url(name)));
    }
    ~Database() { MysqlServer::client("DROP DATABASE IF EXISTS `" + name_ + "`"); }

    dialect::Connection& conn() { return *conn_; }
    const dialect::Dialect& dialect() const { return *dialect_; }
    model::Catalog inspect() { return dialect_->inspect(*conn_); }

    plan::Plan plan_to(const model::Catalog& to) {
        auto from = inspect();
        plan::Plan p;
        p.dialect = dialect_->name();
        p.from_fingerprint = model::fingerprint(from);
        p.to_fingerprint = model::fingerprint(to);
        p.id = plan::make_plan_id(p.from_fingerprint, p.to_fingerprint);
        dialect::CompileOptions options;
        options.plan_id = p.id;
        options.batch.size = 2;
        p.steps =
            dialect_->compile(diff::diff(from, to, dialect_->diff_driver()), from, to, options)
                .ordered();
        return p;
    }
    model::Catalog parse(const std::string& schema) {
        return frontend::parse_sources({{"desired.schema", schema}}, dialect_->naming());
    }
    // Through the real runtime, contract phase included.
    void apply(const plan::Plan& p) {
        runtime::QuietReporter quiet;
        runtime::ApplyOptions options;
        options.contract = true;
        runtime::Executor(*dialect_, *conn_, quiet).apply(p, options);
    }
    runtime::RollbackResult rollback() {
        runtime::QuietReporter quiet;
        return runtime::Executor(*dialect_, *conn_, quiet).rollback({});
    }
    // What the catalog still lacks of `to` (empty: it matches).
    std::string missing(const model::Catalog& to) {
        auto changes = diff::diff(inspect(), to, dialect_->diff_driver());
        return changes.changes.empty() ? "" : plan::to_text(plan_to(to));
    }

private:
    std::string name_;
    std::unique_ptr<dialect::Dialect> dialect_ = mysql::make_mysql_dialect();
    std::unique_ptr<dialect::Connection> conn_;
};

// Runs each statement twice, as a resume after a kill that landed between a statement and
// its count does. False (with a failure naming the statement) when one fails.
bool run_twice(dialect::Connection& c, const std::string& step, const char* side,
               const std::vector<std::string>& statements) {
    for (size_t i = 0; i < statements.size(); ++i)
        for (int round = 1; round <= 2; ++round) {
            try {
                c.execute(statements[i]);
            } catch (const dialect::DatabaseError& e) {
                ADD_FAILURE() << step << " " << side << " statement " << i + 1 << ", run "
                              << (round == 1 ? "once" : "a second time") << ": " << e.what()
                              << "\n  " << statements[i];
                return false;
            }
        }
    return true;
}

// The whole backfill as one batch, twice.
bool backfill_twice(dialect::Connection& c, const plan::Step& step) {
    for (int round = 1; round <= 2; ++round) {
        try {
            auto bound = c.query(step.backfill->max_key_sql).rows.at(0).at(0);
            if (bound)
                c.query(step.backfill->batch_sql, {dialect::Value{}, bound});
        } catch (const dialect::DatabaseError& e) {
            ADD_FAILURE() << step.id << " backfill, run " << round << ": " << e.what();
            return false;
        }
    }
    return true;
}

class TwiceCase : public ::testing::Test {
public:
    TwiceCase(std::string dir, std::string name) : dir_(std::move(dir)), name_(std::move(name)) {}

    void TestBody() override {
        Database db("twice_" + name_);
        if (fs::exists(dir_ + "/start.schema"))
            db.apply(db.plan_to(
                frontend::load_catalog({dir_ + "/start.schema"}, db.dialect().naming())));
        if (fs::exists(dir_ + "/start.sql"))
            db.conn().execute(stepwise::testing::read_text(dir_ + "/start.sql"));
        std::string start_create = show_create(db.conn()), start_rows = mysql_dump_rows(db.conn()),
                    start_triggers = triggers(db.conn());

        auto desired = frontend::load_catalog({dir_ + "/desired.schema"}, db.dialect().naming());
        plan::Plan p = db.plan_to(desired);
        ASSERT_FALSE(p.steps.empty()) << "the case changes nothing";
        for (const auto& step : p.steps) {
            ASSERT_TRUE(run_twice(db.conn(), step.id, "up", step.up));
            if (step.backfill)
                ASSERT_TRUE(backfill_twice(db.conn(), step));
        }
        EXPECT_EQ(db.missing(desired), "") << "run twice, the ups did not reach desired.schema";

        for (auto it = p.steps.rbegin(); it != p.steps.rend(); ++it)
            ASSERT_TRUE(run_twice(db.conn(), it->id, "down", it->down));
        EXPECT_EQ(show_create(db.conn()), start_create) << "run twice, the downs did not restore "
                                                           "the tables";
        EXPECT_EQ(mysql_dump_rows(db.conn()), start_rows) << "run twice, the downs lost rows";
        EXPECT_EQ(triggers(db.conn()), start_triggers);
    }

private:
    std::string dir_, name_;
};

const char* kShop = R"(table customers {
  id   int  primary key
  name text not null
}
table orders {
  id          int not null primary key
  customer_id int not null references customers (id)
  note        text
}
)";

const char* kShopIndexed = R"(table customers {
  id   int  primary key
  name text not null
}
table orders {
  id          int not null primary key
  customer_id int not null references customers (id)
  note        text
  index orders_customer_idx (customer_id)
}
)";

void seed_shop(dialect::Connection& c) {
    c.execute("INSERT INTO customers VALUES (1, 'ann'), (2, 'bob')");
    c.execute("INSERT INTO orders VALUES (10, 1, 'a'), (11, 2, NULL), (12, 1, 'c')");
}

// The index takes over from InnoDB's own index of the key; rolling it back used to fail with
// error 1553 ("needed in a foreign key constraint").
TEST(MysqlResumable, RollbackOfAnIndexOnAForeignKeyColumnGivesTheKeyItsIndexBack) {
    Database db("resumable_fk_index");
    db.apply(db.plan_to(db.parse(kShop)));
    seed_shop(db.conn());
    std::string start_create = show_create(db.conn()), start_rows = mysql_dump_rows(db.conn());
    ASSERT_NE(start_create.find("KEY `orders_ibfk_1` (`customer_id`)"), std::string::npos)
        << "expected InnoDB's own index of the key:\n"
        << start_create;

    auto target = db.parse(kShopIndexed);
    db.apply(db.plan_to(target));
    EXPECT_EQ(db.missing(target), "");
    EXPECT_EQ(show_create(db.conn()).find("KEY `orders_ibfk_1`"), std::string::npos)
        << "MariaDB no longer drops the key's own index when another covers it; this test "
           "does not test the fix any more";

    auto undone = db.rollback();
    EXPECT_TRUE(undone.complete);
    EXPECT_EQ(show_create(db.conn()), start_create);
    EXPECT_EQ(mysql_dump_rows(db.conn()), start_rows);
}

// The other way: the start has the index, the target drops it, so the key needs its own one
// back before the drop (error 1553 at apply); rollback restores the index.
TEST(MysqlResumable, DroppingAnIndexAForeignKeyUsesGivesTheKeyItsOwnIndex) {
    Database db("resumable_fk_index_drop");
    db.apply(db.plan_to(db.parse(kShopIndexed)));
    seed_shop(db.conn());
    std::string start_create = show_create(db.conn()), start_rows = mysql_dump_rows(db.conn());

    auto target = db.parse(kShop);
    db.apply(db.plan_to(target));
    EXPECT_EQ(db.missing(target), "");
    EXPECT_NE(show_create(db.conn()).find("KEY `orders_ibfk_1` (`customer_id`)"),
              std::string::npos);

    auto undone = db.rollback();
    EXPECT_TRUE(undone.complete);
    EXPECT_EQ(show_create(db.conn()), start_create);
    EXPECT_EQ(mysql_dump_rows(db.conn()), start_rows);
}

// A killed client's CREATE INDEX still completes on the server, and nothing counted it: the
// resumed step finds the index built. It used to fail with 1061 "Duplicate key name".
TEST(MysqlResumable, ResumedIndexStepFindsItsIndexAlreadyBuilt) {
    Database db("resumable_index_built");
    db.apply(db.plan_to(db.parse(kShop)));
    seed_shop(db.conn());
    std::string start_create = show_create(db.conn());
    auto target = db.parse(kShopIndexed);
    plan::Plan p = db.plan_to(target);
    auto step = std::find_if(p.steps.begin(), p.steps.end(), [](const plan::Step& s) {
        return s.id.find(":add_index") != std::string::npos;
    });
    ASSERT_NE(step, p.steps.end()) << plan::to_text(p);
    // What the orphaned server thread did: the step's statements, with no state row.
    for (const auto& statement : step->up)
        db.conn().execute(statement);

    db.apply(p);
    EXPECT_EQ(db.missing(target), "");
    db.rollback();
    EXPECT_EQ(show_create(db.conn()), start_create);
}

// What the next run sees after a killed one: the killed run held the run lock and left
// `statement` running on its working connection; its lock session ends (at once, as when the
// process dies) while the statement still runs, then the next run asks for the lock, waiting
// up to `patience` for the statement.
struct AfterKilledRun {
    bool locked = false;                    // the next run got the lock
    bool statement_done = false;            // the straggler had ended by then
    std::string ended;                      // "slept to the end" or the error code that stopped it
    std::string work_id;                    // the killed run's working connection
    std::vector<dialect::OrphanWait> waits; // what the next run reported while it waited
};

AfterKilledRun lock_after_killed_run(const std::string& database, const std::string& statement,
                                     std::chrono::milliseconds patience) {
    Database db(database);
    auto url = dialect::parse_url(MysqlServer::url(database));
    mysql::MysqlConnection work(url);
    AfterKilledRun out;
    out.work_id = work.query("SELECT CONNECTION_ID()").rows.at(0).at(0).value_or("?");
    auto first = mysql::try_mysql_run_lock(url, &work, "pid 1: stepwise apply");
    EXPECT_TRUE(first.lock);
    std::atomic<bool> started{false}, done{false};
    std::thread straggler([&] {
        started = true;
        try {
            work.query(statement);
            out.ended = "slept to the end";
        } catch (const dialect::DatabaseError& e) {
            out.ended = e.code();
        }
        done = true;
    });
    while (!started)
        std::this_thread::yield();
    // The statement must run on the server before the lock goes: a next run that found the
    // connection idle would have nothing to wait for. A loaded machine may take a while to
    // send it, so wait for it rather than for a fixed time.
    auto statement_running = [&] {
        return !db.conn()
                    .query("SELECT 1 FROM information_schema.processlist WHERE id = " +
                           out.work_id + " AND info LIKE " + mysql::quote_literal(statement + "%"))
                    .rows.empty();
    };
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (!statement_running() && !done && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (!statement_running()) {
        ADD_FAILURE() << "waited 60 s for '" << statement << "' to show in the process list "
                      << "on server connection " << out.work_id << " (it "
                      << (done ? "ended: " + out.ended : "never showed") << ")";
        db.conn().execute("KILL QUERY " + out.work_id);
        straggler.join();
        return out;
    }
    first.lock.reset();
    mysql::MysqlConnection next_work(url);
    dialect::LockOptions options;
    options.orphan_wait = patience;
    options.on_wait = [&](const dialect::OrphanWait& w) { out.waits.push_back(w); };
    auto second = mysql::try_mysql_run_lock(url, &next_work, "pid 2: stepwise apply", options);
    // Asked of the server, not of the straggler thread: the server ends the statement before
    // the client thread (maybe not yet scheduled on a loaded machine) sees its result.
    out.statement_done = !statement_running();
    straggler.join();
    out.locked = static_cast<bool>(second.lock);
    return out;
}

// The next run's lock waits for the statement a killed run left running before resuming:
// here a SLEEP stands in for it.
TEST(MysqlResumable, NextRunWaitsForTheStatementAKilledRunLeftRunning) {
    auto next =
        lock_after_killed_run("resumable_lock_wait", "SELECT SLEEP(2)", std::chrono::seconds(60));
    ASSERT_TRUE(next.locked);
    EXPECT_TRUE(next.statement_done)
        << "the lock was granted while the earlier run's statement ran";
    EXPECT_EQ(next.ended, "slept to the end");
}

// Past its patience the next run stops the statement (KILL QUERY) rather than wait forever.
TEST(MysqlResumable, NextRunStopsAStatementThatOutlastsItsPatience) {
    auto next = lock_after_killed_run("resumable_lock_kill", "SELECT SLEEP(120)",
                                      std::chrono::milliseconds(300));
    ASSERT_TRUE(next.locked);
    EXPECT_TRUE(next.statement_done);
    EXPECT_EQ(next.ended, "70100/1317") << "expected the statement to be interrupted";
    // The wait was reported as it began, naming the connection, its limit and what follows.
    ASSERT_FALSE(next.waits.empty()) << "the wait for the earlier run's statement was not reported";
    EXPECT_EQ(next.waits[0].what, "a statement");
    EXPECT_EQ(next.waits[0].session, "server connection " + next.work_id);
    EXPECT_EQ(next.waits[0].limit, std::chrono::milliseconds(300));
    EXPECT_EQ(next.waits[0].then, "stop it with KILL QUERY");
}

// A pid that no process has: a child that has exited and been reaped.
long exited_pid() {
    pid_t child = ::fork();
    if (child == 0)
        ::_exit(0);
    int status = 0;
    ::waitpid(child, &status, 0);
    return child;
}

std::string this_host() {
    char host[256] = {};
    ::gethostname(host, sizeof host - 1);
    return host;
}

// A run started right after a killed one: the killed holder's server session still holds
// the lock until the server notices the closed connection. The next run waits for that
// instead of refusing. Here the holder's session ends only once the wait has been reported,
// so the run cannot get the lock without waiting.
TEST(MysqlResumable, NextRunWaitsForTheLockOfAHolderThatHasExited) {
    Database db("resumable_exited_holder");
    auto url = dialect::parse_url(MysqlServer::url("resumable_exited_holder"));
    long dead = exited_pid();
    auto held = mysql::try_mysql_run_lock(
        url, nullptr, "pid " + std::to_string(dead) + " on " + this_host() + ": stepwise apply");
    ASSERT_TRUE(held.lock);
    std::mutex m;
    std::condition_variable cv;
    std::vector<dialect::OrphanWait> waits;
    dialect::LockOptions options;
    options.on_wait = [&](const dialect::OrphanWait& w) {
        std::lock_guard<std::mutex> g(m);
        waits.push_back(w);
        cv.notify_all();
    };
    std::unique_ptr<dialect::RunLock> got;
    std::string refused;
    std::thread next([&] {
        try {
            got =
                runtime::acquire_run_lock(db.dialect(), url, db.conn(), "stepwise apply", options);
        } catch (const runtime::Refused& e) {
            refused = e.what();
        }
    });
    {
        std::unique_lock<std::mutex> g(m);
        // Generous: the wait is reported as it begins, but the machine may be loaded.
        cv.wait_for(g, std::chrono::seconds(25), [&] { return !waits.empty(); });
    }
    held.lock.reset();
    next.join();
    EXPECT_TRUE(got) << "refused: " << refused;
    std::lock_guard<std::mutex> g(m);
    ASSERT_FALSE(waits.empty()) << "the wait for the exited holder was not reported";
    EXPECT_EQ(waits[0].what, "the run lock");
    EXPECT_EQ(waits[0].session, "pid " + std::to_string(dead) + " on this host, which has exited");
    EXPECT_EQ(waits[0].limit, runtime::kExitedHolderWait);
}

// A holder that still runs is refused at once, named, without a wait.
TEST(MysqlResumable, NextRunIsRefusedWhileTheHolderRuns) {
    Database db("resumable_live_holder");
    auto url = dialect::parse_url(MysqlServer::url("resumable_live_holder"));
    std::string owner =
        "pid " + std::to_string(::getppid()) + " on " + this_host() + ": stepwise apply";
    auto held = mysql::try_mysql_run_lock(url, nullptr, owner);
    ASSERT_TRUE(held.lock);
    int waits = 0;
    dialect::LockOptions options;
    options.on_wait = [&](const dialect::OrphanWait&) { ++waits; };
    try {
        runtime::acquire_run_lock(db.dialect(), url, db.conn(), "stepwise apply", options);
        ADD_FAILURE() << "the lock was granted while its holder ran";
    } catch (const runtime::Refused& e) {
        EXPECT_NE(std::string(e.what()).find(owner), std::string::npos) << e.what();
    }
    EXPECT_EQ(waits, 0);
}

} // namespace

int main(int argc, char** argv) {
    return stepwise::testing::run_mysql_case_suite<TwiceCase>(argc, argv, "MysqlTwice");
}
