#include "compiler/plan/plan.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace stepwise::plan;
using nlohmann::json;

namespace {

Plan full() {
    Plan p;
    p.id = "0123456789ab";
    p.dialect = "sqlite";
    p.from_fingerprint = "aa";
    p.to_fingerprint = "bb";

    Step a;
    a.id = "t.c:add";
    a.summary = "add column t.c";
    a.up = {"ALTER TABLE \"t\" ADD COLUMN \"c\" INTEGER", "SELECT 1"};
    a.down = {"ALTER TABLE \"t\" DROP COLUMN \"c\""};
    a.checks = {"PRAGMA foreign_key_check"};
    a.lock = {"write", "database"};
    a.transactional = false;
    a.lock_timeout = std::chrono::milliseconds(2500);
    a.statement_timeout = std::chrono::milliseconds(60000);

    Step b;
    b.id = "t.c:backfill";
    b.phase = Phase::Backfill;
    b.summary = "fill t.c";
    b.hazards = {{HazardClass::LongRunning, "every row"}, {HazardClass::DataLoss, "none really"}};
    Backfill f;
    f.table = "t";
    f.total_sql = "SELECT count(*) FROM \"t\"";
    f.max_key_sql = "SELECT max(rowid) FROM \"t\"";
    f.next_key_sql = "SELECT rowid FROM \"t\" WHERE ?1 IS NULL OR rowid > ?1 LIMIT 1 OFFSET ?3";
    f.batch_sql = "UPDATE \"t\" SET \"c\" = 1 WHERE rowid > ?1 AND rowid <= ?2";
    f.policy.size = 250;
    f.policy.automatic = true;
    f.policy.target = std::chrono::milliseconds(80);
    f.policy.pause = std::chrono::milliseconds(5);
    b.backfill = f;
    b.after = {"t.c:add"};

    Step c;
    c.id = "t.old:drop";
    c.phase = Phase::Contract;
    c.deploy_note = "deploy code that no longer reads `t.old`";
    c.after = {"t.c:add", "t.c:backfill"};

    p.steps = {a, b, c};
    return p;
}

std::string error_of(const json& document) {
    try {
        plan_from_json(document);
    } catch (const PlanError& e) {
        return e.what();
    }
    return "";
}

} // namespace

TEST(PlanJson, WritesTheDocumentedFields) {
    json j = to_json(full());
    EXPECT_EQ(j["format"], 1);
    EXPECT_EQ(j["id"], "0123456789ab");
    EXPECT_EQ(j["steps"][0]["lock_timeout_ms"], 2500);
    EXPECT_EQ(j["steps"][0]["statement_timeout_ms"], 60000);
    EXPECT_EQ(j["steps"][0]["transactional"], false);
    EXPECT_EQ(j["steps"][0]["backfill"], nullptr);
    EXPECT_EQ(j["steps"][1]["phase"], "backfill");
    EXPECT_EQ(j["steps"][1]["hazards"][1]["class"], "DataLoss");
    EXPECT_EQ(j["steps"][1]["backfill"]["policy"]["target_ms"], 80);
    EXPECT_EQ(j["steps"][1]["backfill"]["policy"]["pause_ms"], 5);
    EXPECT_EQ(j["steps"][2]["after"], json({"t.c:add", "t.c:backfill"}));
}

TEST(PlanJson, RoundTripKeepsEveryField) {
    Plan original = full();
    json first = to_json(original);
    Plan back = plan_from_json(json::parse(first.dump()));
    EXPECT_EQ(to_json(back).dump(), first.dump());

    EXPECT_EQ(back.from_fingerprint, "aa");
    ASSERT_EQ(back.steps.size(), 3u);
    EXPECT_EQ(back.steps[0].up, original.steps[0].up);
    EXPECT_EQ(back.steps[0].checks, original.steps[0].checks);
    EXPECT_FALSE(back.steps[0].transactional);
    EXPECT_EQ(back.steps[0].lock_timeout.count(), 2500);
    EXPECT_EQ(back.steps[0].statement_timeout.count(), 60000);
    EXPECT_EQ(back.steps[0].lock.object, "database");
    ASSERT_TRUE(back.steps[1].backfill.has_value());
    EXPECT_EQ(back.steps[1].backfill->next_key_sql, original.steps[1].backfill->next_key_sql);
    EXPECT_EQ(back.steps[1].backfill->policy.size, 250);
    EXPECT_TRUE(back.steps[1].backfill->policy.automatic);
    EXPECT_EQ(back.steps[1].backfill->policy.pause.count(), 5);
    EXPECT_EQ(back.steps[1].hazards[0].cls, HazardClass::LongRunning);
    EXPECT_EQ(back.steps[1].hazards[0].reason, "every row");
    EXPECT_EQ(back.steps[2].phase, Phase::Contract);
    EXPECT_EQ(back.steps[2].deploy_note, original.steps[2].deploy_note);
}

TEST(PlanJson, EmptyPlanRoundTrips) {
    Plan p;
    p.id = "x";
    p.dialect = "sqlite";
    json j = to_json(p);
    EXPECT_EQ(j["steps"], json::array());
    EXPECT_TRUE(plan_from_json(j).empty());
}

TEST(PlanJson, OptionalStepFieldsTakeTheirDefaults) {
    json j = {
        {"format", 1},
        {"id", "p"},
        {"dialect", "sqlite"},
        {"from_fingerprint", ""},
        {"to_fingerprint", ""},
        {"steps",
         {{{"id", "s"}, {"phase", "expand"}, {"up", json::array()}, {"down", json::array()}}}}};
    Plan p = plan_from_json(j);
    ASSERT_EQ(p.steps.size(), 1u);
    EXPECT_TRUE(p.steps[0].transactional);
    EXPECT_EQ(p.steps[0].lock_timeout.count(), 1000);
    EXPECT_EQ(p.steps[0].statement_timeout.count(), 0);
    EXPECT_FALSE(p.steps[0].backfill.has_value());
}

TEST(PlanJson, MalformedDocumentsNameThePath) {
    const json good = to_json(full());
    auto broken = [&](auto change) {
        json j = good;
        change(j);
        return error_of(j);
    };
    auto expect_at = [](const std::string& message, const std::string& path) {
        EXPECT_NE(message.find("at " + path + ":"), std::string::npos) << message;
    };

    expect_at(error_of(json::array()), "$");
    expect_at(error_of(json("plan")), "$");
    expect_at(broken([](json& j) { j.erase("steps"); }), "$.steps");
    expect_at(broken([](json& j) { j["format"] = 2; }), "$.format");
    expect_at(broken([](json& j) { j["format"] = "1"; }), "$.format");
    expect_at(broken([](json& j) { j.erase("format"); }), "$.format");
    expect_at(broken([](json& j) { j["dialect"] = 3; }), "$.dialect");
    expect_at(broken([](json& j) { j["steps"] = json::object(); }), "$.steps");
    expect_at(broken([](json& j) { j["steps"][1] = 7; }), "$.steps[1]");
    expect_at(broken([](json& j) { j["steps"][0]["up"][1] = false; }), "$.steps[0].up[1]");
    expect_at(broken([](json& j) { j["steps"][0].erase("down"); }), "$.steps[0].down");
    expect_at(broken([](json& j) { j["steps"][0]["id"] = ""; }), "$.steps[0].id");
    expect_at(broken([](json& j) { j["steps"][1]["phase"] = "shrink"; }), "$.steps[1].phase");
    expect_at(broken([](json& j) { j["steps"][1]["hazards"][0]["class"] = "Scary"; }),
              "$.steps[1].hazards[0].class");
    expect_at(broken([](json& j) { j["steps"][0]["lock_timeout_ms"] = -1; }),
              "$.steps[0].lock_timeout_ms");
    expect_at(broken([](json& j) { j["steps"][0]["statement_timeout_ms"] = 1.5; }),
              "$.steps[0].statement_timeout_ms");
    expect_at(broken([](json& j) { j["steps"][0]["transactional"] = "yes"; }),
              "$.steps[0].transactional");
    expect_at(broken([](json& j) { j["steps"][0]["lock"] = "write"; }), "$.steps[0].lock");
    expect_at(broken([](json& j) { j["steps"][1]["backfill"].erase("batch_sql"); }),
              "$.steps[1].backfill.batch_sql");
    expect_at(broken([](json& j) { j["steps"][1]["backfill"]["policy"]["size"] = 0; }),
              "$.steps[1].backfill.policy.size");
    expect_at(broken([](json& j) { j["steps"][2]["after"][1] = "nowhere"; }),
              "$.steps[2].after[1]");
    // Dependencies must point backwards: steps are stored in execution order.
    expect_at(broken([](json& j) { j["steps"][0]["after"] = {"t.old:drop"}; }),
              "$.steps[0].after[0]");
    expect_at(broken([](json& j) { j["steps"][2]["id"] = "t.c:add"; }), "$.steps[2].id");
}
