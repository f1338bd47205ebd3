// Introspection of tables written in plain SQL, against expectations written by hand.

#include "dialects/mysql/mysql_dialect.h"
#include "dialects/mysql/mysql_inspect.h"
#include "tests/mysql/mysql_server.h"

#include <gtest/gtest.h>

using namespace stepwise;
using model::TypeKind;
using stepwise::testing::MysqlServer;

namespace {

model::Catalog inspect_sql(const std::string& db, const std::string& sql) {
    EXPECT_EQ(MysqlServer::client("DROP DATABASE IF EXISTS " + db + "; CREATE DATABASE " + db +
                                  " CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci; USE " + db +
                                  "; " + sql),
              0);
    mysql::MysqlConnection c(dialect::parse_url(MysqlServer::url(db)));
    return mysql::inspect_catalog(c);
}

TEST(MysqlInspect, ColumnsTypesDefaultsAndComments) {
    auto cat = inspect_sql(
        "insp_cols",
        "CREATE TABLE t (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, flag TINYINT(1) NOT "
        "NULL DEFAULT 1, price DECIMAL(10,2) DEFAULT 1.50, name VARCHAR(40) COLLATE "
        "utf8mb4_bin DEFAULT 'it''s', doc JSON, at DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6), "
        "n INT UNSIGNED COMMENT 'counter', u UUID) COMMENT='things'");
    EXPECT_EQ(cat.ns, "insp_cols");
    ASSERT_EQ(cat.tables.size(), 1u);
    const auto& t = cat.tables[0];
    EXPECT_EQ(t.comment, std::optional<std::string>("things"));
    ASSERT_EQ(t.columns.size(), 8u);
    EXPECT_EQ(t.columns[0].type.kind, TypeKind::BigInt);
    EXPECT_TRUE(t.columns[0].identity);
    EXPECT_FALSE(t.columns[0].nullable);
    EXPECT_EQ(t.columns[1].type.kind, TypeKind::Bool);
    EXPECT_EQ(t.columns[1].default_value, (model::Expr{model::Expr::Kind::Number, "1"}));
    EXPECT_EQ(t.columns[2].type, (model::Type{TypeKind::Numeric, {}, 10, 2, {}}));
    EXPECT_EQ(t.columns[2].default_value, (model::Expr{model::Expr::Kind::Number, "1.50"}));
    EXPECT_EQ(t.columns[3].collation, std::optional<std::string>("utf8mb4_bin"));
    EXPECT_EQ(t.columns[3].default_value, (model::Expr{model::Expr::Kind::String, "it's"}));
    EXPECT_EQ(t.columns[4].type.kind, TypeKind::Json);
    EXPECT_EQ(t.columns[4].collation, std::nullopt);
    EXPECT_TRUE(t.checks.empty()) << "the json_valid check of a json column is part of its type";
    EXPECT_EQ(t.columns[5].type.kind, TypeKind::Timestamp);
    EXPECT_EQ(t.columns[5].default_value, (model::Expr{model::Expr::Kind::Call, "now()"}));
    EXPECT_EQ(t.columns[6].type, (model::Type{TypeKind::Sql, {}, {}, {}, "int(10) unsigned"}));
    EXPECT_EQ(t.columns[6].comment, std::optional<std::string>("counter"));
    EXPECT_EQ(t.columns[7].type.kind, TypeKind::Uuid);
}

TEST(MysqlInspect, KeysIndexesAndChecks) {
    auto cat = inspect_sql(
        "insp_keys",
        "CREATE TABLE p (id INT PRIMARY KEY, code VARCHAR(10) NOT NULL, UNIQUE KEY code_key "
        "(code)); CREATE TABLE c (id INT PRIMARY KEY, p_id INT, note TEXT, score INT, "
        "CONSTRAINT c_p_fk FOREIGN KEY (p_id) REFERENCES p (id) ON DELETE CASCADE, "
        "KEY note_prefix (note(12)), KEY score_desc (score DESC, id), CONSTRAINT "
        "score_positive CHECK (score > 0)); CREATE TABLE _stepwise_state (x INT)");
    ASSERT_EQ(cat.tables.size(), 2u) << "the tool's own table is left out";
    const auto& c = cat.tables[0];
    const auto& p = cat.tables[1];
    ASSERT_EQ(c.name, "c");
    ASSERT_EQ(p.uniques.size(), 1u);
    EXPECT_EQ(p.uniques[0].name, "code_key");
    ASSERT_TRUE(c.primary_key);
    EXPECT_EQ(c.primary_key->name, "PRIMARY");
    ASSERT_EQ(c.foreign_keys.size(), 1u);
    EXPECT_EQ(c.foreign_keys[0].ref_table, "p");
    EXPECT_EQ(c.foreign_keys[0].on_delete, model::FkAction::Cascade);
    ASSERT_EQ(c.indexes.size(), 2u) << "the index InnoDB made for c_p_fk is not reported";
    EXPECT_EQ(c.indexes[0].name, "note_prefix");
    ASSERT_TRUE(c.indexes[0].parts[0].expr);
    EXPECT_EQ(c.indexes[0].parts[0].expr->text, "note(12)");
    EXPECT_EQ(c.indexes[1].parts[0].order, model::SortOrder::Desc);
    ASSERT_EQ(c.checks.size(), 1u);
    EXPECT_EQ(c.checks[0].expr.text, "score > 0");
}

TEST(MysqlInspect, EnumsAreNamedFromTheRegistryAndShared) {
    auto cat = inspect_sql(
        "insp_enums",
        "CREATE TABLE t (a ENUM('x','y'), b ENUM('x','y'), c ENUM('it''s')); CREATE TABLE "
        "_stepwise_enums (table_name VARCHAR(64), column_name VARCHAR(64), enum_name "
        "VARCHAR(255)); INSERT INTO _stepwise_enums VALUES ('t', 'a', 'level'), ('t', 'b', "
        "'level')");
    ASSERT_EQ(cat.enums.size(), 2u);
    EXPECT_EQ(cat.enums[0].name, "level");
    EXPECT_EQ(cat.enums[0].labels, (std::vector<std::string>{"x", "y"}));
    EXPECT_EQ(cat.enums[1].name, "t_c");
    EXPECT_EQ(cat.enums[1].labels, (std::vector<std::string>{"it's"}));
    EXPECT_EQ(cat.tables[0].columns[1].type.name, "level");
}

TEST(MysqlDiffDriver, ServerSpellingsCompareEqual) {
    mysql::MysqlDiffDriver d;
    using K = model::Expr::Kind;
    EXPECT_TRUE(d.same_expr({K::Bool, "true"}, {K::Number, "1"}));
    EXPECT_FALSE(d.same_expr({K::Bool, "true"}, {K::Number, "0"}));
    EXPECT_TRUE(d.same_expr({K::Number, "1.5"}, {K::Number, "1.50"}));
    EXPECT_TRUE(
        d.same_expr({K::Raw, "age is null or age > 0"}, {K::Raw, "`age` is null or `age` > 0"}));
    EXPECT_FALSE(d.same_expr({K::Raw, "a > 'X'"}, {K::Raw, "a > 'x'"}));
    EXPECT_TRUE(d.same_type({TypeKind::Jsonb, {}, {}, {}, {}}, {TypeKind::Json, {}, {}, {}, {}}));
    EXPECT_FALSE(d.same_type({TypeKind::Int, {}, {}, {}, {}}, {TypeKind::BigInt, {}, {}, {}, {}}));
}

} // namespace
