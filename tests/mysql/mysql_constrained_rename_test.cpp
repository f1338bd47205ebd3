// MariaDB expand/contract for a renamed column that indexes and unique keys name (issue #9,
// gap 1): the second column gets copies of them (ALGORITHM=INPLACE, LOCK=NONE) after the
// backfill, old and new writers work concurrently with uniqueness holding across both shapes,
// the contract renames the copies in, and rollback from several points restores the table
// exactly. Also `purge` of tombstone columns (gap 2).

#include "compiler/diff/differ.h"
#include "compiler/frontend/loader.h"
#include "compiler/model/printer.h"
#include "compiler/plan/plan.h"
#include "dialects/mysql/mysql_dialect.h"
#include "runtime/executor.h"
#include "tests/mysql/mysql_server.h"

#include <atomic>
#include <gtest/gtest.h>
#include <map>
#include <string>
#include <thread>

using namespace stepwise;
using stepwise::testing::MysqlServer;

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
        auto from = dialect->inspect(*conn);
        auto to = frontend::parse_sources({{"desired.schema", schema}}, dialect->naming());
        plan.dialect = dialect->name();
        plan.from_fingerprint = model::fingerprint(from);
        plan.to_fingerprint = model::fingerprint(to);
        plan.id = plan::make_plan_id(plan.from_fingerprint, plan.to_fingerprint);
        dialect::CompileOptions options;
        options.plan_id = plan.id;
        options.batch.size = 50;
        plan.steps =
            dialect->compile(diff::diff(from, to, dialect->diff_driver()), from, to, options)
                .ordered();
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
        for (const auto& s : plan.steps)
            if (s.id == id)
                return &s;
        return nullptr;
    }
    std::vector<std::string> ids() const {
        std::vector<std::string> out;
        for (const auto& s : plan.steps)
            out.push_back(s.id);
        return out;
    }
    plan::Plan upto(const std::string& last) const {
        plan::Plan p = plan;
        for (size_t i = 0; i < p.steps.size(); ++i)
            if (p.steps[i].id == last) {
                p.steps.resize(i + 1);
                return p;
            }
        ADD_FAILURE() << "no step " << last;
        return p;
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
struct Writer {
    std::string column;
    int first_id;
    std::atomic<int> failures{0};
    std::string last_error;
    void run(dialect::Connection& c, int writes) {
        for (int i = 0; i < writes; ++i) {
            std::string id = std::to_string(first_id + i);
            try {
                if (i % 2 == 0)
                    c.execute("INSERT INTO t (id, " + column + ", name) VALUES (" + id + ", '" +
                              column + id + "@w', 'w')");
                else
                    c.execute("UPDATE t SET " + column + " = '" + column + id +
                              "@u' WHERE id = " + std::to_string(1 + (i * 37 + first_id) % 1000));
            } catch (const dialect::DatabaseError& e) {
                ++failures;
                last_error = e.what();
            }
        }
    }
};

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
    Writer old_writer{"email", 10000};
    Writer new_writer{"mail", 20000};
    auto old_conn = m.connect();
    auto new_conn = m.connect();
    auto watch = m.connect();
    std::exception_ptr error;
    std::atomic<bool> done{false};
    std::thread applier([&] {
        try {
            m.apply(m.plan, false);
        } catch (...) {
            error = std::current_exception();
        }
        done = true;
    });
    while (!done && watch->query("SELECT COUNT(*) FROM information_schema.triggers WHERE "
                                 "trigger_schema = DATABASE()")
                            .rows.at(0)
                            .at(0) != std::optional<std::string>("2"))
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    std::thread a([&] { old_writer.run(*old_conn, 300); });
    std::thread b([&] { new_writer.run(*new_conn, 300); });
    a.join();
    b.join();
    applier.join();
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
