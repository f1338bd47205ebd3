// The PostgreSQL step compiler marks every concurrent index build with its guard, and only
// those: text that merely looks like one (in a name, a literal, a comment) is never guarded.

#include "compiler/diff/differ.h"
#include "compiler/frontend/loader.h"
#include "dialects/postgres/pg_dialect.h"

#include <gtest/gtest.h>

using namespace stepwise;

namespace {

std::vector<plan::Step> compile(const std::string& from_text, const std::string& to_text) {
    auto d = postgres::make_postgres_dialect();
    auto from = frontend::parse_sources({{"from.schema", from_text}}, d->naming());
    auto to = frontend::parse_sources({{"to.schema", to_text}}, d->naming());
    dialect::CompileOptions options;
    options.plan_id = "p1";
    return d->compile(diff::diff(from, to, d->diff_driver()), from, to, options).ordered();
}

const plan::Step& step(const std::vector<plan::Step>& steps, const std::string& id) {
    for (const auto& s : steps)
        if (s.id == id)
            return s;
    throw std::runtime_error("no step " + id);
}

size_t guard_count(const std::vector<plan::Step>& steps) {
    size_t n = 0;
    for (const auto& s : steps)
        n += s.guards.size();
    return n;
}

} // namespace

TEST(PgGuardMarker, AnIndexBuildCarriesItsGuard) {
    auto steps = compile("table t { id int primary key\n v int }",
                         "table t { id int primary key\n v int\n index t_v_idx (v) }");
    const auto& s = step(steps, "t.t_v_idx:create");
    // Only the build: its guard, not an unguarded leading drop, clears a dead index.
    ASSERT_EQ(s.up.size(), 1u);
    ASSERT_EQ(s.guards.size(), 1u);
    const auto& g = s.guards[0];
    EXPECT_EQ(g.side, plan::Side::Up);
    EXPECT_EQ(g.statement, 0u);
    EXPECT_EQ(g.kind, plan::GuardKind::IndexBuild);
    EXPECT_EQ(g.table, "t");
    EXPECT_EQ(g.index, "t_v_idx");
    EXPECT_EQ(s.up[g.statement].rfind("CREATE INDEX CONCURRENTLY \"t_v_idx\"", 0), 0u)
        << s.up[g.statement];
}

TEST(PgGuardMarker, TheDownOfADroppedIndexAndAUniqueBuildAreGuarded) {
    auto steps = compile("table t { id int primary key\n v int\n index t_v_idx (v) }",
                         "table t { id int primary key\n v int\n unique t_v_key (v) }");
    const auto& drop = step(steps, "t.t_v_idx:drop");
    ASSERT_EQ(drop.guards.size(), 1u);
    EXPECT_EQ(drop.guards[0].side, plan::Side::Down);
    EXPECT_EQ(drop.guards[0].statement, 0u);
    EXPECT_EQ(drop.guards[0].index, "t_v_idx");
    const auto& build = step(steps, "t.t_v_key:build");
    ASSERT_EQ(build.up.size(), 1u);
    ASSERT_EQ(build.guards.size(), 1u);
    EXPECT_EQ(build.guards[0].index, "t_v_key");
    EXPECT_EQ(build.up[build.guards[0].statement].rfind("CREATE UNIQUE INDEX CONCURRENTLY", 0), 0u);
    // The attach step re-creates the index in its down inside a transaction: no guard.
    EXPECT_TRUE(step(steps, "t.t_v_key:attach").guards.empty());
}

TEST(PgGuardMarker, TextThatLooksLikeAnIndexBuildIsNotGuarded) {
    // A table and a column whose names, and a default whose text, spell an index build.
    const char* from = "table t { id int primary key\n v int }";
    const char* to = "table \"CREATE INDEX CONCURRENTLY x ON y\" { id int primary key\n"
                     "  \"CREATE UNIQUE INDEX CONCURRENTLY \" text default "
                     "'/* CREATE INDEX CONCURRENTLY \"i\" ON \"t\" (a) */'\n"
                     "  comment 'CREATE INDEX CONCURRENTLY \"j\" ON \"t\" (a)' }\n"
                     "table t { id int primary key\n v int\n"
                     "  note text default 'CREATE INDEX CONCURRENTLY \"k\" ON \"t\" (id)'\n";
    auto steps = compile(from, std::string(to) + "}");
    bool looks = false;
    for (const auto& s : steps)
        for (const auto& sql : s.up)
            looks = looks || sql.find("CREATE INDEX CONCURRENTLY") != std::string::npos;
    ASSERT_TRUE(looks) << "the test schema no longer puts the text in any statement";
    EXPECT_EQ(guard_count(steps), 0u);

    // With a real index next to them, only the build of that index is guarded.
    auto with_index = compile(from, std::string(to) + " index t_v_idx (v) }");
    ASSERT_EQ(guard_count(with_index), 1u);
    EXPECT_EQ(step(with_index, "t.t_v_idx:create").guards.size(), 1u);
}
