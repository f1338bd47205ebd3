// Expand/contract on MariaDB, run by the real runtime against a throwaway server: during the
// expand window an "old" writer that knows only the old column and a "new" writer that knows
// only the new one write concurrently (also while the backfill runs), and every row must
// agree in both columns; rollback from several points must bring back the old shape and
// every row, including the rows only the new writer wrote.

#include "compiler/plan/plan.h"
#include "dialects/mysql/mysql_dialect.h"
#include "runtime/executor.h"
#include "tests/mysql/mysql_server.h"
#include "tests/support/migration_plan.h"

#include <functional>
#include <gtest/gtest.h>
#include <map>
#include <mutex>
#include <string>
#include <thread>

using namespace stepwise;
using stepwise::testing::MysqlServer;

namespace {

constexpr int kRows = 2000;
constexpr int kWrites = 300;

// One way of changing a column, seen from both sides: values are whole numbers `v`, written
// and read in the shape each side knows.
struct Scenario {
    std::string table_sql; // CREATE TABLE t (id INT PRIMARY KEY, <old column>, ...)
    std::string desired;   // the target schema
    std::string old_column, new_column;
    std::function<std::string(int)> old_literal, new_literal; // SQL literal of v
    std::function<std::string(int)> old_text, new_text;       // how each column reads v back
    std::string agree;                                        // true when a row agrees
};

Scenario rename() {
    Scenario s;
    s.table_sql = "CREATE TABLE t (id INT PRIMARY KEY, email VARCHAR(60) NOT NULL, "
                  "name VARCHAR(40) NOT NULL)";
    s.desired = "table t {\n id int primary key\n email varchar(60) not null\n"
                " nickname varchar(40) not null renamed from name\n}\n";
    s.old_column = "name";
    s.new_column = "nickname";
    s.old_text = [](int v) { return "v" + std::to_string(v); };
    s.new_text = s.old_text;
    s.old_literal = [](int v) { return "'v" + std::to_string(v) + "'"; };
    s.new_literal = s.old_literal;
    s.agree = "name <=> nickname";
    return s;
}

std::string money(int v) {
    std::string cents = std::to_string(v % 100);
    return std::to_string(v / 100) + "." + (cents.size() < 2 ? "0" : "") + cents;
}

// A rename and a type change at once: `price` (text) becomes `price_cents` (bigint).
Scenario convert() {
    Scenario s;
    s.table_sql = "CREATE TABLE t (id INT PRIMARY KEY, email VARCHAR(60) NOT NULL, "
                  "price VARCHAR(20) NOT NULL)";
    s.desired = "table t {\n id int primary key\n email varchar(60) not null\n"
                " price_cents bigint not null renamed from price"
                " using (cast(replace(price, '.', '') as signed))"
                " down using (concat(price_cents div 100, '.', lpad(price_cents mod 100, 2, "
                "'0')))\n}\n";
    s.old_column = "price";
    s.new_column = "price_cents";
    s.old_text = money;
    s.new_text = [](int v) { return std::to_string(v); };
    s.old_literal = [](int v) { return "'" + money(v) + "'"; };
    s.new_literal = [](int v) { return std::to_string(v); };
    s.agree = "price_cents <=> cast(replace(price, '.', '') as signed)";
    return s;
}

struct Migration {
    Scenario sc;
    std::string db;
    std::unique_ptr<dialect::Dialect> dialect = mysql::make_mysql_dialect();
    std::unique_ptr<dialect::Connection> conn;
    plan::Plan plan;
    std::map<int, int> expected; // id -> the value last written
    std::mutex mu;

    Migration(Scenario s, const std::string& name) : sc(std::move(s)), db(name) {
        std::string rows;
        for (int i = 1; i <= kRows; ++i)
            rows += std::string(i > 1 ? "," : "") + "(" + std::to_string(i) + ", 'u" +
                    std::to_string(i) + "@x', " + sc.old_literal(1000 + i) + ")";
        EXPECT_EQ(MysqlServer::client("DROP DATABASE IF EXISTS " + db + "; CREATE DATABASE " + db +
                                      "; USE " + db + "; " + sc.table_sql +
                                      "; INSERT INTO t "
                                      "VALUES " +
                                      rows + ";"),
                  0);
        for (int i = 1; i <= kRows; ++i)
            expected[i] = 1000 + i;
        conn = connect();
        plan = stepwise::testing::compile_plan(*dialect, *conn, sc.desired, 50);
    }

    std::unique_ptr<dialect::Connection> connect() {
        return dialect->connect(dialect::parse_url(MysqlServer::url(db)));
    }

    // The plan cut after the step `last` (a rollback point).
    plan::Plan upto(const std::string& last) const {
        return stepwise::testing::plan_upto(plan, last);
    }

    std::string scalar(const std::string& sql) {
        return conn->query(sql).rows.at(0).at(0).value_or("NULL");
    }

    // Runs `sql`, again after a deadlock or lock wait timeout, as an application would.
    static void write(dialect::Connection& c, const std::string& sql) {
        for (int attempt = 0;; ++attempt) {
            try {
                c.execute(sql);
                return;
            } catch (const dialect::DatabaseError& e) {
                if (!e.lock_timeout() || attempt == 20)
                    throw;
            }
        }
    }

    // Inserts every third write (ids from `first_id`) and updates rows of `lo`..`hi`
    // otherwise, through `column` only.
    void writer(const std::string& column, const std::function<std::string(int)>& literal,
                int first_id, int lo, int hi, int value_base) {
        auto c = connect();
        for (int k = 0; k < kWrites; ++k) {
            int v = value_base + k;
            int id;
            if (k % 3 == 0) {
                id = first_id + k;
                write(*c, "INSERT INTO t (id, email, " + column + ") VALUES (" +
                              std::to_string(id) + ", 'w@x', " + literal(v) + ")");
            } else {
                id = lo + (k * 37) % (hi - lo + 1);
                write(*c, "UPDATE t SET " + column + " = " + literal(v) +
                              " WHERE id = " + std::to_string(id));
            }
            std::lock_guard<std::mutex> lock(mu);
            expected[id] = v;
        }
    }

    void old_writer(int round) {
        writer(sc.old_column, sc.old_literal, 10000 + round * 1000, 1, kRows / 2,
               100000 + round * 1000);
    }
    void new_writer(int round) {
        writer(sc.new_column, sc.new_literal, 20000 + round * 1000, kRows / 2 + 1, kRows,
               200000 + round * 1000);
    }

    // Both writers at once, the new one as soon as its column's triggers exist.
    void both_writers(int round, const std::function<void()>& meanwhile) {
        std::thread old_side([&] { old_writer(round); });
        std::thread new_side([&] {
            auto c = connect();
            while (c->query("SELECT COUNT(*) FROM information_schema.triggers WHERE "
                            "trigger_schema = DATABASE() AND event_manipulation = 'UPDATE'")
                       .rows.at(0)
                       .at(0) != std::optional<std::string>("1"))
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
            new_writer(round);
        });
        meanwhile();
        old_side.join();
        new_side.join();
    }

    void expect_both_shapes_agree() {
        EXPECT_EQ(scalar("SELECT COUNT(*) FROM t WHERE NOT (" + sc.agree + ")"), "0");
        EXPECT_EQ(scalar("SELECT COUNT(*) FROM t"), std::to_string(expected.size()));
        auto rs = conn->query("SELECT id, " + sc.old_column + ", " + sc.new_column + " FROM t");
        int wrong = 0;
        for (const auto& row : rs.rows) {
            int id = std::stoi(*row[0]);
            int v = expected.at(id);
            if (row[1] != std::optional<std::string>(sc.old_text(v)) ||
                row[2] != std::optional<std::string>(sc.new_text(v)))
                ADD_FAILURE() << "row " << id << ": " << row[1].value_or("NULL") << " / "
                              << row[2].value_or("NULL") << ", wrote " << v
                              << (++wrong > 5 ? "" : "");
            if (wrong > 5)
                break;
        }
    }

    // The table as before the plan: its columns, no triggers, and the last value written to
    // every row in the old column.
    void expect_old_shape() {
        auto cols = conn->query("SELECT GROUP_CONCAT(column_name ORDER BY ordinal_position) FROM "
                                "information_schema.columns WHERE table_schema = DATABASE() AND "
                                "table_name = 't'");
        EXPECT_EQ(cols.rows.at(0).at(0), std::optional<std::string>("id,email," + sc.old_column));
        EXPECT_EQ(scalar("SELECT COUNT(*) FROM information_schema.triggers WHERE "
                         "trigger_schema = DATABASE()"),
                  "0");
        EXPECT_EQ(scalar("SELECT is_nullable FROM information_schema.columns WHERE "
                         "table_schema = DATABASE() AND table_name = 't' AND column_name = '" +
                         sc.old_column + "'"),
                  "NO");
        EXPECT_EQ(scalar("SELECT COUNT(*) FROM t"), std::to_string(expected.size()));
        auto rs = conn->query("SELECT id, " + sc.old_column + " FROM t");
        int wrong = 0;
        for (const auto& row : rs.rows) {
            int v = expected.at(std::stoi(*row[0]));
            if (row[1] != std::optional<std::string>(sc.old_text(v)) && ++wrong <= 5)
                ADD_FAILURE() << "row " << *row[0] << ": " << row[1].value_or("NULL") << ", wrote "
                              << v;
        }
    }

    runtime::ApplyResult apply(const plan::Plan& p, bool contract) {
        runtime::QuietReporter quiet;
        runtime::ApplyOptions options;
        options.contract = contract;
        options.batch.pause = std::chrono::milliseconds(2);
        return runtime::Executor(*dialect, *conn, quiet).apply(p, options);
    }

    void rollback() {
        runtime::QuietReporter quiet;
        auto result = runtime::Executor(*dialect, *conn, quiet).rollback({});
        EXPECT_TRUE(result.complete);
    }
};

class DualWrite : public ::testing::TestWithParam<int> {
protected:
    static Scenario scenario(int which) { return which == 0 ? rename() : convert(); }
    static std::string name(int which, const std::string& what) {
        return std::string(which == 0 ? "dw_rename_" : "dw_convert_") + what;
    }
};

TEST_P(DualWrite, PlanIsExpandBackfillValidateContract) {
    Migration r(scenario(GetParam()), name(GetParam(), "shape"));
    ASSERT_EQ(r.plan.steps.size(), 4u);
    EXPECT_EQ(r.plan.steps[0].phase, plan::Phase::Expand);
    EXPECT_EQ(r.plan.steps[1].phase, plan::Phase::Backfill);
    EXPECT_TRUE(r.plan.steps[1].backfill.has_value());
    EXPECT_EQ(r.plan.steps[2].phase, plan::Phase::Validate);
    EXPECT_EQ(r.plan.steps[3].phase, plan::Phase::Contract);
    EXPECT_EQ(r.plan.steps[3].deploy_note.find("deploy code that writes `" + r.sc.new_column + "`"),
              0u);
    // Only the contract breaks old code; nothing before it blocks writes.
    for (size_t i = 0; i < 3; ++i)
        for (const auto& h : r.plan.steps[i].hazards) {
            EXPECT_NE(h.cls, plan::HazardClass::BlockingLock) << r.plan.steps[i].id;
            EXPECT_NE(h.cls, plan::HazardClass::AppIncompatible) << r.plan.steps[i].id;
        }
    bool incompatible = false;
    for (const auto& h : r.plan.steps[3].hazards)
        incompatible = incompatible || h.cls == plan::HazardClass::AppIncompatible;
    EXPECT_TRUE(incompatible);
}

TEST_P(DualWrite, OldAndNewWritersAgreeThroughTheExpandWindowAndRollBack) {
    Migration r(scenario(GetParam()), name(GetParam(), "window"));
    runtime::ApplyResult result;
    r.both_writers(0, [&] { result = r.apply(r.plan, false); });
    EXPECT_TRUE(result.stopped_before_contract);
    r.expect_both_shapes_agree();
    // And once more with the backfill done and the new column NOT NULL.
    r.both_writers(1, [] {});
    r.expect_both_shapes_agree();
    r.rollback();
    r.expect_old_shape();
}

TEST_P(DualWrite, RollbackAfterExpandKeepsNewWriterRows) {
    Migration r(scenario(GetParam()), name(GetParam(), "after_expand"));
    r.apply(r.upto(r.plan.steps[0].id), false);
    r.both_writers(0, [] {});
    r.rollback();
    r.expect_old_shape();
}

TEST_P(DualWrite, RollbackMidBackfillKeepsNewWriterRows) {
    Migration r(scenario(GetParam()), name(GetParam(), "mid_backfill"));
    r.apply(r.upto(r.plan.steps[0].id), false);
    // The first quarter of the backfill's batches, as a killed apply leaves them.
    const auto& fill = r.plan.steps[1].backfill;
    ASSERT_TRUE(fill.has_value());
    std::string batch = fill->batch_sql;
    for (const char* from : {"?1", "?1", "?2"})
        batch.replace(batch.find(from), 2, from[1] == '1' ? "NULL" : std::to_string(kRows / 4));
    r.conn->execute(batch);
    EXPECT_EQ(r.scalar("SELECT COUNT(*) FROM t WHERE " + r.sc.new_column + " IS NULL"),
              std::to_string(kRows - kRows / 4));
    r.both_writers(0, [] {});
    r.rollback();
    r.expect_old_shape();
}

TEST_P(DualWrite, RollbackAfterBackfillKeepsNewWriterRows) {
    Migration r(scenario(GetParam()), name(GetParam(), "after_backfill"));
    r.apply(r.upto(r.plan.steps[1].id), false);
    r.both_writers(0, [] {});
    r.expect_both_shapes_agree();
    r.rollback();
    r.expect_old_shape();
}

TEST_P(DualWrite, RollbackAfterContractBringsBackRowsWrittenSince) {
    Migration r(scenario(GetParam()), name(GetParam(), "after_contract"));
    r.both_writers(0, [&] { r.apply(r.plan, false); });
    r.apply(r.plan, true);
    // Old code is gone: only the new writer runs now, inserting and updating.
    r.new_writer(1);
    EXPECT_THROW(r.conn->execute("UPDATE t SET " + r.sc.old_column + " = " + r.sc.old_literal(1) +
                                 " WHERE id = 1"),
                 dialect::DatabaseError);
    r.rollback();
    r.expect_old_shape();
}

INSTANTIATE_TEST_SUITE_P(MysqlExpandContract, DualWrite, ::testing::Values(0, 1),
                         [](const ::testing::TestParamInfo<int>& info) {
                             return std::string(info.param == 0 ? "Rename" : "RenameAndConvert");
                         });

} // namespace
