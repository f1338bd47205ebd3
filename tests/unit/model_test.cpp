#include <gtest/gtest.h>

#include "compiler/model/catalog.h"
#include "compiler/model/naming.h"
#include "compiler/model/types.h"

using namespace stepwise::model;

TEST(Naming, PostgresConventions) {
    EXPECT_EQ(default_primary_key_name(NamingStyle::Postgres, "orders"), "orders_pkey");
    EXPECT_EQ(default_foreign_key_name(NamingStyle::Postgres, "orders", {"customer_id"}, 1),
              "orders_customer_id_fkey");
    EXPECT_EQ(default_unique_name(NamingStyle::Postgres, "customers", {"email"}),
              "customers_email_key");
    EXPECT_EQ(default_index_name(NamingStyle::Postgres, "orders", {"a", "b"}), "orders_a_b_idx");
}

TEST(Naming, PostgresCutsLongNamesTo63Bytes) {
    std::string table(60, 't');
    auto name = default_unique_name(NamingStyle::Postgres, table, {std::string(40, 'c')});
    EXPECT_EQ(name.size(), 63u);
    EXPECT_EQ(name.substr(name.size() - 4), "_key");
}

TEST(Naming, MySQLConventions) {
    EXPECT_EQ(default_primary_key_name(NamingStyle::MySQL, "orders"), "PRIMARY");
    EXPECT_EQ(default_foreign_key_name(NamingStyle::MySQL, "orders", {"customer_id"}, 2),
              "orders_ibfk_2");
    EXPECT_EQ(default_check_name(NamingStyle::MySQL, "orders", {}, 1), "orders_chk_1");
}

TEST(Types, DslSpelling) {
    Type numeric{TypeKind::Numeric, std::nullopt, 10, 2, ""};
    EXPECT_EQ(to_dsl(numeric), "numeric(10,2)");
    EXPECT_EQ(to_dsl(Type{TypeKind::Varchar, 320, {}, {}, ""}), "varchar(320)");
    EXPECT_EQ(to_dsl(Type{TypeKind::Sql, {}, {}, {}, "it's"}), "sql('it''s')");
    EXPECT_EQ(kind_from_keyword("BigInt"), TypeKind::BigInt);
    EXPECT_FALSE(kind_from_keyword("order_status").has_value());
}

TEST(Catalog, CanonicalOrderSortsTablesButKeepsColumns) {
    Catalog c;
    Table b;
    b.name = "b";
    b.columns = {Column{"z"}, Column{"a"}};
    Table a;
    a.name = "a";
    c.tables = {b, a};
    canonicalize(c);
    ASSERT_EQ(c.tables[0].name, "a");
    EXPECT_EQ(c.tables[1].columns[0].name, "z");
}

TEST(Catalog, SameSchemaIgnoresHintsAndLocations) {
    Catalog x, y;
    Table t;
    t.name = "t";
    Column col;
    col.name = "c";
    t.columns = {col};
    x.tables = {t};
    col.renamed_from = "old";
    col.loc = {"f.schema", 3, 4};
    t.columns = {col};
    y.tables = {t};
    EXPECT_TRUE(same_schema(x, y));
    y.tables[0].columns[0].nullable = false;
    EXPECT_FALSE(same_schema(x, y));
}
