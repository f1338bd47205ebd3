// Expand/contract on PostgreSQL (issue #9): a renamed or retyped column lives beside the old
// one until the contract, a trigger keeps both equal, old and new code write concurrently, and
// rollback from any point brings back the old shape with every row.

#include "compiler/plan/plan.h"
#include "dialects/postgres/pg_tombstone.h"
#include "runtime/executor.h"
#include "tests/postgres/pg_migration.h"
#include "tests/postgres/pg_server.h"
#include "tests/support/migration_plan.h"
#include "tests/support/shape_writers.h"

#include <atomic>
#include <gtest/gtest.h>
#include <map>
#include <memory>
#include <thread>

using namespace stepwise;
using stepwise::testing::scalar;
using stepwise::testing::ShapeWriter;

namespace {

// id -> value of `column`, every row.
std::map<std::string, std::string> column_values(dialect::Connection& c, const std::string& table,
                                                 const std::string& column) {
    std::map<std::string, std::string> out;
    for (const auto& row : c.query("SELECT id::text, " + column + "::text FROM " + table).rows)
        out[*row[0]] = row[1] ? *row[1] : "NULL";
    return out;
}

bool has_column(dialect::Connection& c, const std::string& table, const std::string& column) {
    return scalar(c, "SELECT count(*) FROM information_schema.columns WHERE table_name = '" +
                         table + "' AND column_name = '" + column + "'") == "1";
}

bool has_trigger(dialect::Connection& c, const std::string& table) {
    return scalar(c, "SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal AND tgrelid = '" +
                         table + "'::regclass") != "0";
}

// Batches of 200 rows; five retries unless the test says otherwise.
struct Migration : stepwise::testing::PgMigration {
    Migration(const std::string& db, const std::string& setup, const std::string& schema)
        : PgMigration(db, setup, schema, /*batch_size=*/200, /*retries=*/5) {}
};

const char* users_setup =
    "CREATE TABLE users (id int PRIMARY KEY, name text NOT NULL, age int);"
    "INSERT INTO users SELECT g, 'user ' || g, g % 90 FROM generate_series(1, 3000) g";
const char* users_renamed = "table users {\n id int primary key\n"
                            " full_name text not null renamed from name\n age int\n}\n";

// The expand side of the users rename applied on a thread of its own and held in the backfill:
// once the trigger exists (the expand needs the table to itself, so not earlier) `holder`
// locks row 3000, in the last batch, and the apply retries lock timeouts `retries` times
// (200 ms pauses between batches) before it fails. The test decides when the lock goes.
class HeldBackfill {
public:
    HeldBackfill(Migration& m, dialect::Connection& watch, int retries) {
        m.retries = retries;
        // Connected before the apply starts: between the trigger and the row lock there are
        // only the batches before the last, and a loaded machine is slow to connect.
        holder = m.connect();
        applier_ = std::thread([this, &m] {
            try {
                m.apply(false, std::chrono::milliseconds(200));
            } catch (...) {
                error = std::current_exception();
                failed = true;
            }
        });
        while (!has_trigger(watch, "users") && !failed)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        holder->begin();
        holder->query("SELECT id FROM users WHERE id = 3000 FOR UPDATE");
    }
    ~HeldBackfill() {
        if (applier_.joinable())
            applier_.join();
    }
    void join() { applier_.join(); }

    std::unique_ptr<dialect::Connection> holder;
    std::atomic<bool> failed{false};
    std::exception_ptr error; // read after join()

private:
    std::thread applier_;
};

// Inserts and updates through one column only, as code that knows one shape would. Updates
// stay below id 2500, out of the backfill's last batch, which the test holds back.
ShapeWriter users_writer(const std::string& column, int first_id) {
    return ShapeWriter{[=](int i) {
                           return "INSERT INTO users (id, " + column + ") VALUES (" +
                                  std::to_string(first_id + i) + ", '" + column + " insert " +
                                  std::to_string(i) + "')";
                       },
                       [=](int i) {
                           return "UPDATE users SET " + column + " = '" + column + " update " +
                                  std::to_string(i) +
                                  "' WHERE id = " + std::to_string(1 + (i * 37 + first_id) % 2500);
                       }};
}

} // namespace

TEST(PgDualWrite, RenamePlansExpandBackfillValidateContract) {
    STEPWISE_REQUIRE_PG();
    Migration m("dw_plan", users_setup, users_renamed);
    std::vector<std::string> ids;
    for (const auto& s : m.p.steps)
        ids.push_back(s.id);
    EXPECT_EQ(ids, (std::vector<std::string>{
                       "users.full_name:expand", "users.full_name:backfill",
                       "users.full_name:check_not_null", "users.full_name:validate_not_null",
                       "users.full_name:set_not_null", "users.full_name:contract"}));
    for (const auto& s : m.p.steps)
        for (const auto& h : s.hazards) {
            EXPECT_NE(h.cls, plan::HazardClass::TableRewrite) << s.id << ": " << h.reason;
            EXPECT_NE(h.cls, plan::HazardClass::BlockingLock) << s.id << ": " << h.reason;
        }
    const plan::Step* contract = m.step("users.full_name:contract");
    ASSERT_NE(contract, nullptr);
    EXPECT_EQ(contract->phase, plan::Phase::Contract);
    EXPECT_EQ(contract->deploy_note, "deploy code that writes `full_name`");
    ASSERT_EQ(contract->hazards.size(), 1u);
    EXPECT_EQ(contract->hazards[0].cls, plan::HazardClass::AppIncompatible);
    EXPECT_NE(contract->hazards[0].reason.find("old code breaks"), std::string::npos);
}

// The required test of #9: both shapes written concurrently during the window (and during the
// backfill), every row consistent; contract; rollback brings back every row.
TEST(PgDualWrite, OldAndNewWritersConcurrentlyThenContractThenRollback) {
    STEPWISE_REQUIRE_PG();
    Migration m("dw_concurrent", users_setup, users_renamed);
    ShapeWriter old_writer = users_writer("name", 10000);
    ShapeWriter new_writer = users_writer("full_name", 20000);
    auto old_conn = m.connect();
    auto new_conn = m.connect();
    auto watch = m.connect();

    // The held row keeps the backfill running while the writers write; the apply waits
    // (retrying lock timeouts) until the lock is freed.
    HeldBackfill backfill(m, *watch, /*retries=*/1000);
    EXPECT_EQ(scalar(*backfill.holder,
                     "SELECT count(*) FROM users WHERE id = 3000 AND full_name IS NULL"),
              "1")
        << "the backfill reached the last batch before the writers started";
    stepwise::testing::run_both(old_writer, *old_conn, new_writer, *new_conn, 400);
    // The backfill had not reached the held row: it was still running.
    EXPECT_EQ(scalar(*watch, "SELECT count(*) FROM users WHERE id = 3000 AND full_name IS NULL"),
              "1");
    backfill.holder->rollback();
    backfill.join();
    ASSERT_FALSE(backfill.error) << "apply failed";
    EXPECT_EQ(old_writer.failures, 0) << old_writer.last_error;
    EXPECT_EQ(new_writer.failures, 0) << new_writer.last_error;

    EXPECT_EQ(scalar(*m.c, "SELECT count(*) FROM users"), "3400");
    EXPECT_EQ(scalar(*m.c, "SELECT count(*) FROM users WHERE name IS DISTINCT FROM full_name"),
              "0");
    EXPECT_EQ(scalar(*m.c, "SELECT count(*) FROM users WHERE full_name IS NULL"), "0");
    // Rows each writer inserted reached the other column.
    EXPECT_EQ(scalar(*m.c, "SELECT full_name FROM users WHERE id = 10000"), "name insert 0");
    EXPECT_EQ(scalar(*m.c, "SELECT name FROM users WHERE id = 20000"), "full_name insert 0");

    auto result = m.apply(true);
    EXPECT_FALSE(result.stopped_before_contract);
    EXPECT_FALSE(has_column(*m.c, "users", "name"));
    EXPECT_FALSE(has_trigger(*m.c, "users"));
    // After the contract, new code writes the new column only.
    m.c->execute("INSERT INTO users (id, full_name) VALUES (30000, 'after contract')");
    m.c->execute("UPDATE users SET full_name = 'changed after contract' WHERE id = 7");
    auto expected = column_values(*m.c, "users", "full_name");
    ASSERT_EQ(expected.size(), 3401u);

    // Back to just after validate: the old column is back, in step with the new one.
    m.rollback("users.full_name:contract");
    EXPECT_EQ(scalar(*m.c, "SELECT count(*) FROM users WHERE name IS DISTINCT FROM full_name"),
              "0");
    m.c->execute("UPDATE users SET name = 'old code again' WHERE id = 8");
    EXPECT_EQ(scalar(*m.c, "SELECT full_name FROM users WHERE id = 8"), "old code again");
    expected["8"] = "old code again";

    m.rollback();
    EXPECT_FALSE(has_column(*m.c, "users", "full_name"));
    EXPECT_FALSE(has_trigger(*m.c, "users"));
    EXPECT_EQ(scalar(*m.c, "SELECT is_nullable FROM information_schema.columns WHERE table_name = "
                           "'users' AND column_name = 'name'"),
              "NO");
    EXPECT_EQ(column_values(*m.c, "users", "name"), expected);
}

TEST(PgDualWrite, RollbackRightAfterExpandKeepsRowsWrittenThroughTheNewColumn) {
    STEPWISE_REQUIRE_PG();
    Migration m("dw_after_expand", users_setup, users_renamed);
    m.apply(false);
    // Undo down to the expand step only: the window is open, the backfill undone.
    m.rollback("users.full_name:backfill");
    ASSERT_TRUE(has_column(*m.c, "users", "full_name"));
    m.c->execute("INSERT INTO users (id, full_name) VALUES (5000, 'new shape')");
    m.c->execute("UPDATE users SET full_name = 'renamed by new code' WHERE id = 1");
    m.c->execute("INSERT INTO users (id, name) VALUES (5001, 'old shape')");
    EXPECT_EQ(scalar(*m.c, "SELECT full_name FROM users WHERE id = 5001"), "old shape");
    m.rollback();
    EXPECT_FALSE(has_column(*m.c, "users", "full_name"));
    EXPECT_EQ(scalar(*m.c, "SELECT name FROM users WHERE id = 5000"), "new shape");
    EXPECT_EQ(scalar(*m.c, "SELECT name FROM users WHERE id = 1"), "renamed by new code");
    EXPECT_EQ(scalar(*m.c, "SELECT name FROM users WHERE id = 2"), "user 2");
    EXPECT_EQ(scalar(*m.c, "SELECT count(*) FROM users"), "3002");
}

// A type change under the same name: the new column is `_stepwise_new_<name>` until the
// contract renames it in; `using` and `down using` convert both ways.
TEST(PgDualWrite, TypeChangeConvertsBothWaysAndRollsBackAfterContract) {
    STEPWISE_REQUIRE_PG();
    Migration m("dw_type",
                "CREATE TABLE items (id int PRIMARY KEY, qty text NOT NULL);"
                "INSERT INTO items SELECT g, (g * 2)::text || '.0' FROM generate_series(1, 500) g",
                "table items {\n id int primary key\n qty int not null default 0 "
                "using (round(qty::numeric)::integer) down using (qty::text)\n}\n");
    for (const auto& s : m.p.steps)
        for (const auto& h : s.hazards)
            EXPECT_NE(h.cls, plan::HazardClass::TableRewrite) << s.id << ": " << h.reason;
    m.apply(false);
    const std::string shadow = "\"_stepwise_new_qty\"";
    EXPECT_EQ(scalar(*m.c, "SELECT " + shadow + " FROM items WHERE id = 21"), "42");
    // Old code writes text, new code writes integers; each reaches the other column.
    m.c->execute("INSERT INTO items (id, qty) VALUES (600, '7')");
    EXPECT_EQ(scalar(*m.c, "SELECT " + shadow + " FROM items WHERE id = 600"), "7");
    m.c->execute("INSERT INTO items (id, " + shadow + ") VALUES (601, 9)");
    EXPECT_EQ(scalar(*m.c, "SELECT qty FROM items WHERE id = 601"), "9");
    m.c->execute("UPDATE items SET " + shadow + " = 11 WHERE id = 3");
    EXPECT_EQ(scalar(*m.c, "SELECT qty FROM items WHERE id = 3"), "11");
    m.c->execute("UPDATE items SET qty = '13' WHERE id = 4");
    EXPECT_EQ(scalar(*m.c, "SELECT " + shadow + " FROM items WHERE id = 4"), "13");

    m.apply(true);
    EXPECT_EQ(scalar(*m.c, "SELECT data_type FROM information_schema.columns WHERE table_name = "
                           "'items' AND column_name = 'qty'"),
              "integer");
    m.c->execute("INSERT INTO items (id) VALUES (700)"); // the default arrived with the swap
    m.c->execute("UPDATE items SET qty = 15 WHERE id = 5");
    m.rollback();
    EXPECT_EQ(scalar(*m.c, "SELECT data_type FROM information_schema.columns WHERE table_name = "
                           "'items' AND column_name = 'qty'"),
              "text");
    EXPECT_EQ(scalar(*m.c, "SELECT qty FROM items WHERE id = 5"), "15");
    EXPECT_EQ(scalar(*m.c, "SELECT qty FROM items WHERE id = 700"), "0");
    // A value the round trip would change ('12.0' -> 12 -> '12') is never rewritten.
    EXPECT_EQ(scalar(*m.c, "SELECT qty FROM items WHERE id = 6"), "12.0");
    EXPECT_EQ(scalar(*m.c, "SELECT qty FROM items WHERE id = 601"), "9");
    EXPECT_EQ(scalar(*m.c, "SELECT count(*) FROM items"), "503");
    EXPECT_FALSE(has_trigger(*m.c, "items"));
}

// A renamed table: old code keeps using the old name through a view until the contract.
TEST(PgDualWrite, TableRenameKeepsTheOldNameAsAViewUntilContract) {
    STEPWISE_REQUIRE_PG();
    Migration m("dw_table",
                "CREATE TABLE clients (id int GENERATED BY DEFAULT AS IDENTITY "
                "PRIMARY KEY, name text NOT NULL);"
                "INSERT INTO clients (name) VALUES ('a'), ('b')",
                "table customers renamed from clients {\n id int primary key identity\n"
                " name text not null\n}\n");
    m.apply(false);
    m.c->execute("INSERT INTO clients (name) VALUES ('old code')");
    m.c->execute("UPDATE clients SET name = 'A' WHERE id = 1");
    m.c->execute("INSERT INTO customers (name) VALUES ('new code')");
    EXPECT_EQ(scalar(*m.c, "SELECT string_agg(name, ',' ORDER BY id) FROM customers"),
              "A,b,old code,new code");
    m.apply(true);
    EXPECT_THROW(m.c->query("SELECT 1 FROM clients"), dialect::DatabaseError);
    m.c->execute("INSERT INTO customers (name) VALUES ('after contract')");
    m.rollback();
    EXPECT_EQ(scalar(*m.c, "SELECT string_agg(name, ',' ORDER BY id) FROM clients"),
              "A,b,old code,new code,after contract");
    EXPECT_EQ(scalar(*m.c, "SELECT to_regclass('customers') IS NULL"), "t");
}

TEST(PgTombstone, LongNamesFitAndStayDistinct) {
    std::string prefix(60, 'x');
    std::string a = postgres::tombstone_name("0123456789ab", prefix + "_first");
    std::string b = postgres::tombstone_name("0123456789ab", prefix + "_second");
    EXPECT_LE(a.size(), 63u);
    EXPECT_LE(b.size(), 63u);
    EXPECT_NE(a, b);
    EXPECT_EQ(a.rfind("_stepwise_dropped_0123456789ab_", 0), 0u);
    EXPECT_EQ(postgres::tombstone_name("0123456789ab", "note"),
              "_stepwise_dropped_0123456789ab_note");
    // A cut never splits a multi-byte character.
    std::string accents;
    for (int i = 0; i < 40; ++i)
        accents += "\xc3\xa9";
    std::string fitted = postgres::fit_identifier(accents);
    EXPECT_LE(fitted.size(), 63u);
    size_t body = fitted.rfind('_');
    EXPECT_EQ(body % 2, 0u);
}

// Two dropped columns whose names share their first 60 bytes: both soft-dropped, both back.
TEST(PgTombstone, DropsOfLongColumnNamesSharingAPrefixDoNotCollide) {
    STEPWISE_REQUIRE_PG();
    std::string prefix(58, 'c');
    std::string a = prefix + "_one", b = prefix + "_two";
    Migration m("tomb_long",
                "CREATE TABLE t (id int PRIMARY KEY, \"" + a + "\" int NOT NULL DEFAULT 0, \"" + b +
                    "\" int); INSERT INTO t VALUES (1, 10, 20), (2, 30, NULL)",
                "table t {\n id int primary key\n}\n");
    m.apply(true);
    EXPECT_FALSE(has_column(*m.c, "t", a));
    EXPECT_FALSE(has_column(*m.c, "t", b));
    EXPECT_EQ(scalar(*m.c, "SELECT count(*) FROM pg_attribute WHERE attrelid = 't'::regclass AND "
                           "attname LIKE '\\_stepwise\\_dropped\\_%' AND NOT attisdropped"),
              "2");
    // Code that no longer knows the columns inserts; the NOT NULL one keeps its default.
    m.c->execute("INSERT INTO t (id) VALUES (3)");
    m.rollback();
    EXPECT_EQ(scalar(*m.c, "SELECT string_agg(\"" + a + "\"::text || '/' || coalesce(\"" + b +
                               "\"::text, '-'), ',' ORDER BY id) FROM t"),
              "10/20,30/-,0/-");
}

// Rollback in the middle of the backfill: a held row lock stops it part-way (the apply fails
// after its retries), and the rollback still brings back the old shape with every row.
TEST(PgDualWrite, RollbackMidBackfillRestoresTheOldShape) {
    STEPWISE_REQUIRE_PG();
    Migration m("dw_mid_backfill", users_setup, users_renamed);
    auto watch = m.connect();
    HeldBackfill backfill(m, *watch, /*retries=*/1);
    watch->execute("INSERT INTO users (id, full_name) VALUES (4000, 'written mid-backfill')");
    watch->execute("UPDATE users SET full_name = 'changed mid-backfill' WHERE id = 10");
    backfill.join();
    backfill.holder->rollback();
    EXPECT_TRUE(backfill.error) << "the apply was expected to stop at the held row";
    int copied = std::stoi(scalar(*m.c, "SELECT count(full_name) FROM users WHERE id <= 3000"));
    EXPECT_GT(copied, 0);
    EXPECT_LT(copied, 3000);

    m.rollback();
    EXPECT_FALSE(has_column(*m.c, "users", "full_name"));
    EXPECT_FALSE(has_trigger(*m.c, "users"));
    EXPECT_EQ(scalar(*m.c, "SELECT count(*) FROM users"), "3001");
    EXPECT_EQ(scalar(*m.c, "SELECT name FROM users WHERE id = 4000"), "written mid-backfill");
    EXPECT_EQ(scalar(*m.c, "SELECT name FROM users WHERE id = 10"), "changed mid-backfill");
    EXPECT_EQ(scalar(*m.c, "SELECT name FROM users WHERE id = 2999"), "user 2999");
}
