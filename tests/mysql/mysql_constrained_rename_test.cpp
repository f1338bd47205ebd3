// MariaDB expand/contract for a renamed column that indexes and unique keys name (issue #9,
// gap 1): the second column gets copies of them (ALGORITHM=INPLACE, LOCK=NONE) after the
// backfill, old and new writers work concurrently with uniqueness holding across both shapes,
// the contract renames the copies in, and rollback from several points restores the table
// exactly. Also `purge` of tombstone columns (gap 2).

#include "compiler/plan/plan.h"
#include "dialects/mysql/mysql_dialect.h"
#include "runtime/executor.h"
#include "tests/mysql/mysql_server.h"
#include "tests/support/migration_plan.h"
#include "tests/support/shape_writers.h"

#include <exception>
#include <gtest/gtest.h>
#include <map>
#include <string>

using namespace stepwise;
using stepwise::testing::MysqlServer;
using stepwise::testing::ShapeWriter;

namespace {

const char* table_sql =
    "CREATE TABLE t (id INT PRIMARY KEY, email VARCHAR(60) NOT NULL, name VARCHAR(40),"
    " UNIQUE KEY t_email_key (email), KEY t_name_email_idx (name, email))";

const char* desired = "table t {\n id int primary key\n"
                      " mail varchar(60) not null renamed from email\n name varchar(40)\n"
                      " unique t_email_key (mail)\n index t_name_email_idx (name, mail)\n}\n";

struct Migration {
    std::string db;
    std::unique_ptr<dialect::Dialect> dialect = mysql::make_mysql_dialect();
    std::unique_ptr<dialect::Connection> conn;
    plan::Plan plan;
    runtime::QuietReporter quiet;

    Migration(const std::string& name, const std::string& setup, const std::string& schema)
        : db(name) {
        std::string rows;
        for (int i = 1; i <= 1000; ++i)
            rows += std::string(i > 1 ? "," : "") + "(" + std::to_string(i) + ", 'u" +
                    std::to_string(i) + "@x', 'n" + std::to_string(i % 10) + "')";
        EXPECT_EQ(MysqlServer::client("DROP DATABASE IF EXISTS " + db + "; CREATE DATABASE " + db +
                                      "; USE " + db + "; " + setup + "; INSERT INTO t VALUES " +
                                      rows + ";"),
                  0);
        conn = connect();
        plan = stepwise::testing::compile_plan(*dialect, *conn, schema, 50);
    }
    std::unique_ptr<dialect::Connection> connect() {
        return dialect->connect(dialect::parse_url(MysqlServer::url(db)));
    }
    std::string scalar(const std::string& sql) {
        return conn->query(sql).rows.at(0).at(0).value_or("NULL");
    }
    std::string create_table() {
        return conn->query("SHOW CREATE TABLE t").rows.at(0).at(1).value();
    }
    // "name:col+col" of every index, sorted, the tool's own left out.
    std::string indexes() {
        return scalar("SELECT GROUP_CONCAT(x ORDER BY x SEPARATOR ', ') FROM (SELECT CONCAT("
                      "index_name, ':', GROUP_CONCAT(column_name ORDER BY seq_in_index SEPARATOR "
                      "'+')) AS x FROM information_schema.statistics WHERE table_schema = "
                      "DATABASE() AND table_name = 't' AND index_name NOT LIKE '\\_stepwise\\_%' "
                      "GROUP BY index_name) s");
    }
    std::map<std::string, std::string> rows(const std::string& column) {
        std::map<std::string, std::string> out;
        for (const auto& r : conn->query("SELECT id, " + column + " FROM t").rows)
            out[*r[0]] = r[1].value_or("NULL");
        return out;
    }
    const plan::Step* step(const std::string& id) const {
        return stepwise::testing::find_step(plan, id);
    }
    std::vector<std::string> ids() const { return stepwise::testing::step_ids(plan); }
    plan::Plan upto(const std::string& last) const {
        return stepwise::testing::plan_upto(plan, last);
    }
    void apply(const plan::Plan& p, bool contract) {
        runtime::ApplyOptions options;
        options.contract = contract;
        options.batch.pause = std::chrono::milliseconds(5);
        runtime::Executor(*dialect, *conn, quiet).apply(p, options);
    }
    void rollback(std::optional<std::string> to = std::nullopt) {
        runtime::RollbackOptions options;
        options.to_step = std::move(to);
        runtime::Executor(*dialect, *conn, quiet).rollback(options);
    }
    bool fails(const std::string& sql) {
        try {
            conn->execute(sql);
        } catch (const dialect::DatabaseError&) {
            return true;
        }
        return false;
    }
};

// Writes through one column only, with values unique across both writers.
ShapeWriter email_writer(const std::string& column, int first_id) {
    return ShapeWriter{[=](int i) {
                           std::string id = std::to_string(first_id + i);
                           return "INSERT INTO t (id, " + column + ", name) VALUES (" + id + ", '" +
                                  column + id + "@w', 'w')";
                       },
                       [=](int i) {
                           std::string id = std::to_string(first_id + i);
                           return "UPDATE t SET " + column + " = '" + column + id +
                                  "@u' WHERE id = " +
                                  std::to_string(1 + (i * 37 + first_id) % 1000);
                       }};
}

} // namespace

TEST(MysqlConstrainedRename, IndexedColumnMovesThroughASecondColumnWithCopies) {
    Migration m("cr_plan", table_sql, desired);
    for (const char* id : {"t.mail:shadow", "t.mail:copy", "t.t_email_key:copy",
                           "t.t_name_email_idx:copy", "t.mail:rename"})
        EXPECT_NE(m.step(id), nullptr) << id << " not in " << ::testing::PrintToString(m.ids());
    const plan::Step* copy = m.step("t.t_email_key:copy");
    ASSERT_NE(copy, nullptr);
    EXPECT_NE(copy->up.at(0).find("ADD UNIQUE"), std::string::npos) << copy->up[0];
    EXPECT_NE(copy->up.at(0).find("ALGORITHM=INPLACE, LOCK=NONE"), std::string::npos);
    for (const auto& s : m.plan.steps)
        if (s.phase != plan::Phase::Contract)
            for (const auto& h : s.hazards) {
                EXPECT_NE(h.cls, plan::HazardClass::AppIncompatible) << s.id << ": " << h.reason;
                EXPECT_NE(h.cls, plan::HazardClass::BlockingLock) << s.id << ": " << h.reason;
            }
}

TEST(MysqlConstrainedRename, CheckedColumnStaysInPlace) {
    Migration m("cr_check",
                "CREATE TABLE t (id INT PRIMARY KEY, email VARCHAR(60) NOT NULL, name "
                "VARCHAR(40), CONSTRAINT t_email_at CHECK (email LIKE '%@%'))",
                "table t {\n id int primary key\n mail varchar(60) not null renamed from email\n"
                " name varchar(40)\n check t_email_at (mail like '%@%')\n}\n");
    EXPECT_EQ(m.step("t.mail:shadow"), nullptr) << ::testing::PrintToString(m.ids());
}

// The #9 test for an indexed / uniquely-keyed column: both writers while apply opens the
// window (the copies are built meanwhile), uniqueness across shapes, contract, rollback to
// before the contract and all the way.
TEST(MysqlConstrainedRename, OldAndNewWritersThenContractThenRollback) {
    Migration m("cr_window", table_sql, desired);
    const std::string before = m.create_table();
    ShapeWriter old_writer = email_writer("email", 10000);
    ShapeWriter new_writer = email_writer("mail", 20000);
    auto old_conn = m.connect();
    auto new_conn = m.connect();
    auto watch = m.connect();
    // The writers start once both triggers of the window exist.
    std::exception_ptr error = stepwise::testing::run_both_during(
        [&] { m.apply(m.plan, false); },
        [&] {
            return stepwise::testing::scalar(*watch,
                                             "SELECT COUNT(*) FROM information_schema.triggers "
                                             "WHERE trigger_schema = DATABASE()") == "2";
        },
        old_writer, *old_conn, new_writer, *new_conn, 300);
    ASSERT_FALSE(error) << "apply failed";
    EXPECT_EQ(old_writer.failures, 0) << old_writer.last_error;
    EXPECT_EQ(new_writer.failures, 0) << new_writer.last_error;
    EXPECT_EQ(m.scalar("SELECT COUNT(*) FROM t"), "1300");
    EXPECT_EQ(m.scalar("SELECT COUNT(*) FROM t WHERE NOT (email <=> mail)"), "0");
    // Uniqueness holds whichever shape writes.
    EXPECT_TRUE(m.fails("INSERT INTO t (id, mail) VALUES (50000, 'u1@x')"));
    EXPECT_TRUE(m.fails("INSERT INTO t (id, email) VALUES (50001, 'mail20000@w')"));

    m.apply(m.plan, true);
    EXPECT_EQ(m.indexes(), "PRIMARY:id, t_email_key:mail, t_name_email_idx:name+mail");
    m.conn->execute("INSERT INTO t (id, mail) VALUES (30000, 'after@contract')");
    EXPECT_TRUE(m.fails("INSERT INTO t (id, mail) VALUES (30001, 'after@contract')"));
    auto expected = m.rows("mail");

    m.rollback("t.mail:rename");
    EXPECT_EQ(m.scalar("SELECT COUNT(*) FROM t WHERE NOT (email <=> mail)"), "0");
    EXPECT_TRUE(m.fails("INSERT INTO t (id, email) VALUES (50002, 'after@contract')"));
    m.rollback();
    EXPECT_EQ(m.create_table(), before);
    EXPECT_EQ(m.rows("email"), expected);
}

TEST(MysqlConstrainedRename, RollbackAfterTheCopiesRestoresTheTable) {
    Migration m("cr_after_copies", table_sql, desired);
    const std::string before = m.create_table();
    auto rows = m.rows("email");
    std::string last_copy;
    for (const auto& s : m.plan.steps)
        if (s.id.find(":copy") != std::string::npos && s.phase == plan::Phase::Expand)
            last_copy = s.id;
    ASSERT_FALSE(last_copy.empty());
    m.apply(m.upto(last_copy), false);
    m.conn->execute("INSERT INTO t (id, mail) VALUES (40000, 'new@shape')");
    rows["40000"] = "new@shape";
    m.rollback();
    EXPECT_EQ(m.create_table(), before);
    EXPECT_EQ(m.rows("email"), rows);
}

TEST(MysqlPurge, TombstoneColumnsAreListedAndDropped) {
    Migration m("cr_purge", table_sql, desired);
    m.apply(m.plan, true);
    runtime::Executor executor(*m.dialect, *m.conn, m.quiet);
    auto tombs = executor.tombstones();
    ASSERT_EQ(tombs.size(), 1u);
    EXPECT_EQ(tombs[0].table, "t");
    EXPECT_EQ(tombs[0].column.rfind("_stepwise_dropped_", 0), 0u) << tombs[0].column;
    EXPECT_EQ(tombs[0].rows, 1000);
    EXPECT_EQ(executor.purge(tombs).size(), 1u);
    EXPECT_EQ(m.create_table().find("_stepwise_"), std::string::npos) << m.create_table();
    EXPECT_TRUE(executor.tombstones().empty());
    EXPECT_EQ(m.scalar("SELECT COUNT(*) FROM t"), "1000");
}
