// The triggers that keep old code's writes in step while a step is half done, run by hand:
// only the expand step is applied, then a row is written the way old code writes it.

#include "compiler/diff/differ.h"
#include "compiler/frontend/loader.h"
#include "dialects/mysql/mysql_dialect.h"
#include "tests/mysql/mysql_server.h"

#include <gtest/gtest.h>

using namespace stepwise;
using stepwise::testing::MysqlServer;

namespace {

struct Fixture {
    std::unique_ptr<dialect::Dialect> dialect = mysql::make_mysql_dialect();
    std::unique_ptr<dialect::Connection> conn;

    explicit Fixture(const std::string& db, const std::string& sql) {
        EXPECT_EQ(MysqlServer::client("DROP DATABASE IF EXISTS " + db + "; CREATE DATABASE " + db +
                                      "; USE " + db + "; " + sql),
                  0);
        conn = dialect->connect(dialect::parse_url(MysqlServer::url(db)));
    }

    std::vector<plan::Step> plan(const std::string& desired) {
        auto from = dialect->inspect(*conn);
        auto to = frontend::parse_sources({{"desired.schema", desired}}, dialect->naming());
        auto changes = diff::diff(from, to, dialect->diff_driver());
        dialect::CompileOptions options;
        options.plan_id = "p1";
        return dialect->compile(changes, from, to, options).ordered();
    }

    void run(const plan::Step& step) {
        for (const auto& s : step.up)
            conn->execute(s);
    }

    std::string scalar(const std::string& sql) {
        return conn->query(sql).rows.at(0).at(0).value_or("NULL");
    }
};

TEST(MysqlCompile, FillTriggerCoversInsertsDuringTheBackfill) {
    Fixture f("comp_fill", "CREATE TABLE u (id INT PRIMARY KEY, email VARCHAR(50) NOT NULL); "
                           "INSERT INTO u VALUES (1, 'a@x')");
    auto steps = f.plan("table u {\n id int primary key\n email varchar(50) not null\n handle "
                        "varchar(60) not null backfill (concat('@', email))\n}\n");
    ASSERT_EQ(steps.size(), 3u);
    EXPECT_EQ(steps[0].id, "u.handle:add");
    ASSERT_TRUE(steps[1].backfill);
    f.run(steps[0]);
    f.conn->execute("INSERT INTO u (id, email) VALUES (2, 'b@x')");
    EXPECT_EQ(f.scalar("SELECT handle FROM u WHERE id = 2"), "@b@x");
    EXPECT_EQ(f.scalar("SELECT COALESCE(handle, 'NULL') FROM u WHERE id = 1"), "NULL");
    for (const auto& s : steps[0].down)
        f.conn->execute(s);
    EXPECT_EQ(f.scalar("SELECT COUNT(*) FROM information_schema.triggers WHERE "
                       "trigger_schema = DATABASE()"),
              "0");
}

TEST(MysqlCompile, ConversionTriggersKeepTheShadowColumnInStep) {
    Fixture f("comp_conv", "CREATE TABLE p (id INT PRIMARY KEY, amount VARCHAR(20) NOT NULL); "
                           "INSERT INTO p VALUES (1, '1.25')");
    auto steps = f.plan("table p {\n id int primary key\n amount bigint not null using "
                        "(cast(replace(amount, '.', '') as signed))\n}\n");
    ASSERT_EQ(steps.size(), 3u);
    EXPECT_EQ(steps[0].id, "p.amount:shadow");
    EXPECT_EQ(steps[2].phase, plan::Phase::Contract);
    f.run(steps[0]);
    f.conn->execute("INSERT INTO p (id, amount) VALUES (2, '7.50')");
    f.conn->execute("UPDATE p SET amount = '2.00' WHERE id = 1");
    EXPECT_EQ(f.scalar("SELECT `_stepwise_new_amount` FROM p WHERE id = 2"), "750");
    EXPECT_EQ(f.scalar("SELECT `_stepwise_new_amount` FROM p WHERE id = 1"), "200");
}

TEST(MysqlCompile, PartialIndexIsRefusedWithAMessage) {
    Fixture f("comp_partial", "CREATE TABLE t (id INT PRIMARY KEY, a INT)");
    try {
        f.plan("table t {\n id int primary key\n a int\n index t_a_idx (a) where (a > 0)\n}\n");
        FAIL() << "a partial index was planned";
    } catch (const plan::PlanError& e) {
        EXPECT_NE(std::string(e.what()).find("no partial"), std::string::npos) << e.what();
    }
}

TEST(MysqlCompile, EveryStepRunsOutsideATransactionWithADown) {
    Fixture f("comp_down", "CREATE TABLE t (id INT PRIMARY KEY, a INT, b VARCHAR(10))");
    auto steps = f.plan("table t {\n id int primary key\n a bigint\n c text\n index t_c_idx "
                        "((c(4)))\n check t_a_chk (a > 0)\n}\n");
    ASSERT_FALSE(steps.empty());
    for (const auto& s : steps) {
        EXPECT_FALSE(s.transactional) << s.id;
        EXPECT_FALSE(s.down.empty()) << s.id;
    }
}

} // namespace
