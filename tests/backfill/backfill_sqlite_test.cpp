#include "dialects/sqlite/sqlite_dialect.h"
#include "tests/backfill/backfill_count.h"

#include <cstdio>
#include <unistd.h>

using namespace stepwise;

namespace {

class BackfillSqlite : public ::testing::Test {
protected:
    void SetUp() override {
        char name[] = "/tmp/stepwise-backfill-XXXXXX";
        int fd = mkstemp(name);
        ASSERT_GE(fd, 0);
        close(fd);
        path = name;
        conn = d->connect(dialect::parse_url("sqlite://" + path));
        conn->execute("CREATE TABLE items (id integer PRIMARY KEY, n integer NOT NULL);"
                      "WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g "
                      "WHERE i < 2500) INSERT INTO items SELECT i, i FROM g");
    }
    void TearDown() override {
        conn.reset();
        std::remove(path.c_str());
    }
    std::unique_ptr<dialect::Dialect> d = sqlite::make_sqlite_dialect();
    std::string path;
    std::unique_ptr<dialect::Connection> conn;
};

} // namespace

// A new required column: SQLite rebuilds the table, and the copy is the batched walk.
TEST_F(BackfillSqlite, RowsDoneCountsTheRowsTheWalkMet) {
    stepwise::testing::expect_exact_rows_done(*d, *conn,
                                              "table items {\n id int primary key\n n int not "
                                              "null\n m int not null backfill (n * 2)\n}\n");
    EXPECT_EQ(stepwise::testing::scalar(*conn, "SELECT count(*) FROM items WHERE m IS NOT n * 2"),
              "0");
}

// A type change: a new column written by triggers and filled by the batched UPDATE.
TEST_F(BackfillSqlite, RowsDoneIsExactForTheDualWriteFill) {
    stepwise::testing::expect_exact_rows_done(
        *d, *conn, "table items {\n id int primary key\n n text not null\n}\n");
    EXPECT_EQ(
        stepwise::testing::scalar(*conn, "SELECT count(*) FROM items WHERE typeof(n) <> 'text'"),
        "0");
}
