#include "dialects/mysql/mysql_dialect.h"
#include "tests/backfill/backfill_count.h"
#include "tests/mysql/mysql_server.h"

using namespace stepwise;
using stepwise::testing::MysqlServer;

namespace {

std::unique_ptr<dialect::Connection> items_db(const dialect::Dialect& d, const std::string& db) {
    EXPECT_EQ(MysqlServer::client("DROP DATABASE IF EXISTS " + db + "; CREATE DATABASE " + db), 0);
    auto c = d.connect(dialect::parse_url(MysqlServer::url(db)));
    c->execute("CREATE TABLE items (id bigint PRIMARY KEY, n int NOT NULL)");
    std::string digits = "(SELECT 0 AS i UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL "
                         "SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 "
                         "UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)";
    c->execute("INSERT INTO items SELECT g, g FROM (SELECT 1 + a.i + 10 * b.i + 100 * c.i + "
               "1000 * d.i AS g FROM " +
               digits + " a, " + digits + " b, " + digits + " c, " + digits +
               " d) AS x WHERE g <= 2500");
    return c;
}

} // namespace

TEST(BackfillMysql, RowsDoneCountsTheRowsTheWalkMet) {
    auto d = mysql::make_mysql_dialect();
    auto c = items_db(*d, "backfill_add");
    stepwise::testing::expect_exact_rows_done(
        *d, *c,
        "table items {\n id bigint primary key\n n int not null\n"
        " m int not null backfill (n * 2)\n}\n");
    EXPECT_EQ(stepwise::testing::scalar(*c, "SELECT count(*) FROM items WHERE NOT (m <=> n * 2)"),
              "0");
}
