#include "compiler/diff/differ.h"

#include <algorithm>
#include <gtest/gtest.h>
#include <random>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

using namespace stepwise;
using namespace stepwise::model;

namespace {

// Small name pools, so that generated catalogs share names and hints point at real objects.
const std::vector<std::string> kTables = {"a", "b", "c", "d"};
const std::vector<std::string> kColumns = {"id", "x", "y", "z", "w"};
const std::vector<std::string> kEnums = {"e1", "e2", "e3"};

std::vector<std::string> some_of(const std::vector<std::string>& pool, size_t at_least) {
    std::vector<std::string> out;
    for (const auto& name : pool)
        if (*rc::gen::arbitrary<bool>())
            out.push_back(name);
    while (out.size() < at_least)
        out.push_back(pool[out.size()]);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

std::optional<Expr> maybe_expr() {
    if (*rc::gen::arbitrary<bool>())
        return std::nullopt;
    auto kind = *rc::gen::element(Expr::Kind::Number, Expr::Kind::String, Expr::Kind::Raw,
                                  Expr::Kind::Call);
    return Expr{kind, *rc::gen::element<std::string>("0", "x > 1", "now()", "it's", "")};
}

std::optional<std::string> maybe_text() {
    if (*rc::gen::arbitrary<bool>())
        return std::nullopt;
    return *rc::gen::element<std::string>("nocase", "a note", "");
}

Type any_type(const std::vector<std::string>& enums) {
    Type t;
    t.kind = static_cast<TypeKind>(*rc::gen::inRange(0, static_cast<int>(TypeKind::Sql) + 1));
    if (t.kind == TypeKind::Varchar || t.kind == TypeKind::Char)
        t.length = *rc::gen::inRange(1, 400);
    if (t.kind == TypeKind::Numeric) {
        t.precision = *rc::gen::inRange(1, 20);
        t.scale = *rc::gen::inRange(0, 5);
    }
    if (t.kind == TypeKind::Enum)
        t.name = enums.empty() ? "missing" : *rc::gen::elementOf(enums);
    if (t.kind == TypeKind::Sql)
        t.name = "inet";
    return t;
}

Table any_table(const std::string& name, const std::vector<std::string>& tables,
                const std::vector<std::string>& enums) {
    Table t;
    t.name = name;
    auto cols = some_of(kColumns, 1);
    for (const auto& c : cols) {
        Column col;
        col.name = c;
        col.type = any_type(enums);
        col.nullable = *rc::gen::arbitrary<bool>();
        col.identity = *rc::gen::arbitrary<bool>();
        col.default_value = maybe_expr();
        col.collation = maybe_text();
        col.comment = maybe_text();
        if (*rc::gen::arbitrary<bool>())
            col.renamed_from = *rc::gen::elementOf(kColumns);
        col.backfill = maybe_expr();
        t.columns.push_back(col);
    }
    if (*rc::gen::arbitrary<bool>())
        t.primary_key = PrimaryKey{name + "_pkey", some_of(cols, 1), {}};
    for (int i = 0, n = *rc::gen::inRange(0, 3); i < n; ++i)
        t.uniques.push_back(
            UniqueConstraint{name + "_u" + std::to_string(i), some_of(cols, 1), {}});
    for (int i = 0, n = *rc::gen::inRange(0, 3); i < n; ++i) {
        Index idx;
        idx.name = name + "_i" + std::to_string(i);
        idx.unique = *rc::gen::arbitrary<bool>();
        for (const auto& c : some_of(cols, 1))
            idx.parts.push_back(
                IndexPart{c, std::nullopt, *rc::gen::element(SortOrder::Asc, SortOrder::Desc)});
        if (*rc::gen::arbitrary<bool>())
            idx.parts.push_back(
                IndexPart{"", Expr{Expr::Kind::Raw, "lower(" + cols[0] + ")"}, SortOrder::Asc});
        idx.where = maybe_expr();
        idx.method = *rc::gen::element<std::string>("", "hash");
        t.indexes.push_back(idx);
    }
    for (int i = 0, n = *rc::gen::inRange(0, 3); i < n; ++i) {
        ForeignKey k;
        k.name = name + "_f" + std::to_string(i);
        k.columns = {*rc::gen::elementOf(cols)};
        k.ref_table = *rc::gen::elementOf(tables);
        k.ref_columns = {*rc::gen::elementOf(kColumns)};
        k.on_delete = static_cast<FkAction>(*rc::gen::inRange(0, 5));
        k.on_update = static_cast<FkAction>(*rc::gen::inRange(0, 5));
        t.foreign_keys.push_back(k);
    }
    for (int i = 0, n = *rc::gen::inRange(0, 3); i < n; ++i)
        t.checks.push_back(
            Check{name + "_c" + std::to_string(i), Expr{Expr::Kind::Raw, cols[0] + " > 0"}, {}});
    t.comment = maybe_text();
    if (*rc::gen::arbitrary<bool>())
        t.renamed_from = *rc::gen::elementOf(kTables);
    return t;
}

Catalog any_catalog() {
    Catalog c;
    auto enums = some_of(kEnums, 0);
    for (const auto& e : enums)
        c.enums.push_back(Enum{e, some_of({"p", "q", "r"}, 1), {}});
    auto tables = some_of(kTables, 1);
    for (const auto& t : tables)
        c.tables.push_back(any_table(t, tables, enums));
    // Generated in name order; shuffle so that canonicalize has work to do.
    std::mt19937 rng(*rc::gen::arbitrary<unsigned>());
    std::shuffle(c.tables.begin(), c.tables.end(), rng);
    std::shuffle(c.enums.begin(), c.enums.end(), rng);
    canonicalize(c);
    return c;
}

std::vector<std::string> lines(const diff::ChangeSet& cs) {
    std::vector<std::string> out;
    for (const auto& c : cs.changes)
        out.push_back(diff::describe(c));
    return out;
}

Catalog reshuffled(Catalog c, unsigned seed) {
    std::mt19937 rng(seed);
    std::shuffle(c.tables.begin(), c.tables.end(), rng);
    std::shuffle(c.enums.begin(), c.enums.end(), rng);
    for (auto& t : c.tables) {
        std::shuffle(t.indexes.begin(), t.indexes.end(), rng);
        std::shuffle(t.checks.begin(), t.checks.end(), rng);
        std::shuffle(t.uniques.begin(), t.uniques.end(), rng);
        std::shuffle(t.foreign_keys.begin(), t.foreign_keys.end(), rng);
    }
    canonicalize(c);
    return c;
}

} // namespace

RC_GTEST_PROP(DiffProperty, CatalogAgainstItselfIsEmpty, ()) {
    Catalog a = any_catalog();
    auto changes = diff::diff(a, a);
    RC_ASSERT(changes.empty());
}

RC_GTEST_PROP(DiffProperty, EmptyToCatalogCreatesEverything, ()) {
    Catalog a = any_catalog();
    auto changes = diff::diff(Catalog{}, a);
    RC_ASSERT(changes.changes.size() == a.tables.size() + a.enums.size());
    for (size_t i = 0; i < a.enums.size(); ++i)
        RC_ASSERT(std::holds_alternative<diff::CreateEnum>(changes.changes[i]));
    for (size_t i = a.enums.size(); i < changes.changes.size(); ++i)
        RC_ASSERT(std::holds_alternative<diff::CreateTable>(changes.changes[i]));
}

RC_GTEST_PROP(DiffProperty, OrderDoesNotDependOnInputOrder, ()) {
    Catalog a = any_catalog();
    Catalog b = any_catalog();
    unsigned seed = *rc::gen::arbitrary<unsigned>();
    RC_ASSERT(lines(diff::diff(a, b)) ==
              lines(diff::diff(reshuffled(a, seed), reshuffled(b, seed + 1))));
}
