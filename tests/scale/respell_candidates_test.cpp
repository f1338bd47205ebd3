// Which desired tables go to the server to be spelt as it stores them: only those whose
// comparison with the live table could depend on the spelling.

#include "compiler/diff/respell_candidates.h"

#include <gtest/gtest.h>

using namespace stepwise;
using namespace stepwise::model;

namespace {

Column column(const std::string& name, TypeKind kind = TypeKind::Int) {
    Column c;
    c.name = name;
    c.type.kind = kind;
    return c;
}

// A live-looking table: a default, a check, an expression index and a plain one.
Table orders() {
    Table t;
    t.name = "orders";
    t.columns = {column("id", TypeKind::BigInt), column("qty"), column("note", TypeKind::Text)};
    t.columns[1].default_value = Expr{Expr::Kind::Number, "0"};
    t.checks.push_back(Check{"orders_qty_check", Expr{Expr::Kind::Raw, "(qty > 0)"}, {}});
    Index lower;
    lower.name = "orders_note_idx";
    lower.parts.push_back(IndexPart{"", Expr{Expr::Kind::Raw, "lower(note)"}, SortOrder::Asc});
    Index plain;
    plain.name = "orders_qty_idx";
    plain.parts.push_back(IndexPart{"qty", std::nullopt, SortOrder::Asc});
    t.indexes = {lower, plain};
    return t;
}

Catalog with(std::vector<Table> tables) {
    Catalog c;
    c.tables = std::move(tables);
    Enum e;
    e.name = "mood";
    e.labels = {"ok"};
    c.enums.push_back(e);
    canonicalize(c);
    return c;
}

std::vector<std::string> names(const Catalog& c) {
    std::vector<std::string> out;
    for (const auto& t : c.tables)
        out.push_back(t.name);
    return out;
}

} // namespace

TEST(RespellCandidates, ATableIdenticalToTheLiveOneIsNotSent) {
    auto live = with({orders()});
    auto picked = diff::respell_candidates(live, live);
    EXPECT_TRUE(picked.tables.empty());
    ASSERT_EQ(picked.enums.size(), 1u); // enums stay: a sent table may use them
}

TEST(RespellCandidates, AnExpressionSpeltOtherwiseIsSent) {
    auto live = orders();
    for (auto change : {0, 1, 2, 3}) {
        Table t = orders();
        if (change == 0)
            t.checks[0].expr.text = "qty > 0"; // the server adds the parentheses
        else if (change == 1)
            t.columns[1].default_value = Expr{Expr::Kind::Raw, "0::integer"};
        else if (change == 2)
            t.indexes[0].parts[0].expr->text = "LOWER(note)";
        else
            t.indexes[1].where = Expr{Expr::Kind::Raw, "qty > 1"}; // a predicate, new
        EXPECT_EQ(names(diff::respell_candidates(with({live}), with({t}))),
                  std::vector<std::string>{"orders"})
            << "change " << change;
    }
}

TEST(RespellCandidates, ATypeOrCollationChangeSendsTheTable) {
    // Another column type may change how the server spells the expressions that name it.
    Table t = orders();
    t.columns[2].type.kind = TypeKind::Varchar;
    t.columns[2].type.length = 20;
    EXPECT_EQ(names(diff::respell_candidates(with({orders()}), with({t}))).size(), 1u);
    Table u = orders();
    u.columns[2].collation = "C";
    EXPECT_EQ(names(diff::respell_candidates(with({orders()}), with({u}))).size(), 1u);
}

TEST(RespellCandidates, RenameHintsSendTheTable) {
    Table t = orders();
    t.columns[2].renamed_from = "remark";
    EXPECT_EQ(names(diff::respell_candidates(with({orders()}), with({t}))).size(), 1u);
    Table renamed = orders();
    renamed.name = "purchases";
    renamed.renamed_from = "orders";
    EXPECT_EQ(names(diff::respell_candidates(with({orders()}), with({renamed}))),
              std::vector<std::string>{"purchases"});
}

TEST(RespellCandidates, NewColumnsSendTheTableOnlyWhenTheyCarryAnExpression) {
    Table plain = orders();
    plain.columns.push_back(column("extra", TypeKind::Text));
    Index extra;
    extra.name = "orders_extra_idx";
    extra.parts.push_back(IndexPart{"extra", std::nullopt, SortOrder::Asc});
    plain.indexes.push_back(extra);
    EXPECT_TRUE(diff::respell_candidates(with({orders()}), with({plain})).tables.empty());

    Table defaulted = orders();
    defaulted.columns.push_back(column("made_at", TypeKind::TimestampTz));
    defaulted.columns.back().default_value = Expr{Expr::Kind::Call, "now()"};
    EXPECT_EQ(names(diff::respell_candidates(with({orders()}), with({defaulted}))).size(), 1u);
    Table generated = orders();
    generated.columns.push_back(column("twice"));
    generated.columns.back().type = Type{TypeKind::Sql,
                                         {},
                                         {},
                                         {},
                                         "int GENERATED ALWAYS AS "
                                         "(qty * 2) STORED"};
    EXPECT_EQ(names(diff::respell_candidates(with({orders()}), with({generated}))).size(), 1u);
}

TEST(RespellCandidates, ATableTheDatabaseLacksIsCreatedNotCompared) {
    Table fresh = orders();
    fresh.name = "fresh";
    auto picked = diff::respell_candidates(with({orders()}), with({orders(), fresh}));
    EXPECT_TRUE(picked.tables.empty());
}
