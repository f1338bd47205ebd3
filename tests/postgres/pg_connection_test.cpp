// PgConnection against the throwaway server: parameters, NULLs, errors with SQLSTATE,
// lock timeouts, transactions, and a password that never shows.

#include "dialects/postgres/pg_connection.h"
#include "dialects/postgres/pg_dialect.h"
#include "tests/postgres/pg_server.h"

#include <gtest/gtest.h>

using namespace stepwise;
using stepwise::testing::PgServer;

namespace {

std::unique_ptr<dialect::Connection> open(const std::string& db) {
    return postgres::make_postgres_dialect()->connect(
        dialect::parse_url(PgServer::instance().create_database(db)));
}

} // namespace

TEST(PgConnection, QueriesWithTextParametersAndNulls) {
    STEPWISE_REQUIRE_PG();
    auto c = open("conn_params");
    auto rs = c->query("SELECT $1::int + 1 AS n, $2::text IS NULL AS isnull, $3::text",
                       {std::string("41"), std::nullopt, std::string("it's")});
    ASSERT_EQ(rs.rows.size(), 1u);
    EXPECT_EQ(rs.columns, (std::vector<std::string>{"n", "isnull", "text"}));
    EXPECT_EQ(rs.rows[0][0], std::optional<std::string>("42"));
    EXPECT_EQ(rs.rows[0][1], std::optional<std::string>("t"));
    EXPECT_EQ(rs.rows[0][2], std::optional<std::string>("it's"));
    rs = c->query("SELECT NULL::text");
    EXPECT_FALSE(rs.rows[0][0].has_value());
}

TEST(PgConnection, ErrorsCarryTheSqlstate) {
    STEPWISE_REQUIRE_PG();
    auto c = open("conn_errors");
    try {
        c->execute("SELECT * FROM no_such_table");
        FAIL() << "no error";
    } catch (const dialect::DatabaseError& e) {
        EXPECT_EQ(e.code(), "42P01");
        EXPECT_FALSE(e.lock_timeout());
        EXPECT_NE(std::string(e.what()).find("no_such_table"), std::string::npos);
    }
}

TEST(PgConnection, TransactionsCommitAndRollBack) {
    STEPWISE_REQUIRE_PG();
    auto c = open("conn_tx");
    c->execute("CREATE TABLE t (x int)");
    c->begin();
    EXPECT_TRUE(c->in_transaction());
    c->execute("INSERT INTO t VALUES (1)");
    c->rollback();
    EXPECT_FALSE(c->in_transaction());
    c->begin();
    c->execute("INSERT INTO t VALUES (2)");
    c->commit();
    EXPECT_EQ(c->query("SELECT string_agg(x::text, ',') FROM t").rows[0][0],
              std::optional<std::string>("2"));
}

TEST(PgConnection, LockTimeoutIsARetryableError) {
    STEPWISE_REQUIRE_PG();
    auto holder = open("conn_lock");
    auto url = dialect::parse_url(PgServer::instance().url("conn_lock"));
    auto waiter = postgres::make_postgres_dialect()->connect(url);
    holder->execute("CREATE TABLE t (x int)");
    holder->begin();
    holder->execute("LOCK TABLE t IN ACCESS EXCLUSIVE MODE");
    waiter->set_step_timeouts(std::chrono::milliseconds(100), std::chrono::milliseconds(0));
    try {
        waiter->execute("ALTER TABLE t ADD COLUMN y int");
        FAIL() << "no lock timeout";
    } catch (const dialect::DatabaseError& e) {
        EXPECT_EQ(e.code(), "55P03");
        EXPECT_TRUE(e.lock_timeout());
    }
    holder->rollback();
    waiter->execute("ALTER TABLE t ADD COLUMN y int");
}

TEST(PgConnection, StatementTimeoutIsNotALockTimeout) {
    STEPWISE_REQUIRE_PG();
    auto c = open("conn_stmt");
    c->set_step_timeouts(std::chrono::milliseconds(1000), std::chrono::milliseconds(50));
    try {
        c->execute("SELECT pg_sleep(2)");
        FAIL() << "no statement timeout";
    } catch (const dialect::DatabaseError& e) {
        EXPECT_EQ(e.code(), "57014");
        EXPECT_FALSE(e.lock_timeout());
    }
}

TEST(PgConnection, PasswordNeverShows) {
    STEPWISE_REQUIRE_PG();
    auto url = dialect::parse_url(
        "postgres://nobody:s3cret-pw@localhost:" + std::to_string(PgServer::instance().port()) +
        "/none?host=" + PgServer::instance().socket_dir());
    try {
        postgres::make_postgres_dialect()->connect(url);
        FAIL() << "connected as a role that does not exist";
    } catch (const dialect::DatabaseError& e) {
        EXPECT_EQ(std::string(e.what()).find("s3cret-pw"), std::string::npos) << e.what();
    }
    auto params = postgres::connection_params(url);
    bool has_password = false;
    for (const auto& [k, v] : params)
        has_password = has_password || (k == "password" && v == "s3cret-pw");
    EXPECT_TRUE(has_password) << "the URL's password reaches libpq";
}

TEST(PgConnection, DescribeHidesThePassword) {
    STEPWISE_REQUIRE_PG();
    auto url = dialect::parse_url(PgServer::instance().url("conn_describe"));
    PgServer::instance().create_database("conn_describe");
    url.password = "hunter2";
    // trust authentication ignores the password, so the connection opens.
    postgres::PgConnection c(url);
    EXPECT_EQ(c.describe().find("hunter2"), std::string::npos);
}

TEST(PgRunLock, OneHolderAtATimeAndTheNextOneLearnsWho) {
    STEPWISE_REQUIRE_PG();
    auto dialect = postgres::make_postgres_dialect();
    auto url = dialect::parse_url(PgServer::instance().create_database("run_lock"));
    auto conn = dialect->connect(url);
    auto* locker = dynamic_cast<const dialect::Locker*>(dialect.get());
    ASSERT_TRUE(locker);
    auto first = locker->try_run_lock(url, *conn, "pid 1: stepwise apply");
    ASSERT_TRUE(first.lock);
    auto second = locker->try_run_lock(url, *conn, "pid 2: stepwise apply");
    EXPECT_FALSE(second.lock);
    EXPECT_NE(second.holder.find("pid 1: stepwise apply"), std::string::npos) << second.holder;
    // The holder's own connection keeps working while the lock is held.
    conn->execute("CREATE TABLE t (x int)");
    first.lock.reset();
    auto third = locker->try_run_lock(url, *conn, "pid 3: stepwise apply");
    EXPECT_TRUE(third.lock);
}
