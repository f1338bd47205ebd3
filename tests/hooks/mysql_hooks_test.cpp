// MySQL hooks on a throwaway MariaDB: the purge hook, and the MySQL 8 form of a foreign key
// renamed with its table. MySQL 8 itself is not installed: its statements are checked as
// text, and run (each twice, as a kill between a statement and its count makes a resume do)
// on MariaDB, which takes the same syntax.

#include "compiler/diff/differ.h"
#include "compiler/frontend/loader.h"
#include "dialects/mysql/mysql_compile.h"
#include "dialects/mysql/mysql_dialect.h"
#include "tests/mysql/mysql_server.h"

#include <gtest/gtest.h>

using namespace stepwise;
using stepwise::testing::MysqlServer;

namespace {

const char* kFrom = "table teams { id bigint primary key }\n"
                    "table people { id bigint primary key\n team_id bigint\n"
                    "  foreign key people_team_fk (team_id) references teams (id) }\n";
const char* kTo = "table teams { id bigint primary key }\n"
                  "table persons renamed from people { id bigint primary key\n team_id bigint\n"
                  "  foreign key persons_team_fk (team_id) references teams (id) }\n";

plan::Step rename_objects(const mysql::ServerVersion& server) {
    auto from = frontend::parse_sources({{"from.schema", kFrom}}, model::NamingStyle::MySQL);
    auto to = frontend::parse_sources({{"to.schema", kTo}}, model::NamingStyle::MySQL);
    auto d = mysql::make_mysql_dialect();
    dialect::CompileOptions options;
    options.plan_id = "p1";
    auto steps =
        mysql::compile_changes(diff::diff(from, to, d->diff_driver()), from, to, options, server)
            .ordered();
    for (const auto& s : steps)
        if (s.id == "persons:rename:objects")
            return s;
    throw std::runtime_error("no persons:rename:objects step");
}

const mysql::ServerVersion kMysql8{mysql::Flavour::MySQL, 8, 0, 36};
const mysql::ServerVersion kMariadb{mysql::Flavour::MariaDB, 10, 11, 0};

struct Db {
    std::unique_ptr<dialect::Dialect> dialect = mysql::make_mysql_dialect();
    std::unique_ptr<dialect::Connection> conn;
    explicit Db(const std::string& name, const std::string& sql) {
        EXPECT_EQ(MysqlServer::client("DROP DATABASE IF EXISTS " + name + "; CREATE DATABASE " +
                                      name + "; USE " + name + "; " + sql),
                  0);
        conn = dialect->connect(dialect::parse_url(MysqlServer::url(name)));
    }
    std::string scalar(const std::string& sql) {
        return conn->query(sql).rows.at(0).at(0).value_or("NULL");
    }
    std::string keys() {
        return scalar("SELECT group_concat(constraint_name ORDER BY constraint_name) FROM "
                      "information_schema.table_constraints WHERE table_schema = DATABASE() AND "
                      "constraint_type = 'FOREIGN KEY'");
    }
};

} // namespace

TEST(MysqlHooks, Mysql8RenamesAKeyWithTheChecksOffInOneRoundTripEach) {
    auto s = rename_objects(kMysql8);
    ASSERT_EQ(s.up.size(), 2u); // drop the old key, add the new one
    ASSERT_EQ(s.down.size(), 2u);
    for (const auto* list : {&s.up, &s.down})
        for (const auto& sql : *list) {
            EXPECT_EQ(sql.rfind("SET SESSION foreign_key_checks = 0; SET @_stepwise_ddl = IF(", 0),
                      0u)
                << sql;
            const std::string tail = "; SET SESSION foreign_key_checks = 1";
            ASSERT_GE(sql.size(), tail.size());
            EXPECT_EQ(sql.substr(sql.size() - tail.size()), tail) << sql;
            EXPECT_NE(sql.find("EXECUTE _stepwise_ddl"), std::string::npos) << sql;
        }
    // Each runs only while the catalog says it must: the drop while the old key is there, the
    // add while the new one is not.
    EXPECT_NE(s.up[0].find("IF(EXISTS (SELECT 1 FROM information_schema.table_constraints"),
              std::string::npos)
        << s.up[0];
    EXPECT_NE(s.up[0].find("constraint_name = 'people_team_fk'"), std::string::npos) << s.up[0];
    EXPECT_NE(s.up[0].find("'ALTER TABLE `persons` DROP FOREIGN KEY `people_team_fk`"),
              std::string::npos)
        << s.up[0];
    EXPECT_NE(s.up[1].find("IF(NOT EXISTS (SELECT 1"), std::string::npos) << s.up[1];
    EXPECT_NE(s.up[1].find("constraint_name = 'persons_team_fk'"), std::string::npos) << s.up[1];
    EXPECT_NE(s.up[1].find("ADD CONSTRAINT `persons_team_fk` FOREIGN KEY (`team_id`)"),
              std::string::npos)
        << s.up[1];
}

TEST(MysqlHooks, MariadbKeepsSetStatementPerAlter) {
    auto s = rename_objects(kMariadb);
    ASSERT_FALSE(s.up.empty());
    for (const auto& sql : s.up)
        EXPECT_EQ(sql.rfind("SET STATEMENT foreign_key_checks = 0 FOR ALTER TABLE", 0), 0u) << sql;
}

TEST(MysqlHooks, Mysql8KeyRenameRunsTwiceSafelyAndLeavesTheChecksOn) {
    // The state the step starts from: the table renamed, its key still under the old name.
    Db db("hooks_fk8", "CREATE TABLE teams (id bigint PRIMARY KEY); CREATE TABLE persons (id "
                       "bigint PRIMARY KEY, team_id bigint, CONSTRAINT people_team_fk FOREIGN KEY "
                       "(team_id) REFERENCES teams (id)); INSERT INTO teams VALUES (1); INSERT "
                       "INTO persons VALUES (1, 1)");
    auto s = rename_objects(kMysql8);
    for (const auto& sql : s.up) {
        db.conn->execute(sql);
        db.conn->execute(sql); // a resume after a kill between the statement and its count
    }
    EXPECT_EQ(db.keys(), "persons_team_fk");
    EXPECT_EQ(db.scalar("SELECT @@foreign_key_checks"), "1");
    for (const auto& sql : s.down) {
        db.conn->execute(sql);
        db.conn->execute(sql);
    }
    EXPECT_EQ(db.keys(), "people_team_fk");
    EXPECT_EQ(db.scalar("SELECT @@foreign_key_checks"), "1");
    // The key still holds.
    EXPECT_THROW(db.conn->execute("INSERT INTO persons VALUES (2, 9)"), dialect::DatabaseError);
}

TEST(MysqlHooks, PurgeDropsTheIndexesKeptWithAColumnFirst) {
    Db db("hooks_purge", "CREATE TABLE t (id int PRIMARY KEY, a int, tomb int, KEY t_a_tomb "
                         "(a, tomb))");
    auto sql = db.dialect->before_column_purge(*db.conn, "t", "tomb", {"t_a_tomb"});
    ASSERT_EQ(sql, (std::vector<std::string>{"ALTER TABLE `t` DROP INDEX IF EXISTS `t_a_tomb`"}));
    for (const auto& s : sql)
        db.conn->execute(s);
    db.conn->execute("ALTER TABLE t DROP COLUMN tomb");
    EXPECT_EQ(db.scalar("SELECT count(*) FROM information_schema.statistics WHERE table_schema "
                        "= DATABASE() AND table_name = 't' AND index_name = 't_a_tomb'"),
              "0");
}
