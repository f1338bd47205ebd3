// Item 3 of issue #5, proved on SQLite: `stepwise apply` killed with SIGKILL at random moments
// (during DDL, inside a backfill, inside the table swap, between steps) and run again ends at
// the target with every row as it should be; `stepwise rollback`, killed the same way, ends
// at the start. The loop is shared with PostgreSQL and MariaDB (resume_kill_loop.h).

#include "dialects/sqlite/sqlite_connection.h"
#include "tests/acceptance/case_runner.h"
#include "tests/acceptance/resume_kill_loop.h"

#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <gtest/gtest.h>
#include <unistd.h>

namespace fs = std::filesystem;
using stepwise::sqlite::SqliteConnection;
using stepwise::testing::dump_rows;
using stepwise::testing::expect_rows;
using stepwise::testing::run_stepwise;

namespace {

constexpr int kCustomers = 2000;
constexpr int kOrders = 10000;

// The start: customers with a nickname column to rename, orders with a real `total` to turn
// into integer cents, a nullable `status` to make NOT NULL, and a table to drop.
const char* kStartSchema = R"(table customers {
  id   int  primary key
  name text not null
  nick text
}
table orders {
  id          int  primary key
  customer_id int  not null references customers (id)
  total       real
  status      text
}
table legacy {
  id   int primary key
  note text
}
)";

// Every kind of step: rebuilds (create, batched copy, swap) of a parent and of a child that
// references it, an in-place rename, a new table, a new index and a soft drop.
const char* kTargetSchema = R"(table customers {
  id       int  primary key
  name     text not null
  nickname text renamed from nick
  email    text not null backfill ('user' || id || '@example.com')
}
table orders {
  id          int    primary key
  customer_id int    not null references customers (id)
  total_cents bigint not null renamed from total using (cast(round(coalesce(total, 0) * 100) as integer)) down using (total_cents / 100.0)
  status      text   not null backfill ('new')
  index orders_customer_idx (customer_id)
}
table audit {
  id  int primary key
  msg text
}
)";

std::string total_of(int i) {
    return fmt::format("{}", (i % 400) * 0.25); // exact in binary floating point
}

std::optional<std::string> status_of(int i) {
    if (i % 7 == 0)
        return std::nullopt;
    return std::string(i % 3 == 0 ? "paid" : "pending");
}

const char* kCustomersStart = "SELECT id, name, nick FROM customers ORDER BY id";
const char* kOrdersStart = "SELECT id, customer_id, total, status FROM orders ORDER BY id";
const char* kLegacy = "SELECT id, note FROM legacy ORDER BY id";
const char* kCustomersTarget = "SELECT id, name, nickname, email FROM customers ORDER BY id";
const char* kOrdersTarget =
    "SELECT id, customer_id, typeof(total_cents), total_cents, status FROM orders ORDER BY id";

// The target rows, computed here from the same formulas the seed used, not by stepwise.
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
        out += fmt::format("{}|{}|integer|{}|{}\n", i, i % kCustomers + 1, (i % 400) * 25,
                           status_of(i).value_or("new"));
    return out;
}

class ResumeTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("stepwise-resume-" + std::to_string(::getpid()));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
        db_ = (dir_ / "app.db").string();
        std::ofstream(dir_ / "start.schema") << kStartSchema;
        std::ofstream(dir_ / "target.schema") << kTargetSchema;
    }
    void TearDown() override { fs::remove_all(dir_); }

    std::string url() const { return "sqlite://" + db_; }
    std::string schema(const char* name) const { return (dir_ / name).string(); }

    void seed_rows() {
        auto r = run_stepwise(
            {"apply", "--url", url(), "--schema", schema("start.schema"), "--yes", "--quiet"});
        ASSERT_EQ(r.exit_code, 0) << r.output;
        SqliteConnection c(db_);
        c.begin();
        for (int i = 1; i <= kCustomers; ++i)
            c.query("INSERT INTO customers (id, name, nick) VALUES (?1, ?2, ?3)",
                    {std::to_string(i), "name " + std::to_string(i),
                     i % 5 == 0 ? std::nullopt
                                : std::optional<std::string>("nick" + std::to_string(i))});
        for (int i = 1; i <= kOrders; ++i)
            c.query(
                "INSERT INTO orders (id, customer_id, total, status) VALUES (?1, ?2, "
                "CAST(?3 AS real), ?4)",
                {std::to_string(i), std::to_string(i % kCustomers + 1), total_of(i), status_of(i)});
        for (int i = 1; i <= 50; ++i)
            c.query("INSERT INTO legacy (id, note) VALUES (?1, ?2)",
                    {std::to_string(i), "note " + std::to_string(i)});
        c.commit();
    }

    fs::path dir_;
    std::string db_;
};

TEST_F(ResumeTest, KilledApplyResumesToTheTargetAndKilledRollbackToTheStart) {
    seed_rows();
    stepwise::testing::KillLoopCase c;
    c.label = "sqlite";
    c.url = url();
    c.start_schema = schema("start.schema");
    c.target_schema = schema("target.schema");
    c.apply_kills = 24;
    c.rollback_kills = 4;
    c.start_rows = [&] {
        SqliteConnection conn(db_);
        return dump_rows(conn, kCustomersStart) + dump_rows(conn, kOrdersStart) +
               dump_rows(conn, kLegacy);
    };
    c.expect_target = [&](const std::string& when) {
        SqliteConnection conn(db_);
        static const std::string want_c = expected_customers(), want_o = expected_orders();
        expect_rows("customers", want_c, dump_rows(conn, kCustomersTarget), when);
        expect_rows("orders", want_o, dump_rows(conn, kOrdersTarget), when);
        EXPECT_EQ(dump_rows(conn, "PRAGMA foreign_key_check"), "") << when;
        EXPECT_EQ(dump_rows(conn, "PRAGMA integrity_check"), "ok\n") << when;
        // No helper table or mirror trigger of a rebuild is left behind.
        EXPECT_EQ(dump_rows(conn, "SELECT name FROM sqlite_master WHERE name LIKE "
                                  "'\\_stepwise\\_new\\_%' ESCAPE '\\' OR name LIKE "
                                  "'\\_stepwise\\_sync\\_%' ESCAPE '\\'"),
                  "")
            << when;
    };
    stepwise::testing::run_kill_loop(c);
}

} // namespace

namespace {

// Rollbacks are counted in the state table's down_done column; a state table created before
// it existed gets it from the next rollback, and status reads such a table as it is.
TEST_F(ResumeTest, RollbackAddsTheDownCountToAnOlderStateTable) {
    seed_rows();
    auto args = stepwise::testing::kill_loop_apply_args(url(), schema("target.schema"));
    auto r = run_stepwise(args);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    {
        SqliteConnection c(db_);
        c.execute("ALTER TABLE _stepwise_state DROP COLUMN down_done");
    }
    auto status = run_stepwise({"status", "--url", url()});
    EXPECT_EQ(status.exit_code, 0) << status.output;
    auto rollback = run_stepwise({"rollback", "--url", url(), "--yes", "--quiet"});
    ASSERT_EQ(rollback.exit_code, 0) << rollback.output;
    SqliteConnection c(db_);
    EXPECT_EQ(dump_rows(c, "SELECT count(*) FROM pragma_table_info('_stepwise_state') WHERE "
                           "name = 'down_done'"),
              "1\n");
    EXPECT_EQ(dump_rows(c, "SELECT count(*) FROM _stepwise_state WHERE status <> 'rolled_back' "
                           "AND plan_id = (SELECT plan_id FROM _stepwise_plans ORDER BY seq "
                           "DESC LIMIT 1)"),
              "0\n");
}

// A step left half undone by a killed rollback must be finished by rollback, not applied over.
TEST_F(ResumeTest, ApplyRefusesAPlanWithAStepBeingRolledBack) {
    seed_rows();
    auto args = stepwise::testing::kill_loop_apply_args(url(), schema("target.schema"));
    std::vector<std::string> expand_only;
    for (const auto& a : args)
        if (a != "--contract")
            expand_only.push_back(a);
    auto r = run_stepwise(expand_only);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    std::string step;
    {
        SqliteConnection c(db_);
        auto rows = c.query("SELECT step_id FROM _stepwise_state WHERE status = 'applied' ORDER "
                            "BY ordinal DESC LIMIT 1")
                        .rows;
        ASSERT_EQ(rows.size(), 1u);
        step = rows[0][0].value_or("");
        c.query("UPDATE _stepwise_state SET status = 'rolling_back', down_done = 1 WHERE "
                "step_id = ?1",
                {step});
    }
    auto again = run_stepwise(args);
    EXPECT_EQ(again.exit_code, 3) << again.output;
    EXPECT_NE(again.output.find("step " + step), std::string::npos) << again.output;
    EXPECT_NE(again.output.find("run rollback again"), std::string::npos) << again.output;
    auto status = run_stepwise({"status", "--url", url()});
    EXPECT_NE(status.output.find("rolling_back"), std::string::npos) << status.output;
    EXPECT_NE(status.output.find("1 down statement done"), std::string::npos) << status.output;
}

} // namespace
