// Expression handling without a server: quoting, reading back stored defaults, and the
// textual normalisation that decides whether two expressions differ.

#include "dialects/postgres/pg_connection.h"
#include "dialects/postgres/pg_dialect.h"
#include "dialects/postgres/pg_expr.h"
#include "dialects/postgres/pg_quote.h"
#include "dialects/postgres/pg_types.h"

#include <gtest/gtest.h>
#include <map>

using namespace stepwise;
using namespace stepwise::postgres;
using K = model::Expr::Kind;

TEST(PgQuote, IdentifiersAreAlwaysQuotedWithQuotesDoubled) {
    EXPECT_EQ(quote_ident("orders"), "\"orders\"");
    EXPECT_EQ(quote_ident("Order \"Items\""), "\"Order \"\"Items\"\"\"");
    EXPECT_EQ(qualified("shop", "t"), "\"shop\".\"t\"");
}

TEST(PgQuote, LiteralsDoubleQuotesAndEscapeBackslashes) {
    EXPECT_EQ(quote_literal("it's"), "'it''s'");
    EXPECT_EQ(quote_literal("a\\b"), "E'a\\\\b'");
    EXPECT_THROW(quote_literal(std::string("a\0b", 3)), std::invalid_argument);
}

TEST(PgExpr, StoredDefaultsReadBackAsTheDslKinds) {
    EXPECT_EQ(expr_from_catalog("'pending'::order_status"), (model::Expr{K::String, "pending"}));
    EXPECT_EQ(expr_from_catalog("'it''s'::text"), (model::Expr{K::String, "it's"}));
    EXPECT_EQ(expr_from_catalog("'-1'::integer"), (model::Expr{K::Number, "-1"}));
    EXPECT_EQ(expr_from_catalog("42"), (model::Expr{K::Number, "42"}));
    EXPECT_EQ(expr_from_catalog("true"), (model::Expr{K::Bool, "true"}));
    EXPECT_EQ(expr_from_catalog("now()"), (model::Expr{K::Call, "now()"}));
    EXPECT_EQ(expr_from_catalog("NULL::text"), (model::Expr{K::Null, "null"}));
    EXPECT_EQ(expr_from_catalog("(now() + '1 day'::interval)"),
              (model::Expr{K::Raw, "now() + '1 day'::interval"}));
    EXPECT_EQ(expr_from_catalog("(a > 0) AND (b > 0)"),
              (model::Expr{K::Raw, "(a > 0) AND (b > 0)"}));
}

TEST(PgExpr, NormalisationIgnoresCastsParenthesesAndCase) {
    EXPECT_EQ(normalize_sql("((price > 0) AND (qty > 0))"), normalize_sql("price > 0 and qty > 0"));
    EXPECT_EQ(normalize_sql("((email)::text ~~ '%@%'::text)"), normalize_sql("email like '%@%'"));
    EXPECT_EQ(normalize_sql("lower((email)::text)"), normalize_sql("lower(email)"));
    EXPECT_EQ(normalize_sql("(\"Total\" > '-1'::integer)"), normalize_sql("\"Total\" > -1"));
    EXPECT_EQ(normalize_sql("x::character varying(20)"), normalize_sql("x"));
    EXPECT_EQ(normalize_sql("(deleted_at IS NULL)"), normalize_sql("deleted_at is null"));
}

TEST(PgExpr, NormalisationKeepsRealDifferences) {
    EXPECT_NE(normalize_sql("price > 0"), normalize_sql("price >= 0"));
    EXPECT_NE(normalize_sql("lower(email)"), normalize_sql("upper(email)"));
    EXPECT_NE(normalize_sql("'a'"), normalize_sql("'A'"));
    EXPECT_NE(normalize_sql("\"Total\" > 1"), normalize_sql("total > 1"));
    EXPECT_NE(normalize_sql("coalesce(a, b)"), normalize_sql("coalesce(b, a)"));
}

// The stored spellings below are what PostgreSQL 15's pg_get_constraintdef prints for the
// written forms (checked by hand on a server; pg_scratch_test checks them live).
TEST(PgExpr, NormalisationReadsInAsAnyOfAnArray) {
    EXPECT_EQ(normalize_sql("(status = ANY (ARRAY['new'::text, 'paid'::text]))"),
              normalize_sql("status in ('new', 'paid')"));
    EXPECT_EQ(normalize_sql("((status)::text = ANY ((ARRAY['new'::character varying, "
                            "'paid'::character varying])::text[]))"),
              normalize_sql("status IN ('new','paid')"));
    EXPECT_EQ(normalize_sql("(status <> ALL (ARRAY['new'::text, 'paid'::text]))"),
              normalize_sql("status not in ('new', 'paid')"));
    EXPECT_EQ(normalize_sql("(status = 'new'::text)"), normalize_sql("status in ('new')"));
    EXPECT_EQ(normalize_sql("((qty > 0) AND (kind = ANY (ARRAY[1, 2, 3])))"),
              normalize_sql("qty > 0 and kind in (1, 2, 3)"));
}

TEST(PgExpr, NormalisationReadsBetweenAsTwoComparisons) {
    EXPECT_EQ(normalize_sql("((qty >= 1) AND (qty <= 10))"), normalize_sql("qty between 1 and 10"));
    EXPECT_EQ(normalize_sql("((qty < 1) OR (qty > 10))"),
              normalize_sql("qty NOT BETWEEN 1 AND 10"));
    EXPECT_EQ(normalize_sql("(((qty >= 1) AND (qty <= 10)) AND (price > (0)::numeric))"),
              normalize_sql("qty between 1 and 10 and price > 0"));
    EXPECT_EQ(normalize_sql("((length(code) >= 2) AND (length(code) <= 8))"),
              normalize_sql("length(code) between 2 and 8"));
    EXPECT_EQ(normalize_sql("((t.qty >= (lo + 1)) AND (t.qty <= hi))"),
              normalize_sql("t.qty between (lo + 1) and hi"));
}

TEST(PgExpr, InAndBetweenRewritesKeepRealDifferences) {
    EXPECT_NE(normalize_sql("status in ('new', 'paid')"),
              normalize_sql("status in ('new', 'shipped')"));
    EXPECT_NE(normalize_sql("status in ('new', 'paid')"),
              normalize_sql("status not in ('new', 'paid')"));
    EXPECT_NE(normalize_sql("qty between 1 and 10"), normalize_sql("qty between 1 and 11"));
    EXPECT_NE(normalize_sql("qty between 1 and 10"), normalize_sql("qty not between 1 and 10"));
    // A subquery is not a list; its text is kept.
    EXPECT_EQ(normalize_sql("id IN (SELECT id FROM t)"), "id in ( select id from t )");
}

// Left: as pg_get_expr() prints the check or predicate; right: as a person writes it.
TEST(PgExpr, NormalisationDropsOnlyRedundantParentheses) {
    EXPECT_EQ(normalize_sql("(((qty + 1) * 2) > 0)"), normalize_sql("(qty + 1) * 2 > 0"));
    EXPECT_EQ(normalize_sql("((qty + (1 * 2)) > 0)"), normalize_sql("qty + 1 * 2 > 0"));
    EXPECT_EQ(normalize_sql("((a - b) - c)"), normalize_sql("a - b - c"));
    EXPECT_EQ(normalize_sql("((a OR b) AND c)"), normalize_sql("(a or b) and c"));
    EXPECT_EQ(normalize_sql("((a AND b) OR c)"), normalize_sql("a and b or c"));
    EXPECT_EQ(normalize_sql("(NOT (a AND b))"), normalize_sql("not (a and b)"));
    EXPECT_EQ(normalize_sql("(NOT (a = b))"), normalize_sql("not a = b"));
    EXPECT_EQ(normalize_sql("((a = b) IS TRUE)"), normalize_sql("a = b is true"));
    EXPECT_EQ(normalize_sql("((a || b) || c)"), normalize_sql("a || b || c"));
    EXPECT_EQ(normalize_sql("(((price * (qty)::numeric) + 1) >= (0)::numeric)"),
              normalize_sql("price * qty + 1 >= 0"));
    EXPECT_EQ(normalize_sql("((- (a + b)) > 0)"), normalize_sql("-(a + b) > 0"));
    EXPECT_EQ(normalize_sql("CASE WHEN (qty > 0) THEN (qty * 2) ELSE 0 END"),
              normalize_sql("case when qty > 0 then qty * 2 else 0 end"));
    EXPECT_EQ(normalize_sql("(coalesce(a, (b + c)) > 0)"), normalize_sql("coalesce(a, b + c) > 0"));
}

TEST(PgExpr, NormalisationKeepsParenthesesThatChangePrecedence) {
    EXPECT_NE(normalize_sql("(qty + 1) * 2 > 0"), normalize_sql("qty + 1 * 2 > 0"));
    EXPECT_NE(normalize_sql("(((qty + 1) * 2) > 0)"), normalize_sql("((qty + (1 * 2)) > 0)"));
    EXPECT_NE(normalize_sql("a - (b - c)"), normalize_sql("a - b - c"));
    EXPECT_NE(normalize_sql("a / (b * c)"), normalize_sql("a / b * c"));
    EXPECT_NE(normalize_sql("(a or b) and c"), normalize_sql("a or b and c"));
    EXPECT_NE(normalize_sql("not (a and b)"), normalize_sql("not a and b"));
    EXPECT_NE(normalize_sql("(not a) = b"), normalize_sql("not a = b"));
    EXPECT_NE(normalize_sql("-(a + b) > 0"), normalize_sql("-a + b > 0"));
    EXPECT_NE(normalize_sql("(a || b) like c"), normalize_sql("a || (b like c)"));
    EXPECT_NE(normalize_sql("(a and b) is true"), normalize_sql("a and b is true"));
    EXPECT_NE(normalize_sql("(a || b)::int + c"), normalize_sql("a || b::int + c"));
}

TEST(PgExpr, DiffDriverTreatsAStoredEnumDefaultAsTheLiteral) {
    PgDiffDriver driver;
    EXPECT_TRUE(driver.same_expr(expr_from_catalog("'pending'::order_status"),
                                 model::Expr{K::String, "pending"}));
    EXPECT_TRUE(
        driver.same_expr(model::Expr{K::Raw, "(price > 0)"}, model::Expr{K::Raw, "price > 0"}));
    EXPECT_FALSE(
        driver.same_expr(model::Expr{K::String, "pending"}, model::Expr{K::String, "paid"}));
}

TEST(PgTypes, CatalogSpellingsMapBackToDslTypes) {
    using T = model::TypeKind;
    EXPECT_EQ(type_from_catalog("character varying(320)", false).kind, T::Varchar);
    EXPECT_EQ(type_from_catalog("character varying(320)", false).length, 320);
    EXPECT_EQ(type_from_catalog("numeric(10,2)", false).scale, 2);
    EXPECT_EQ(type_from_catalog("timestamp with time zone", false).kind, T::TimestampTz);
    EXPECT_EQ(type_from_catalog("integer[]", false).kind, T::Sql);
    EXPECT_EQ(type_from_catalog("order_status", true).kind, T::Enum);
    for (auto kind :
         {T::Bool, T::SmallInt, T::Int, T::BigInt, T::Real, T::Double, T::Text, T::Bytes, T::Date,
          T::Time, T::Timestamp, T::TimestampTz, T::Uuid, T::Json, T::Jsonb}) {
        model::Type t;
        t.kind = kind;
        EXPECT_EQ(type_from_catalog(render_type(t), false), t) << render_type(t);
    }
}

TEST(PgTypes, BinaryCoercibleChanges) {
    model::Type v10{model::TypeKind::Varchar, 10}, v20{model::TypeKind::Varchar, 20};
    model::Type text{model::TypeKind::Text};
    model::Type i{model::TypeKind::Int}, b{model::TypeKind::BigInt};
    EXPECT_TRUE(binary_coercible(v10, v20));
    EXPECT_TRUE(binary_coercible(v10, text));
    EXPECT_FALSE(binary_coercible(v20, v10));
    EXPECT_FALSE(binary_coercible(text, v10));
    EXPECT_FALSE(binary_coercible(i, b));
}

TEST(PgUrl, ConnectionParametersComeFromTheUrl) {
    auto url = dialect::parse_url(
        "postgres://app@db.internal:6543/shop?host=/run/pg&sslmode=require&schema=s");
    auto params = postgres::connection_params(url);
    std::map<std::string, std::string> p(params.begin(), params.end());
    EXPECT_EQ(p["host"], "/run/pg") << "a socket directory overrides the URL's host";
    EXPECT_EQ(p["port"], "6543");
    EXPECT_EQ(p["user"], "app");
    EXPECT_EQ(p["dbname"], "shop");
    EXPECT_EQ(p["sslmode"], "require");
    EXPECT_EQ(p.count("password"), 0u) << "no password in the URL: libpq reads PGPASSWORD";
    EXPECT_EQ(p.count("schema"), 0u) << "schema is stepwise's, not libpq's";
}
