// The guard marker in the JSON plan format: written sorted, read back, checked, and absent
// from plans written before it existed.

#include "compiler/plan/plan.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace stepwise;

namespace {

plan::Plan guarded_plan() {
    plan::Plan p;
    p.id = "0123456789ab";
    p.dialect = "postgres";
    p.from_fingerprint = "f";
    p.to_fingerprint = "t";
    plan::Step s;
    s.id = "t.i:drop";
    s.transactional = false;
    s.up = {"DROP INDEX CONCURRENTLY IF EXISTS \"s\".\"i\""};
    plan::Guard g;
    g.schema = "s";
    g.table = "t";
    g.index = "i";
    plan::add_guarded(s, plan::Side::Down, "CREATE INDEX CONCURRENTLY \"i\" ON \"s\".\"t\" (\"a\")",
                      g);
    plan::add_guarded(s, plan::Side::Up, "CREATE INDEX CONCURRENTLY \"i\" ON \"s\".\"t\" (\"a\")",
                      g);
    p.steps = {s};
    return p;
}

} // namespace

TEST(PlanGuardJson, AddGuardedPointsAtTheStatementItAppended) {
    auto p = guarded_plan();
    const auto& s = p.steps[0];
    ASSERT_EQ(s.guards.size(), 2u);
    EXPECT_EQ(plan::guard_of(s, plan::Side::Up, 0), nullptr);
    ASSERT_NE(plan::guard_of(s, plan::Side::Up, 1), nullptr);
    ASSERT_NE(plan::guard_of(s, plan::Side::Down, 0), nullptr);
    EXPECT_EQ(plan::guard_of(s, plan::Side::Up, 1)->index, "i");
}

TEST(PlanGuardJson, WrittenSortedByStatementAndReadBack) {
    auto doc = plan::to_json(guarded_plan());
    const auto& guards = doc["steps"][0]["guards"];
    ASSERT_EQ(guards.size(), 2u);
    // Added down first, written up first.
    EXPECT_EQ(guards[0].dump(), R"({"index":"i","kind":"index_build","on":"up","schema":"s",)"
                                R"("statement":1,"table":"t"})");
    EXPECT_EQ(guards[1]["on"], "down");
    EXPECT_EQ(guards[1]["statement"], 0);

    auto back = plan::plan_from_json(doc);
    const auto* g = plan::guard_of(back.steps[0], plan::Side::Up, 1);
    ASSERT_NE(g, nullptr);
    EXPECT_EQ(g->kind, plan::GuardKind::IndexBuild);
    EXPECT_EQ(g->schema, "s");
    EXPECT_EQ(g->table, "t");
    EXPECT_EQ(g->index, "i");
    EXPECT_NE(plan::guard_of(back.steps[0], plan::Side::Down, 0), nullptr);
    EXPECT_EQ(plan::to_json(back).dump(), doc.dump());
}

TEST(PlanGuardJson, APlanWithoutGuardsStillLoads) {
    auto doc = plan::to_json(guarded_plan());
    doc["steps"][0].erase("guards");
    auto back = plan::plan_from_json(doc);
    EXPECT_TRUE(back.steps[0].guards.empty());
    EXPECT_EQ(back.steps[0].up.size(), 2u);
}

TEST(PlanGuardJson, BadGuardsAreRefusedWithTheirPath) {
    auto expect_refused = [](nlohmann::json doc, const std::string& path, const std::string& what) {
        try {
            plan::plan_from_json(doc);
            ADD_FAILURE() << "accepted " << doc["steps"][0]["guards"].dump();
        } catch (const plan::PlanError& e) {
            std::string m = e.what();
            EXPECT_NE(m.find(path), std::string::npos) << m;
            EXPECT_NE(m.find(what), std::string::npos) << m;
        }
    };
    auto doc = plan::to_json(guarded_plan());
    auto bad = doc;
    bad["steps"][0]["guards"][0]["statement"] = 2;
    expect_refused(bad, "$.steps[0].guards[0].statement", "expected an integer from 0 to 1");
    bad = doc;
    bad["steps"][0]["guards"][0]["kind"] = "table_build";
    expect_refused(bad, "$.steps[0].guards[0].kind", "unknown guard kind 'table_build'");
    bad = doc;
    bad["steps"][0]["guards"][0]["on"] = "sideways";
    expect_refused(bad, "$.steps[0].guards[0].on", "expected up or down");
    bad = doc;
    bad["steps"][0]["guards"][1]["on"] = "up";
    bad["steps"][0]["guards"][1]["statement"] = 1;
    expect_refused(bad, "$.steps[0].guards[1].statement", "a second guard for the same statement");
    bad = doc;
    bad["steps"][0]["guards"][0]["index"] = "";
    expect_refused(bad, "$.steps[0].guards[0].index", "needs its index");
}
