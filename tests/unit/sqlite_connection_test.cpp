#include "dialects/sqlite/sqlite_connection.h"
#include "tests/unit/sqlite_test_util.h"

#include <cstdio>
#include <gtest/gtest.h>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

namespace stepwise::sqlite {
namespace {

TEST(SqliteConnection, CreatesMissingFileAndEnablesForeignKeys) {
    TempDb db;
    SqliteConnection c(db.path());
    auto r = c.query("PRAGMA foreign_keys");
    ASSERT_EQ(r.rows.size(), 1u);
    EXPECT_EQ(r.rows[0][0], std::optional<std::string>("1"));
    struct stat st {};
    EXPECT_EQ(::stat(db.path().c_str(), &st), 0);
}

TEST(SqliteConnection, ExecutesSeveralStatementsAndBindsTextParams) {
    TempDb db;
    SqliteConnection c(db.path());
    c.execute("CREATE TABLE t (a integer, b text); -- comment\n"
              "INSERT INTO t VALUES (1, 'x'); INSERT INTO t VALUES (2, NULL);");
    auto r = c.query("SELECT a, b FROM t WHERE a >= CAST(?1 AS integer) ORDER BY a", {"1"});
    ASSERT_EQ(r.columns, (std::vector<std::string>{"a", "b"}));
    ASSERT_EQ(r.rows.size(), 2u);
    EXPECT_EQ(r.rows[0][1], std::optional<std::string>("x"));
    EXPECT_EQ(r.rows[1][1], std::nullopt);
    auto n = c.query("SELECT ?1 IS NULL, ?2", {std::nullopt, "it's"});
    EXPECT_EQ(n.rows[0][0], std::optional<std::string>("1"));
    EXPECT_EQ(n.rows[0][1], std::optional<std::string>("it's"));
}

TEST(SqliteConnection, SyntaxErrorIsDatabaseErrorWithMessage) {
    TempDb db;
    SqliteConnection c(db.path());
    try {
        c.execute("CREATE TABLE ok (a int); CREATE TABEL bad (a int)");
        FAIL() << "expected an error";
    } catch (const dialect::DatabaseError& e) {
        EXPECT_NE(std::string(e.what()).find("syntax error"), std::string::npos) << e.what();
        EXPECT_EQ(e.code(), "1");
        EXPECT_FALSE(e.lock_timeout());
    }
}

TEST(SqliteConnection, ConstraintErrorCarriesExtendedCode) {
    TempDb db;
    SqliteConnection c(db.path());
    c.execute("CREATE TABLE p (id integer primary key);"
              "CREATE TABLE ch (p integer references p (id))");
    try {
        c.execute("INSERT INTO ch VALUES (42)");
        FAIL() << "expected a foreign key error";
    } catch (const dialect::DatabaseError& e) {
        EXPECT_EQ(e.code(), "787"); // SQLITE_CONSTRAINT_FOREIGNKEY
    }
}

TEST(SqliteConnection, MissingDirectoryIsAClearError) {
    try {
        SqliteConnection c("/nonexistent-dir-stepwise/x/db.sqlite");
        FAIL() << "expected an error";
    } catch (const dialect::DatabaseError& e) {
        EXPECT_NE(std::string(e.what()).find("does not exist"), std::string::npos) << e.what();
    }
}

TEST(SqliteConnection, ReadOnlyFileIsAClearError) {
    if (::geteuid() == 0)
        GTEST_SKIP() << "root ignores file permissions";
    TempDb db;
    {
        SqliteConnection c(db.path());
        c.execute("CREATE TABLE t (a)");
    }
    ASSERT_EQ(::chmod(db.path().c_str(), 0444), 0);
    try {
        SqliteConnection c(db.path());
        FAIL() << "expected an error";
    } catch (const dialect::DatabaseError& e) {
        EXPECT_NE(std::string(e.what()).find("read-only"), std::string::npos) << e.what();
    }
}

TEST(SqliteConnection, NotADatabaseIsAClearError) {
    TempDb db;
    FILE* f = std::fopen(db.path().c_str(), "w");
    std::fputs("this is definitely not an sqlite database file, just some text.........", f);
    std::fclose(f);
    EXPECT_THROW(SqliteConnection c(db.path()), dialect::DatabaseError);
}

TEST(SqliteConnection, BusyIsReportedAsLockTimeout) {
    TempDb db;
    SqliteConnection a(db.path());
    a.execute("CREATE TABLE t (x)");
    SqliteConnection b(db.path(), std::chrono::milliseconds(10));
    a.begin();
    a.execute("INSERT INTO t VALUES (1)");
    try {
        b.begin();
        FAIL() << "expected SQLITE_BUSY";
    } catch (const dialect::DatabaseError& e) {
        EXPECT_TRUE(e.lock_timeout()) << e.what();
    }
    a.commit();
}

TEST(SqliteConnection, TransactionsAreVisible) {
    TempDb db;
    SqliteConnection c(db.path());
    EXPECT_FALSE(c.in_transaction());
    c.begin();
    EXPECT_TRUE(c.in_transaction());
    c.execute("CREATE TABLE t (a)");
    c.rollback();
    EXPECT_FALSE(c.in_transaction());
    EXPECT_TRUE(c.query("SELECT name FROM sqlite_master").rows.empty());
    EXPECT_EQ(c.describe(), "sqlite://" + db.path());
}

} // namespace
} // namespace stepwise::sqlite
