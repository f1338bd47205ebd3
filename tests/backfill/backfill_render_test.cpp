// A PostgreSQL backfill does its batch in next_key_sql and has no batch_sql: `plan` output
// must still show the statement that changes the rows.

#include "compiler/plan/plan.h"

#include <gtest/gtest.h>

using namespace stepwise::plan;

namespace {

Plan one_statement_backfill() {
    Step fill;
    fill.id = "items.m:backfill";
    fill.phase = Phase::Backfill;
    fill.summary = "backfill items.m";
    Backfill b;
    b.table = "items";
    b.next_key_sql = "WITH b AS (SELECT id FROM items LIMIT $3) UPDATE_MARKER";
    fill.backfill = b;
    Plan p;
    p.id = "p1";
    p.dialect = "postgres";
    p.steps = {fill};
    return p;
}

} // namespace

TEST(BackfillRender, TextShowsTheNextKeyStatementWhenItDoesTheBatch) {
    EXPECT_NE(to_text(one_statement_backfill()).find("UPDATE_MARKER"), std::string::npos);
}

TEST(BackfillRender, SqlScriptShowsTheNextKeyStatementWhenItDoesTheBatch) {
    EXPECT_NE(to_sql(one_statement_backfill()).find("UPDATE_MARKER"), std::string::npos);
}
