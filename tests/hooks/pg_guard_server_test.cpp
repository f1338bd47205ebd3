// On a real PostgreSQL: the statement guard acts on the plan's marker, not on the SQL text.
// A marked build of an index that is already there (a kill between the build and its count)
// is skipped; the same text unmarked is sent to the server, which refuses it.

#include "dialects/postgres/pg_dialect.h"
#include "runtime/executor.h"
#include "tests/postgres/pg_server.h"

#include <gtest/gtest.h>

using namespace stepwise;
using stepwise::testing::PgServer;

namespace {

const char* kBuild = "CREATE INDEX CONCURRENTLY \"t_v_idx\" ON \"t\" (\"v\")";

plan::Plan build_plan(bool marked) {
    plan::Plan p;
    p.id = marked ? "aaaaaaaaaaa1" : "aaaaaaaaaaa2";
    p.dialect = "postgres";
    p.from_fingerprint = "f";
    p.to_fingerprint = "t";
    plan::Step s;
    s.id = "t.t_v_idx:create";
    s.transactional = false;
    s.lock_timeout = std::chrono::milliseconds(0);
    if (marked) {
        plan::Guard g;
        g.table = "t";
        g.index = "t_v_idx";
        plan::add_guarded(s, plan::Side::Up, kBuild, g);
    } else {
        s.up = {kBuild};
    }
    s.down = {"DROP INDEX CONCURRENTLY IF EXISTS \"t_v_idx\""};
    p.steps = {s};
    return p;
}

std::string indexes(dialect::Connection& c) {
    auto rs = c.query("SELECT string_agg(indexrelid::regclass::text || ':' || indisvalid::text, "
                      "',' ORDER BY 1) FROM pg_index WHERE indrelid = 't'::regclass");
    return rs.rows.at(0).at(0).value_or("");
}

} // namespace

TEST(PgGuardServer, AMarkedBuildOfAnIndexAlreadyThereIsSkipped) {
    STEPWISE_REQUIRE_PG();
    auto d = postgres::make_postgres_dialect();
    auto c = d->connect(dialect::parse_url(PgServer::instance().create_database("guard_marked")));
    c->execute("CREATE TABLE t (v int); CREATE INDEX t_v_idx ON t (v)");
    runtime::QuietReporter quiet;
    auto result = runtime::Executor(*d, *c, quiet).apply(build_plan(true), {});
    ASSERT_EQ(result.steps.size(), 1u);
    EXPECT_EQ(result.steps[0].action, runtime::StepAction::Applied);
    EXPECT_EQ(indexes(*c), "t_v_idx:true");
}

TEST(PgGuardServer, AMarkedBuildOfAnInvalidIndexIsDroppedAndBuiltAgain) {
    STEPWISE_REQUIRE_PG();
    auto d = postgres::make_postgres_dialect();
    auto c = d->connect(dialect::parse_url(PgServer::instance().create_database("guard_dead")));
    c->execute("CREATE TABLE t (v int); INSERT INTO t VALUES (1), (1)");
    EXPECT_THROW(c->execute("CREATE UNIQUE INDEX CONCURRENTLY t_v_idx ON t (v)"),
                 dialect::DatabaseError);
    ASSERT_EQ(indexes(*c), "t_v_idx:false");
    runtime::QuietReporter quiet;
    runtime::Executor(*d, *c, quiet).apply(build_plan(true), {});
    EXPECT_EQ(indexes(*c), "t_v_idx:true");
}

TEST(PgGuardServer, AnUnmarkedStatementIsNotGuardedWhateverItsText) {
    STEPWISE_REQUIRE_PG();
    auto d = postgres::make_postgres_dialect();
    auto c = d->connect(dialect::parse_url(PgServer::instance().create_database("guard_unmarked")));
    c->execute("CREATE TABLE t (v int); CREATE INDEX t_v_idx ON t (v)");
    runtime::QuietReporter quiet;
    try {
        runtime::Executor(*d, *c, quiet).apply(build_plan(false), {});
        ADD_FAILURE() << "the unmarked build was skipped by reading its text";
    } catch (const runtime::ApplyError& e) {
        EXPECT_NE(std::string(e.what()).find("already exists"), std::string::npos) << e.what();
    }
    EXPECT_EQ(indexes(*c), "t_v_idx:true");
}
