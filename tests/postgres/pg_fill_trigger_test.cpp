// A required column added with a `backfill` stays writable by old code: until the contract
// phase, a trigger fills it on inserts that leave it out.

#include "compiler/diff/differ.h"
#include "compiler/frontend/loader.h"
#include "compiler/model/printer.h"
#include "compiler/plan/plan.h"
#include "dialects/postgres/pg_dialect.h"
#include "runtime/executor.h"
#include "tests/postgres/pg_server.h"

#include <gtest/gtest.h>

using namespace stepwise;
using stepwise::testing::PgServer;

TEST(PgFillTrigger, OldCodeInsertsWithoutTheNewColumnUntilContract) {
    STEPWISE_REQUIRE_PG();
    auto d = postgres::make_postgres_dialect();
    auto c = d->connect(dialect::parse_url(PgServer::instance().create_database("fill")));
    c->execute("CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL);"
               "INSERT INTO users SELECT g, 'u' || g || '@x.org' FROM generate_series(1, 2500) g");
    auto current = d->inspect(*c);
    auto desired = frontend::parse_sources(
        {{"d.schema", "table users {\n id int primary key\n email text not null\n"
                      " handle text not null backfill (split_part(email, '@', 1))\n}\n"}},
        d->naming());
    plan::Plan p;
    p.dialect = d->name();
    p.from_fingerprint = model::fingerprint(current);
    p.to_fingerprint = model::fingerprint(desired);
    p.id = plan::make_plan_id(p.from_fingerprint, p.to_fingerprint);
    dialect::CompileOptions options;
    options.plan_id = p.id;
    options.batch.size = 1000;
    p.steps = d->compile(diff::diff(current, desired, d->diff_driver()), current, desired, options)
                  .ordered();

    runtime::QuietReporter quiet;
    runtime::Executor executor(*d, *c, quiet);
    auto result = executor.apply(p, {});
    EXPECT_TRUE(result.stopped_before_contract);
    // Every existing row was backfilled, in three batches of at most 1000.
    EXPECT_EQ(c->query("SELECT count(*) FROM users WHERE handle IS DISTINCT FROM "
                       "split_part(email, '@', 1)")
                  .rows[0][0],
              std::optional<std::string>("0"));
    // The column is NOT NULL now, yet an insert that leaves it out still works.
    c->execute("INSERT INTO users (id, email) VALUES (9001, 'late@x.org')");
    EXPECT_EQ(c->query("SELECT handle FROM users WHERE id = 9001").rows[0][0],
              std::optional<std::string>("late"));

    runtime::ApplyOptions contract;
    contract.contract = true;
    executor.apply(p, contract);
    EXPECT_THROW(c->execute("INSERT INTO users (id, email) VALUES (9002, 'x@x.org')"),
                 dialect::DatabaseError);
}
