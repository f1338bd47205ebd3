#include "compiler/plan/plan.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace stepwise::plan;

namespace {

// Three steps across three phases: add a column, fill it, soft-drop another.
Plan sample() {
    Plan p;
    p.id = "0123456789ab";
    p.dialect = "sqlite";
    p.from_fingerprint = "from";
    p.to_fingerprint = "to";

    Step add;
    add.id = "orders.note:add";
    add.summary = "add column orders.note";
    add.up = {"ALTER TABLE \"orders\" ADD COLUMN \"note\" TEXT"};
    add.down = {"ALTER TABLE \"orders\" DROP COLUMN \"note\""};
    add.lock = {"write", "database"};

    Step fill;
    fill.id = "orders.note:backfill";
    fill.phase = Phase::Backfill;
    fill.summary = "fill orders.note";
    fill.lock = {"write", "database"};
    fill.hazards = {{HazardClass::LongRunning, "walks every row of orders"}};
    Backfill b;
    b.table = "orders";
    b.batch_sql = "UPDATE \"orders\" SET \"note\" = ''\nWHERE \"id\" > ?1 AND \"id\" <= ?2";
    b.policy.size = 500;
    fill.backfill = b;
    fill.after = {"orders.note:add"};

    Step drop;
    drop.id = "orders.total:drop";
    drop.phase = Phase::Contract;
    drop.summary = "drop column orders.total";
    drop.up = {
        "ALTER TABLE \"orders\" RENAME COLUMN \"total\" TO \"_stepwise_dropped_abc_total\";"};
    drop.down = {
        "ALTER TABLE \"orders\" RENAME COLUMN \"_stepwise_dropped_abc_total\" TO \"total\""};
    drop.lock = {"write", "database"};
    drop.hazards = {{HazardClass::AppIncompatible, "old code reads total"}};
    drop.deploy_note = "deploy code that no longer reads `orders.total`";
    drop.after = {"orders.note:backfill"};

    p.steps = {add, fill, drop};
    return p;
}

} // namespace

TEST(PlanId, IsTheFirst12HexOfSha256) {
    // Expected values from `printf 'a:b' | openssl dgst -sha256`.
    EXPECT_EQ(make_plan_id("a", "b"), "6783a31eabf6");
    EXPECT_EQ(make_plan_id("from", "to"), "18702bf43a19");
}

TEST(PlanText, EmptyPlanSaysNoChanges) {
    Plan p;
    p.id = "0123456789ab";
    EXPECT_EQ(to_text(p), "No changes.\n");
    EXPECT_EQ(to_text(p, TextOptions{true}), "No changes.\n");
}

TEST(PlanText, GroupsByPhaseWithDeployNotesBeforeContract) {
    const std::string expected =
        R"(Plan 0123456789ab (sqlite): 3 steps - 1 expand, 1 backfill, 1 contract; 2 hazards

Expand
  1. orders.note:add - add column orders.note
     lock: write on database
       ALTER TABLE "orders" ADD COLUMN "note" TEXT

Backfill
  2. orders.note:backfill - fill orders.note
     lock: write on database
     hazard LongRunning: walks every row of orders
     backfill orders in batches of 500 rows:
       UPDATE "orders" SET "note" = ''
       WHERE "id" > ?1 AND "id" <= ?2

Before the contract phase:
  deploy code that no longer reads `orders.total`, then run `stepwise apply --contract`

Contract
  3. orders.total:drop - drop column orders.total
     lock: write on database
     hazard AppIncompatible: old code reads total
       ALTER TABLE "orders" RENAME COLUMN "total" TO "_stepwise_dropped_abc_total";
)";
    EXPECT_EQ(to_text(sample()), expected);
}

TEST(PlanText, ColourOnlyWhenAsked) {
    EXPECT_EQ(to_text(sample()).find('\033'), std::string::npos);
    std::string coloured = to_text(sample(), TextOptions{true});
    EXPECT_NE(coloured.find("\033[1;32mExpand\033[0m"), std::string::npos);
    EXPECT_NE(coloured.find("\033[1;31mhazard LongRunning\033[0m: walks"), std::string::npos);
    // Statements stay plain so they can be copied.
    EXPECT_NE(coloured.find("\n       ALTER TABLE \"orders\" ADD COLUMN \"note\" TEXT\n"),
              std::string::npos);
}

TEST(PlanText, ContractWithoutNotesStillSaysHowToContinue) {
    Plan p = sample();
    p.steps[2].deploy_note.clear();
    std::string text = to_text(p);
    EXPECT_NE(text.find("Before the contract phase:\n  deploy code that no longer uses the old "
                        "schema, then run `stepwise apply --contract`\n\nContract\n"),
              std::string::npos)
        << text;
}

TEST(PlanText, EveryDistinctDeployNoteGetsItsOwnLineOnce) {
    Plan p = sample();
    Step rename = p.steps[2];
    rename.id = "users.nickname:contract";
    rename.deploy_note = "deploy code that writes `nickname`";
    Step again = rename;
    again.id = "users.nickname:drop";
    p.steps.push_back(rename);
    p.steps.push_back(again);
    std::string text = to_text(p);
    EXPECT_NE(text.find("Before the contract phase:\n"
                        "  deploy code that no longer reads `orders.total`, then run `stepwise "
                        "apply --contract`\n"
                        "  deploy code that writes `nickname`, then run `stepwise apply "
                        "--contract`\n\nContract\n"),
              std::string::npos)
        << text;
    EXPECT_EQ(text.find("writes `nickname`"), text.rfind("writes `nickname`")) << text;
}

TEST(PlanText, NonTransactionalStepsAndChecksAreShown) {
    Plan p = sample();
    p.steps[0].transactional = false;
    p.steps[0].checks = {"PRAGMA foreign_key_check(\"orders\")"};
    std::string text = to_text(p);
    EXPECT_NE(text.find("     runs outside a transaction\n"), std::string::npos);
    EXPECT_NE(text.find("     check (must return no rows):\n       PRAGMA foreign_key_check"),
              std::string::npos);
}

TEST(PlanSql, UpThenDownInReverse) {
    const std::string expected = R"(-- stepwise plan 0123456789ab (sqlite)

-- up

-- step orders.note:add [expand]
ALTER TABLE "orders" ADD COLUMN "note" TEXT;

-- step orders.note:backfill [backfill]
-- backfill orders in batches of 500 rows, keyset-paginated, each batch committed:
-- UPDATE "orders" SET "note" = ''
-- WHERE "id" > ?1 AND "id" <= ?2

-- step orders.total:drop [contract]
ALTER TABLE "orders" RENAME COLUMN "total" TO "_stepwise_dropped_abc_total";

-- down

-- step orders.total:drop [contract]
ALTER TABLE "orders" RENAME COLUMN "_stepwise_dropped_abc_total" TO "total";

-- step orders.note:backfill [backfill]
-- (nothing to undo)

-- step orders.note:add [expand]
ALTER TABLE "orders" DROP COLUMN "note";
)";
    EXPECT_EQ(to_sql(sample()), expected);
}

TEST(PlanSql, NewlineInAStepIdStaysInsideTheComment) {
    Plan p = sample();
    p.steps[0].id = "evil\nDROP TABLE x";
    std::string sql = to_sql(p);
    EXPECT_NE(sql.find("-- step evil\n-- DROP TABLE x [expand]\n"), std::string::npos) << sql;
}

TEST(PlanDot, NodesAndEdgesInPlanOrder) {
    const std::string expected = R"(digraph "plan 0123456789ab" {
  rankdir=LR;
  node [shape=box, style=filled];
  "orders.note:add" [label="orders.note:add\nexpand", fillcolor=palegreen];
  "orders.note:backfill" [label="orders.note:backfill\nbackfill", fillcolor=lightblue];
  "orders.total:drop" [label="orders.total:drop\ncontract", fillcolor=lightpink];
  "orders.note:add" -> "orders.note:backfill";
  "orders.note:backfill" -> "orders.total:drop";
}
)";
    EXPECT_EQ(to_dot(sample()), expected);
}

TEST(PlanDot, QuotesInIdsAreEscaped) {
    Plan p = sample();
    p.steps = {p.steps[0]};
    p.steps[0].id = "t.\"x\\y\"";
    EXPECT_NE(to_dot(p).find(R"("t.\"x\\y\"" [label="t.\"x\\y\"\nexpand")"), std::string::npos)
        << to_dot(p);
}

TEST(PlanRender, SamePlanGivesByteIdenticalOutput) {
    Plan a = sample();
    Plan b = sample();
    EXPECT_EQ(to_text(a), to_text(b));
    EXPECT_EQ(to_text(a, TextOptions{true}), to_text(b, TextOptions{true}));
    EXPECT_EQ(to_sql(a), to_sql(b));
    EXPECT_EQ(to_dot(a), to_dot(b));
    EXPECT_EQ(to_json(a).dump(), to_json(b).dump());
}
