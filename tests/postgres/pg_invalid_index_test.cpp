// An index left invalid by a failed CREATE INDEX CONCURRENTLY is rebuilt by the next plan;
// one whose build is still running is not mistaken for a dead one.

#include "dialects/postgres/pg_dialect.h"
#include "runtime/executor.h"
#include "tests/postgres/pg_index_build.h"
#include "tests/postgres/pg_server.h"
#include "tests/support/migration_plan.h"

#include <gtest/gtest.h>

using namespace stepwise;
using stepwise::testing::compile_plan;
using stepwise::testing::HeldIndexBuild;
using stepwise::testing::index_valid;
using stepwise::testing::PgServer;

namespace {

const char* kDesired = "table t {\n  id int primary key\n  v int\n  index t_v_idx (v)\n}\n";

} // namespace

TEST(PgInvalidIndex, ADeadIndexIsDroppedAndBuiltAgain) {
    STEPWISE_REQUIRE_PG();
    auto d = postgres::make_postgres_dialect();
    auto c = d->connect(dialect::parse_url(PgServer::instance().create_database("dead_index")));
    c->execute("CREATE TABLE t (id int PRIMARY KEY, v int); INSERT INTO t VALUES (1, 1), (2, 1)");
    // A unique build over duplicates fails and leaves t_v_idx behind, invalid.
    EXPECT_THROW(c->execute("CREATE UNIQUE INDEX CONCURRENTLY t_v_idx ON t (v)"),
                 dialect::DatabaseError);
    ASSERT_EQ(index_valid(*c, "t_v_idx"), "false");

    auto plan = compile_plan(*d, *c, kDesired, 1000);
    ASSERT_EQ(plan.steps.size(), 1u);
    EXPECT_FALSE(plan.steps[0].transactional);
    runtime::QuietReporter quiet;
    runtime::Executor(*d, *c, quiet).apply(plan, {});
    EXPECT_EQ(index_valid(*c, "t_v_idx"), "true");
    EXPECT_TRUE(compile_plan(*d, *c, kDesired, 1000).steps.empty());
}

TEST(PgInvalidIndex, ABuildStillRunningIsNotDead) {
    STEPWISE_REQUIRE_PG();
    auto d = postgres::make_postgres_dialect();
    auto url = dialect::parse_url(PgServer::instance().create_database("building_index"));
    auto c = d->connect(url);
    c->execute("CREATE TABLE t (id int PRIMARY KEY, v int); INSERT INTO t VALUES (1, 1)");
    HeldIndexBuild build(*d, url, "CREATE INDEX CONCURRENTLY t_v_idx ON t (v)", "t_v_idx");
    EXPECT_EQ(index_valid(*c, "t_v_idx"), "false");
    try {
        d->inspect(*c);
        ADD_FAILURE() << "inspect took a running build for a dead index";
    } catch (const dialect::DatabaseError& e) {
        EXPECT_NE(std::string(e.what()).find("still being built"), std::string::npos) << e.what();
    }
    EXPECT_EQ(build.join(), "");
    EXPECT_EQ(index_valid(*c, "t_v_idx"), "true");
    EXPECT_TRUE(compile_plan(*d, *c, kDesired, 1000).steps.empty());
}
