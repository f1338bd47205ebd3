#include "dialects/postgres/pg_dialect.h"
#include "tests/backfill/backfill_count.h"
#include "tests/postgres/pg_server.h"

using namespace stepwise;
using stepwise::testing::PgServer;

namespace {

std::unique_ptr<dialect::Connection> items_db(const dialect::Dialect& d, const std::string& name) {
    auto c = d.connect(dialect::parse_url(PgServer::instance().create_database(name)));
    c->execute("CREATE TABLE items (id bigint PRIMARY KEY, n int NOT NULL);"
               "INSERT INTO items SELECT g, g FROM generate_series(1, 2500) g");
    return c;
}

} // namespace

// A new required column: one WITH … UPDATE statement per batch returns the last key and the
// batch's row count.
TEST(BackfillPg, RowsDoneCountsTheRowsTheWalkMet) {
    STEPWISE_REQUIRE_PG();
    auto d = postgres::make_postgres_dialect();
    auto c = items_db(*d, "backfill_add");
    stepwise::testing::expect_exact_rows_done(
        *d, *c,
        "table items {\n id bigint primary key\n n int not null\n"
        " m int not null backfill (n * 2)\n}\n");
    EXPECT_EQ(
        stepwise::testing::scalar(*c, "SELECT count(*) FROM items WHERE m IS DISTINCT FROM n * 2"),
        "0");
}

// Widening a column: the dual-write copy walks only rows whose new column is still NULL, but
// counts every row it passes.
TEST(BackfillPg, RowsDoneIsExactForTheDualWriteCopy) {
    STEPWISE_REQUIRE_PG();
    auto d = postgres::make_postgres_dialect();
    auto c = items_db(*d, "backfill_widen");
    stepwise::testing::expect_exact_rows_done(
        *d, *c, "table items {\n id bigint primary key\n n bigint not null\n}\n");
    EXPECT_EQ(stepwise::testing::scalar(*c, "SELECT count(*) FROM items WHERE n <> id"), "0");
}
