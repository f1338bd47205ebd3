#include "compiler/model/printer.h"
#include "dialects/sqlite/sqlite_connection.h"
#include "dialects/sqlite/sqlite_ddl.h"
#include "dialects/sqlite/sqlite_dialect.h"
#include "tests/unit/sqlite_test_util.h"

#include <gtest/gtest.h>

namespace stepwise::sqlite {
namespace {

using model::Expr;
using K = model::Expr::Kind;

model::Column col(std::string name, model::TypeKind kind, bool nullable = true) {
    model::Column c;
    c.name = std::move(name);
    c.type.kind = kind;
    c.nullable = nullable;
    return c;
}

// Creates the catalog's tables with the renderer, then reads the database back.
model::Catalog render_and_inspect(const model::Catalog& catalog, TempDb& db) {
    SqliteConnection c(db.path());
    for (const auto& t : catalog.tables) {
        c.execute(render_create_table(t, catalog));
        for (const auto& i : t.indexes)
            c.execute(render_create_index(t.name, i));
    }
    return SqliteDialect().inspect(c);
}

void expect_round_trip(model::Catalog catalog) {
    model::canonicalize(catalog);
    TempDb db;
    model::Catalog back = render_and_inspect(catalog, db);
    EXPECT_TRUE(model::same_schema(catalog, back)) << "expected:\n"
                                                   << model::print_catalog(catalog) << "\ngot:\n"
                                                   << model::print_catalog(back);
}

TEST(SqliteRoundTrip, EveryType) {
    model::Table t;
    t.name = "types";
    using TK = model::TypeKind;
    for (auto k :
         {TK::Bool, TK::SmallInt, TK::Int, TK::BigInt, TK::Real, TK::Double, TK::Text, TK::Bytes,
          TK::Date, TK::Time, TK::Timestamp, TK::TimestampTz, TK::Uuid, TK::Json, TK::Jsonb})
        t.columns.push_back(col(std::string("c_") + model::keyword(k), k));
    auto n = col("c_numeric", TK::Numeric);
    n.type.precision = 10;
    n.type.scale = 2;
    auto v = col("c_varchar", TK::Varchar, false);
    v.type.length = 320;
    auto ch = col("c_char", TK::Char);
    ch.type.length = 3;
    auto sql = col("c_sql", TK::Sql);
    sql.type.name = "inet";
    t.columns.insert(t.columns.end(), {n, v, ch, sql});
    expect_round_trip({"", {}, {t}});
}

TEST(SqliteRoundTrip, DefaultsOfEveryKind) {
    model::Table t;
    t.name = "d";
    auto a = col("a", model::TypeKind::Double);
    a.default_value = Expr{K::Number, "-1.5"};
    auto b = col("b", model::TypeKind::Text, false);
    b.default_value = Expr{K::String, "it's \"x\""};
    auto c = col("c", model::TypeKind::Bool);
    c.default_value = Expr{K::Bool, "false"};
    auto d = col("d", model::TypeKind::Text);
    d.default_value = Expr{K::Null, "null"};
    auto e = col("e", model::TypeKind::TimestampTz, false);
    e.default_value = Expr{K::Call, "now()"};
    auto f = col("f", model::TypeKind::Text);
    f.default_value = Expr{K::Raw, "lower('ABC') || 'x'"};
    auto g = col("g", model::TypeKind::Bool);
    g.default_value = Expr{K::Bool, "true"};
    t.columns = {a, b, c, d, e, f, g};
    expect_round_trip({"", {}, {t}});
}

TEST(SqliteRoundTrip, ConstraintsIndexesCommentsCollations) {
    model::Table p;
    p.name = "Order Items";
    auto id = col("id", model::TypeKind::BigInt, false);
    id.identity = true;
    auto email = col("e\"mail", model::TypeKind::Text, false);
    email.collation = "NOCASE";
    email.comment = "it's the\nmail -- really */";
    auto price = col("prïce", model::TypeKind::Int);
    p.columns = {id, email, price};
    p.primary_key = model::PrimaryKey{"Order Items_pkey", {"id"}, {}};
    p.uniques = {{"u_email", {"e\"mail"}, {}}};
    p.checks = {{"price_ok", {K::Raw, "\"prïce\" > 0 AND \"e\"\"mail\" <> 'a''b)'"}, {}}};
    p.comment = "people's items";
    model::Index partial;
    partial.name = "idx partial";
    partial.parts = {{"prïce", std::nullopt, model::SortOrder::Desc}};
    partial.where = Expr{K::Raw, "\"prïce\" IS NOT NULL"};
    model::Index expr;
    expr.name = "idx_expr";
    expr.unique = true;
    expr.parts = {{"", Expr{K::Raw, "lower(\"e\"\"mail\")"}, model::SortOrder::Asc},
                  {"id", std::nullopt, model::SortOrder::Asc}};
    p.indexes = {partial, expr};

    model::Table ch;
    ch.name = "child";
    ch.columns = {col("a", model::TypeKind::Int, false), col("b", model::TypeKind::Int, false),
                  col("parent", model::TypeKind::BigInt)};
    ch.primary_key = model::PrimaryKey{"child_pk", {"a", "b"}, {}};
    ch.foreign_keys = {{"fk_parent",
                        {"parent"},
                        "Order Items",
                        {"id"},
                        model::FkAction::Cascade,
                        model::FkAction::SetNull,
                        {}},
                       {"fk_self",
                        {"b"},
                        "child",
                        {"a"},
                        model::FkAction::Restrict,
                        model::FkAction::NoAction,
                        {}}};
    expect_round_trip({"", {}, {p, ch}});
}

TEST(SqliteRoundTrip, EnumsBecomeChecksAndComeBack) {
    model::Catalog cat;
    cat.enums = {{"order_status", {"pending", "it's paid", "shipped"}, {}}};
    model::Table t;
    t.name = "orders";
    auto s = col("status", model::TypeKind::Enum, false);
    s.type.name = "order_status";
    s.default_value = Expr{K::String, "pending"};
    t.columns = {col("id", model::TypeKind::Int), s};
    cat.tables = {t};
    expect_round_trip(cat);
}

TEST(SqliteRoundTrip, IdentityOfEveryIntegerKindRoundTrips) {
    for (auto k : {model::TypeKind::Int, model::TypeKind::BigInt, model::TypeKind::SmallInt}) {
        model::Table t;
        t.name = "t";
        auto id = col("id", k, false);
        id.identity = true;
        t.columns = {id, col("x", model::TypeKind::Text)};
        t.primary_key = model::PrimaryKey{"t_pkey", {"id"}, {}};
        expect_round_trip({"", {}, {t}});
    }
}

TEST(SqliteInspect, HandWrittenTablesGetDefaultNames) {
    TempDb db;
    SqliteConnection c(db.path());
    c.execute(R"(CREATE TABLE parent (id INTEGER PRIMARY KEY, code TEXT UNIQUE NOT NULL);
        CREATE TABLE [kid] (
          `id` int,
          parent_id integer REFERENCES parent ON DELETE CASCADE,
          qty integer CHECK (qty   >  0) DEFAULT 1,
          name varchar(20) COLLATE nocase,
          PRIMARY KEY (id),
          CHECK (name <> 'x'),
          UNIQUE (parent_id, name)
        );
        CREATE INDEX kid_name ON kid (name DESC) WHERE qty > 1;
        CREATE TABLE _stepwise_state (x);
        CREATE TABLE _stepwise_dropped_abc_old (y);)");
    model::Catalog cat = SqliteDialect().inspect(c);
    ASSERT_EQ(cat.tables.size(), 2u);
    const model::Table& parent = cat.tables[1];
    EXPECT_EQ(parent.name, "parent");
    ASSERT_TRUE(parent.primary_key);
    EXPECT_EQ(parent.primary_key->name, "parent_pkey");
    ASSERT_EQ(parent.uniques.size(), 1u);
    EXPECT_EQ(parent.uniques[0].name, "parent_code_key");
    EXPECT_FALSE(parent.find_column("code")->nullable);

    const model::Table& kid = cat.tables[0];
    EXPECT_EQ(kid.name, "kid");
    EXPECT_EQ(kid.primary_key->name, "kid_pkey");
    ASSERT_EQ(kid.foreign_keys.size(), 1u);
    EXPECT_EQ(kid.foreign_keys[0].name, "kid_parent_id_fkey");
    EXPECT_EQ(kid.foreign_keys[0].ref_columns, std::vector<std::string>{"id"});
    EXPECT_EQ(kid.foreign_keys[0].on_delete, model::FkAction::Cascade);
    ASSERT_EQ(kid.checks.size(), 2u);
    EXPECT_EQ(kid.checks[0].name, "kid_check");
    EXPECT_EQ(kid.checks[0].expr.text, "name <> 'x'");
    EXPECT_EQ(kid.checks[1].name, "kid_qty_check");
    EXPECT_EQ(kid.checks[1].expr.text, "qty > 0");
    EXPECT_EQ(kid.uniques[0].name, "kid_parent_id_name_key");
    EXPECT_EQ(kid.find_column("qty")->default_value, (Expr{K::Number, "1"}));
    EXPECT_EQ(kid.find_column("name")->collation, std::optional<std::string>("nocase"));
    EXPECT_EQ(kid.find_column("name")->type.length, std::optional<int>(20));
    EXPECT_EQ(kid.find_column("id")->type.kind, model::TypeKind::Int);
    ASSERT_EQ(kid.indexes.size(), 1u); // the autoindex of UNIQUE is not an index
    EXPECT_EQ(kid.indexes[0].where, (Expr{K::Raw, "qty > 1"}));
    EXPECT_EQ(kid.indexes[0].parts[0].order, model::SortOrder::Desc);
}

TEST(SqliteDialectBasics, NamesAndQuoting) {
    auto d = make_sqlite_dialect();
    EXPECT_EQ(d->name(), "sqlite");
    EXPECT_EQ(d->placeholder(2), "?2");
    EXPECT_EQ(d->state_table("state"), "\"_stepwise_state\"");
    EXPECT_EQ(d->quote_ident("a\"b"), "\"a\"\"b\"");
    EXPECT_TRUE(d->state_prelude().empty());
    EXPECT_TRUE(d->diff_driver().same_expr(Expr{K::Call, "f()"}, Expr{K::Raw, "f()"}));
    EXPECT_FALSE(d->diff_driver().same_expr(Expr{K::String, "f()"}, Expr{K::Raw, "f()"}));
}

} // namespace
} // namespace stepwise::sqlite
