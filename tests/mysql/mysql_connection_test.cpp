#include "dialects/mysql/mysql_connection.h"
#include "dialects/mysql/mysql_quote.h"
#include "tests/mysql/mysql_server.h"

#include <gtest/gtest.h>

using namespace stepwise;
using stepwise::testing::MysqlServer;

namespace {

std::unique_ptr<mysql::MysqlConnection> open(const std::string& db) {
    return std::make_unique<mysql::MysqlConnection>(dialect::parse_url(MysqlServer::url(db)));
}

class MysqlConnectionTest : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_EQ(MysqlServer::client("DROP DATABASE IF EXISTS conn_test; CREATE DATABASE "
                                      "conn_test; CREATE TABLE conn_test.t (id INT PRIMARY KEY, "
                                      "v VARCHAR(20)); INSERT INTO conn_test.t VALUES (1, 'a'), "
                                      "(2, 'b'), (3, 'c');"),
                  0);
        conn = open("conn_test");
    }
    std::unique_ptr<mysql::MysqlConnection> conn;
};

TEST_F(MysqlConnectionTest, ParametersArriveAsTheirValues) {
    auto rs = conn->query("SELECT ?1, '?1', ?2, ?1", {std::string("it's"), std::nullopt});
    ASSERT_EQ(rs.rows.size(), 1u);
    EXPECT_EQ(rs.rows[0][0], std::optional<std::string>("it's"));
    EXPECT_EQ(rs.rows[0][1], std::optional<std::string>("?1"));
    EXPECT_EQ(rs.rows[0][2], std::nullopt);
    EXPECT_EQ(rs.rows[0][3], std::optional<std::string>("it's"));
}

TEST_F(MysqlConnectionTest, BackslashesQuotesAndNulSurvive) {
    std::string tricky = std::string("a\\'b\"c") + '\0' + "d`";
    auto rs = conn->query("SELECT ?1", {tricky});
    EXPECT_EQ(rs.rows.at(0).at(0), std::optional<std::string>(tricky));
    // The dialect's own literal quoting means the same value.
    rs = conn->query("SELECT " + mysql::quote_literal(tricky));
    EXPECT_EQ(rs.rows.at(0).at(0), std::optional<std::string>(tricky));
}

TEST_F(MysqlConnectionTest, QuotedNamesWithBackquotes) {
    conn->execute("CREATE TABLE " + mysql::quote_ident("we`ird name") + " (x INT)");
    auto rs = conn->query("SELECT table_name FROM information_schema.tables WHERE "
                          "table_schema = DATABASE() AND table_name = ?1",
                          {std::string("we`ird name")});
    EXPECT_EQ(rs.rows.size(), 1u);
}

TEST_F(MysqlConnectionTest, LimitTakesAWholeNumberOnly) {
    auto rs = conn->query("SELECT id FROM t ORDER BY id LIMIT ?1", {std::string("2")});
    EXPECT_EQ(rs.rows.size(), 2u);
    EXPECT_THROW(conn->query("SELECT id FROM t LIMIT ?1", {std::string("1; DROP TABLE t")}),
                 dialect::DatabaseError);
    EXPECT_EQ(conn->query("SELECT COUNT(*) FROM t").rows.at(0).at(0),
              std::optional<std::string>("3"));
}

TEST_F(MysqlConnectionTest, MissingParameterIsAnError) {
    EXPECT_THROW(conn->query("SELECT ?2", {std::string("x")}), dialect::DatabaseError);
}

TEST_F(MysqlConnectionTest, ServerErrorsCarryErrnoAndSqlstate) {
    try {
        conn->execute("SELEC 1");
        FAIL() << "no error";
    } catch (const dialect::DatabaseError& e) {
        EXPECT_EQ(e.code(), "42000/1064");
        EXPECT_FALSE(e.lock_timeout());
    }
}

TEST_F(MysqlConnectionTest, MultiStatementTextStopsAtTheFirstFailure) {
    EXPECT_THROW(conn->execute("INSERT INTO t VALUES (4, 'd'); INSERT INTO t VALUES (1, 'dup'); "
                               "INSERT INTO t VALUES (5, 'e')"),
                 dialect::DatabaseError);
    auto rs = conn->query("SELECT id FROM t WHERE id >= 4 ORDER BY id");
    ASSERT_EQ(rs.rows.size(), 1u);
    EXPECT_EQ(rs.rows[0][0], std::optional<std::string>("4"));
    // The connection is usable afterwards.
    EXPECT_EQ(conn->query("SELECT 1").rows.size(), 1u);
}

TEST_F(MysqlConnectionTest, LockWaitIsALockTimeout) {
    auto holder = open("conn_test");
    holder->begin();
    holder->execute("UPDATE t SET v = 'held' WHERE id = 1");
    conn->set_step_timeouts(std::chrono::milliseconds(200), std::chrono::milliseconds(0));
    EXPECT_EQ(conn->query("SELECT @@innodb_lock_wait_timeout, @@lock_wait_timeout").rows.at(0),
              (dialect::Row{std::string("1"), std::string("1")}));
    try {
        conn->execute("UPDATE t SET v = 'waiting' WHERE id = 1");
        FAIL() << "no lock wait";
    } catch (const dialect::DatabaseError& e) {
        EXPECT_TRUE(e.lock_timeout()) << e.what();
        EXPECT_EQ(e.code(), "HY000/1205");
    }
    holder->rollback();
}

TEST_F(MysqlConnectionTest, StatementTimeoutIsSet) {
    conn->set_step_timeouts(std::chrono::milliseconds(1000), std::chrono::milliseconds(1500));
    EXPECT_EQ(conn->query("SELECT @@max_statement_time").rows.at(0).at(0),
              std::optional<std::string>("1.500000"));
    conn->set_step_timeouts(std::chrono::milliseconds(1000), std::chrono::milliseconds(0));
    EXPECT_EQ(conn->query("SELECT @@max_statement_time").rows.at(0).at(0),
              std::optional<std::string>("0.000000"));
}

TEST_F(MysqlConnectionTest, TransactionsRollBack) {
    conn->begin();
    EXPECT_TRUE(conn->in_transaction());
    conn->execute("DELETE FROM t");
    conn->rollback();
    EXPECT_FALSE(conn->in_transaction());
    EXPECT_EQ(conn->query("SELECT COUNT(*) FROM t").rows.at(0).at(0),
              std::optional<std::string>("3"));
}

TEST_F(MysqlConnectionTest, ServerFlavourIsDetected) {
    EXPECT_EQ(conn->server().flavour, mysql::Flavour::MariaDB);
    EXPECT_TRUE(conn->server().at_least(10, 0));
    EXPECT_EQ(conn->database(), "conn_test");
}

TEST(MysqlConnect, AFailedConnectionNeverShowsThePassword) {
    auto url = dialect::parse_url("mysql://nobody:s3cretpw@localhost/conn_test?socket=" +
                                  MysqlServer::socket());
    try {
        mysql::MysqlConnection c(url);
        FAIL() << "connected as an unknown user";
    } catch (const dialect::DatabaseError& e) {
        std::string message = e.what();
        EXPECT_EQ(message.find("s3cretpw"), std::string::npos) << message;
        EXPECT_NE(message.find("nobody@localhost"), std::string::npos) << message;
    }
}

TEST(MysqlConnect, DescribeHasNoPassword) {
    auto url =
        dialect::parse_url("mysql://root:@localhost/conn_test?socket=" + MysqlServer::socket());
    url.password.reset();
    mysql::MysqlConnection c(url);
    EXPECT_EQ(c.describe(),
              "mysql://root@localhost (socket " + MysqlServer::socket() + ")/conn_test");
}

} // namespace
