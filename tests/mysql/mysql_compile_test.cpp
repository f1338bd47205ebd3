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
    // add + fill trigger, backfill, NOT NULL, and the trigger retired in the contract phase
    ASSERT_EQ(steps.size(), 4u);
    EXPECT_EQ(steps[0].id, "u.handle:add");
    ASSERT_TRUE(steps[1].backfill);
    EXPECT_EQ(steps[3].phase, plan::Phase::Contract);
    EXPECT_EQ(steps[3].deploy_note, "deploy code that writes `handle`");
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
    // shadow + triggers, conversion, NOT NULL on the shadow, swap
    ASSERT_EQ(steps.size(), 4u);
    EXPECT_EQ(steps[0].id, "p.amount:shadow");
    EXPECT_EQ(steps[3].phase, plan::Phase::Contract);
    f.run(steps[0]);
    f.conn->execute("INSERT INTO p (id, amount) VALUES (2, '7.50')");
    f.conn->execute("UPDATE p SET amount = '2.00' WHERE id = 1");
    EXPECT_EQ(f.scalar("SELECT `_stepwise_new_amount` FROM p WHERE id = 2"), "750");
    EXPECT_EQ(f.scalar("SELECT `_stepwise_new_amount` FROM p WHERE id = 1"), "200");
}

TEST(MysqlCompile, NotNullColumnStaysWritableByOldCodeUntilContract) {
    Fixture f("comp_fill_validate", "CREATE TABLE u (id INT PRIMARY KEY, email VARCHAR(50) NOT "
                                    "NULL); INSERT INTO u VALUES (1, 'a@x')");
    auto steps = f.plan("table u {\n id int primary key\n email varchar(50) not null\n handle "
                        "varchar(60) not null backfill (concat('@', email))\n}\n");
    ASSERT_EQ(steps.size(), 4u);
    f.run(steps[0]);
    f.conn->execute("UPDATE u SET handle = concat('@', email) WHERE handle IS NULL");
    f.run(steps[2]);
    // NOT NULL now, and an insert that leaves the column out still works.
    f.conn->execute("INSERT INTO u (id, email) VALUES (2, 'b@x')");
    EXPECT_EQ(f.scalar("SELECT handle FROM u WHERE id = 2"), "@b@x");
    f.run(steps[3]);
    EXPECT_THROW(f.conn->execute("INSERT INTO u (id, email) VALUES (3, 'c@x')"),
                 dialect::DatabaseError);
    for (const auto& s : steps[3].down)
        f.conn->execute(s);
    f.conn->execute("INSERT INTO u (id, email) VALUES (3, 'c@x')");
    EXPECT_EQ(f.scalar("SELECT handle FROM u WHERE id = 3"), "@c@x");
}

TEST(MysqlCompile, RenameWritesReachBothColumns) {
    Fixture f("comp_rename", "CREATE TABLE u (id INT PRIMARY KEY, name VARCHAR(20) NOT NULL, "
                             "age INT); INSERT INTO u VALUES (1, 'ann', 30), (2, 'bo', 40)");
    auto steps = f.plan("table u {\n id int primary key\n nickname varchar(20) not null "
                        "renamed from name\n age int\n}\n");
    ASSERT_EQ(steps.size(), 4u);
    EXPECT_EQ(steps[0].id, "u.nickname:shadow");
    EXPECT_EQ(steps[3].id, "u.nickname:rename");
    EXPECT_EQ(steps[3].deploy_note, "deploy code that writes `nickname`");
    f.run(steps[0]);
    f.conn->execute("INSERT INTO u (id, name) VALUES (3, 'old')");
    f.conn->execute("INSERT INTO u (id, nickname) VALUES (4, 'new')");
    f.conn->execute("UPDATE u SET name = 'ann2' WHERE id = 1");
    f.conn->execute("UPDATE u SET nickname = 'bo2' WHERE id = 2");
    // Neither column changes: both keep their values.
    f.conn->execute("UPDATE u SET age = 31 WHERE id = 1");
    // Both change: the new column wins.
    f.conn->execute("UPDATE u SET name = 'x', nickname = 'y' WHERE id = 3");
    EXPECT_EQ(f.scalar("SELECT nickname FROM u WHERE id = 3"), "y");
    EXPECT_EQ(f.scalar("SELECT name FROM u WHERE id = 3"), "y");
    EXPECT_EQ(f.scalar("SELECT name FROM u WHERE id = 4"), "new");
    EXPECT_EQ(f.scalar("SELECT nickname FROM u WHERE id = 1"), "ann2");
    EXPECT_EQ(f.scalar("SELECT name FROM u WHERE id = 2"), "bo2");
    EXPECT_EQ(f.scalar("SELECT COUNT(*) FROM u WHERE NOT (name <=> nickname)"), "0");
}

TEST(MysqlCompile, RenamedKeyColumnStaysAPlainRename) {
    Fixture f("comp_rename_key", "CREATE TABLE u (id INT PRIMARY KEY, code VARCHAR(20), "
                                 "UNIQUE KEY code (code))");
    auto steps = f.plan("table u {\n id int primary key\n tag varchar(20) unique renamed from "
                        "code\n}\n");
    // (the unique key, named after its column, is renamed as a drop and an add)
    int renames = 0;
    for (const auto& s : steps) {
        EXPECT_EQ(s.id.find(":shadow"), std::string::npos) << s.id;
        if (s.id == "u.tag:rename") {
            ++renames;
            EXPECT_EQ(s.phase, plan::Phase::Contract);
            EXPECT_NE(s.up.at(0).find("RENAME COLUMN"), std::string::npos) << s.up.at(0);
        }
    }
    EXPECT_EQ(renames, 1);
}

TEST(MysqlCompile, BackfillOfNullsIsUndoneByRollback) {
    Fixture f("comp_set_not_null", "CREATE TABLE u (id INT PRIMARY KEY, city VARCHAR(20)); "
                                   "INSERT INTO u VALUES (1, 'Oslo'), (2, NULL), (3, NULL)");
    auto steps = f.plan("table u {\n id int primary key\n city varchar(20) not null backfill "
                        "('unknown')\n}\n");
    ASSERT_EQ(steps.size(), 3u);
    ASSERT_TRUE(steps[1].backfill);
    for (const auto& s : steps)
        for (const auto& h : s.hazards)
            EXPECT_NE(h.cls, plan::HazardClass::Irreversible) << s.id;
    f.run(steps[0]);
    // One batch over every key, as the runtime would run it.
    std::string batch = steps[1].backfill->batch_sql;
    batch.replace(batch.find("?1"), 2, "NULL");
    batch.replace(batch.find("?1"), 2, "NULL");
    batch.replace(batch.find("?2"), 2, "3");
    f.conn->execute(batch);
    f.run(steps[2]);
    EXPECT_EQ(f.scalar("SELECT COUNT(*) FROM u WHERE city = 'unknown'"), "2");
    for (int i = 2; i >= 0; --i)
        for (const auto& s : steps[i].down)
            f.conn->execute(s);
    EXPECT_EQ(f.scalar("SELECT COUNT(*) FROM u WHERE city IS NULL"), "2");
    EXPECT_EQ(f.scalar("SELECT city FROM u WHERE id = 1"), "Oslo");
    EXPECT_EQ(f.scalar("SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = "
                       "DATABASE() AND table_name = 'u'"),
              "2");
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

// InnoDB re-adds a key only when both of its sides have the same type (errno 150).
TEST(MysqlCompile, KeyWhoseSidesWouldDifferInTypeIsRefused) {
    Fixture f("comp_key_types",
              "CREATE TABLE p (id INT PRIMARY KEY); CREATE TABLE c (id INT PRIMARY KEY, pid INT, "
              "CONSTRAINT c_pid_fk FOREIGN KEY (pid) REFERENCES p (id))");
    try {
        f.plan("table p {\n id bigint primary key\n}\ntable c {\n id int primary key\n pid "
               "int\n foreign key c_pid_fk (pid) references p (id)\n}\n");
        FAIL() << "a key between int and bigint was planned";
    } catch (const plan::PlanError& e) {
        EXPECT_NE(std::string(e.what()).find("c.pid would be int but p.id bigint"),
                  std::string::npos)
            << e.what();
    }
}

TEST(MysqlCompile, RenamingAndConvertingAKeptKeysColumnSaysWhatToDo) {
    Fixture f("comp_key_using",
              "CREATE TABLE p (id INT PRIMARY KEY, code VARCHAR(12) NOT NULL, UNIQUE KEY "
              "p_code_key (code)); CREATE TABLE c (id INT PRIMARY KEY, code VARCHAR(12), "
              "CONSTRAINT c_code_fk FOREIGN KEY (code) REFERENCES p (code))");
    try {
        f.plan("table p {\n id int primary key\n code bigint not null using (cast(`code` as "
               "signed)) down using (cast(`code` as char))\n unique p_code_key (code)\n}\n"
               "table c {\n id int primary key\n pcode bigint renamed from code using "
               "(cast(`code` as signed)) down using (cast(`pcode` as char))\n foreign key "
               "c_code_fk (pcode) references p (code)\n}\n");
        FAIL() << "a renamed and converted column of a kept key was planned";
    } catch (const plan::PlanError& e) {
        EXPECT_NE(std::string(e.what()).find("c_code_fk"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("add it back in the next one"), std::string::npos)
            << e.what();
        EXPECT_NE(std::string(e.what()).find("the rename alone"), std::string::npos) << e.what();
    }
}

// MariaDB neither builds a copy of a unique key over whole text in place nor swaps its column
// in place (1846), so a conversion to text stays refused there.
TEST(MysqlCompile, ConvertingAUniqueColumnToTextIsRefused) {
    Fixture f("comp_long_unique",
              "CREATE TABLE t (id INT PRIMARY KEY, ref INT NOT NULL, UNIQUE KEY t_ref_key (ref))");
    try {
        f.plan("table t {\n id int primary key\n ref text not null using (cast(`ref` as char)) "
               "down using (cast(`ref` as signed))\n unique t_ref_key (ref)\n}\n");
        FAIL() << "a conversion to text under a unique key was planned";
    } catch (const plan::PlanError& e) {
        EXPECT_NE(std::string(e.what()).find("unique constraint t_ref_key"), std::string::npos)
            << e.what();
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
