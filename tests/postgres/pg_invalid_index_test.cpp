// An index left invalid by a failed CREATE INDEX CONCURRENTLY is rebuilt by the next plan;
// one whose build is still running is not mistaken for a dead one.

#include "compiler/diff/differ.h"
#include "compiler/frontend/loader.h"
#include "compiler/model/printer.h"
#include "compiler/plan/plan.h"
#include "dialects/postgres/pg_dialect.h"
#include "runtime/executor.h"
#include "tests/postgres/pg_server.h"

#include <gtest/gtest.h>
#include <thread>

using namespace stepwise;
using stepwise::testing::PgServer;

namespace {

plan::Plan make_plan(const dialect::Dialect& d, dialect::Connection& c, const std::string& text) {
    auto current = d.inspect(c);
    auto desired = frontend::parse_sources({{"d.schema", text}}, d.naming());
    plan::Plan p;
    p.dialect = d.name();
    p.from_fingerprint = model::fingerprint(current);
    p.to_fingerprint = model::fingerprint(desired);
    p.id = plan::make_plan_id(p.from_fingerprint, p.to_fingerprint);
    dialect::CompileOptions options;
    options.plan_id = p.id;
    p.steps = d.compile(diff::diff(current, desired, d.diff_driver()), current, desired, options)
                  .ordered();
    return p;
}

std::string valid(dialect::Connection& c, const std::string& index) {
    auto rs = c.query("SELECT indisvalid::text FROM pg_index WHERE indexrelid = "
                      "to_regclass($1)",
                      {index});
    return rs.rows.empty() ? "missing" : rs.rows[0][0].value_or("NULL");
}

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
    ASSERT_EQ(valid(*c, "t_v_idx"), "false");

    auto plan = make_plan(*d, *c, kDesired);
    ASSERT_EQ(plan.steps.size(), 1u);
    EXPECT_FALSE(plan.steps[0].transactional);
    runtime::QuietReporter quiet;
    runtime::Executor(*d, *c, quiet).apply(plan, {});
    EXPECT_EQ(valid(*c, "t_v_idx"), "true");
    EXPECT_TRUE(make_plan(*d, *c, kDesired).steps.empty());
}

TEST(PgInvalidIndex, ABuildStillRunningIsNotDead) {
    STEPWISE_REQUIRE_PG();
    auto d = postgres::make_postgres_dialect();
    auto url = dialect::parse_url(PgServer::instance().create_database("building_index"));
    auto c = d->connect(url);
    c->execute("CREATE TABLE t (id int PRIMARY KEY, v int); INSERT INTO t VALUES (1, 1)");
    // An open transaction with a snapshot makes CREATE INDEX CONCURRENTLY wait for it, with
    // its index already in the catalog and not yet valid.
    auto old = d->connect(url);
    old->begin();
    old->query("SELECT txid_current()");
    auto builder = d->connect(url);
    std::string build_error;
    std::thread build([&] {
        try {
            builder->execute("CREATE INDEX CONCURRENTLY t_v_idx ON t (v)");
        } catch (const std::exception& e) {
            build_error = e.what();
        }
    });
    // Wait until the index is in the catalog, not yet valid, with its build in progress.
    for (int i = 0; i < 400 && valid(*c, "t_v_idx") != "false"; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
    EXPECT_EQ(valid(*c, "t_v_idx"), "false");
    try {
        d->inspect(*c);
        ADD_FAILURE() << "inspect took a running build for a dead index";
    } catch (const dialect::DatabaseError& e) {
        EXPECT_NE(std::string(e.what()).find("still being built"), std::string::npos) << e.what();
    }
    old->commit();
    build.join();
    EXPECT_TRUE(build_error.empty()) << build_error;
    EXPECT_EQ(valid(*c, "t_v_idx"), "true");
    EXPECT_TRUE(make_plan(*d, *c, kDesired).steps.empty());
}
