#include "compiler/plan/step_graph.h"

#include <algorithm>
#include <gtest/gtest.h>
#include <map>
#include <random>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>
#include <set>

using namespace stepwise::plan;

namespace {

Step step(const std::string& id, Phase phase = Phase::Expand, std::vector<std::string> after = {}) {
    Step s;
    s.id = id;
    s.phase = phase;
    s.after = std::move(after);
    return s;
}

std::vector<std::string> ids(const std::vector<Step>& steps) {
    std::vector<std::string> out;
    for (const auto& s : steps)
        out.push_back(s.id);
    return out;
}

using Ids = std::vector<std::string>;

std::string error_of(const StepGraph& g) {
    try {
        g.ordered();
    } catch (const PlanError& e) {
        return e.what();
    }
    return "";
}

} // namespace

TEST(StepGraph, EmptyGraphHasNoSteps) {
    StepGraph g;
    EXPECT_EQ(g.size(), 0u);
    EXPECT_TRUE(g.ordered().empty());
}

TEST(StepGraph, ReadyStepsGoByPhaseThenId) {
    StepGraph g;
    g.add(step("t.z", Phase::Expand));
    g.add(step("t.c", Phase::Contract));
    g.add(step("t.b", Phase::Backfill));
    g.add(step("t.a", Phase::Expand));
    g.add(step("t.v", Phase::Validate));
    EXPECT_EQ(ids(g.ordered()), (Ids{"t.a", "t.z", "t.b", "t.v", "t.c"}));
}

TEST(StepGraph, EdgesWinOverTheTieBreak) {
    StepGraph g;
    // An expand step that needs a contract step waits for it.
    g.add(step("c", Phase::Expand, {"a"}));
    g.add(step("a", Phase::Contract));
    g.add(step("b", Phase::Expand));
    EXPECT_EQ(ids(g.ordered()), (Ids{"b", "a", "c"}));
}

TEST(StepGraph, MustRunBeforeAddsAnEdgeKeptInAfter) {
    StepGraph g;
    g.add(step("x", Phase::Expand));
    g.add(step("w", Phase::Expand, {"x", "x"}));
    g.must_run("w").before("v");
    g.must_run("x").before("v"); // also given as `after` below: one edge, not two
    g.add(step("v", Phase::Expand, {"x"}));
    auto out = g.ordered();
    EXPECT_EQ(ids(out), (Ids{"x", "w", "v"}));
    EXPECT_EQ(out[1].after, (Ids{"x"}));
    EXPECT_EQ(out[2].after, (Ids{"w", "x"}));
}

TEST(StepGraph, DuplicateIdThrows) {
    StepGraph g;
    g.add(step("a"));
    EXPECT_THROW(g.add(step("a")), PlanError);
}

TEST(StepGraph, UnknownDependencyIsNamed) {
    StepGraph g;
    g.add(step("a", Phase::Expand, {"ghost"}));
    std::string message = error_of(g);
    EXPECT_NE(message.find("'a'"), std::string::npos) << message;
    EXPECT_NE(message.find("'ghost'"), std::string::npos) << message;

    StepGraph h;
    h.add(step("a"));
    h.must_run("a").before("nowhere");
    EXPECT_NE(error_of(h).find("'nowhere'"), std::string::npos);
}

TEST(StepGraph, CycleNamesItsSteps) {
    StepGraph g;
    g.add(step("free"));
    g.add(step("b", Phase::Expand, {"a"}));
    g.add(step("c", Phase::Expand, {"b"}));
    g.add(step("a", Phase::Expand, {"c"}));
    g.add(step("after_cycle", Phase::Expand, {"c"}));
    EXPECT_EQ(error_of(g), "dependency cycle between steps: a -> b -> c -> a");
}

TEST(StepGraph, SelfDependencyIsACycle) {
    StepGraph g;
    g.add(step("a"));
    g.must_run("a").before("a");
    EXPECT_EQ(error_of(g), "dependency cycle between steps: a -> a");
}

TEST(StepGraph, MovedGraphKeepsItsSteps) {
    StepGraph g;
    g.add(step("a"));
    StepGraph h = std::move(g);
    EXPECT_EQ(ids(h.ordered()), (Ids{"a"}));
}

// The order of random DAGs: every edge is respected, and at each point the step taken is the
// smallest (phase, id) among those whose dependencies are all done.
RC_GTEST_PROP(StepGraphProperty, OrderRespectsEdgesAndTieBreak, ()) {
    int n = *rc::gen::inRange(1, 25);
    std::vector<Step> steps;
    for (int i = 0; i < n; ++i) {
        Step s = step("s" + std::to_string(*rc::gen::inRange(0, 1000)) + "_" + std::to_string(i),
                      static_cast<Phase>(*rc::gen::inRange(0, 4)));
        // Edges only from earlier to later generated steps, so the graph is acyclic.
        for (int j = 0; j < i; ++j)
            if (*rc::gen::inRange(0, 4) == 0)
                s.after.push_back(steps[j].id);
        steps.push_back(s);
    }
    std::map<std::string, Step> by_id;
    for (const auto& s : steps)
        by_id[s.id] = s;

    StepGraph g;
    auto shuffled = steps;
    std::mt19937 rng(*rc::gen::arbitrary<unsigned>());
    std::shuffle(shuffled.begin(), shuffled.end(), rng);
    for (const auto& s : shuffled)
        g.add(s);
    auto out = g.ordered();
    RC_ASSERT(out.size() == steps.size());

    std::set<std::string> done;
    for (const auto& s : out) {
        for (const auto& dep : by_id[s.id].after)
            RC_ASSERT(done.count(dep) == 1u);
        for (const auto& [id, other] : by_id) {
            if (done.count(id) || id == s.id)
                continue;
            bool ready = std::all_of(other.after.begin(), other.after.end(),
                                     [&](const std::string& d) { return done.count(d) > 0; });
            if (ready)
                RC_ASSERT(std::make_pair(s.phase, s.id) < std::make_pair(other.phase, other.id));
        }
        done.insert(s.id);
    }
}
