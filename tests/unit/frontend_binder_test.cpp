#include "compiler/frontend/loader.h"
#include "compiler/model/printer.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>

namespace fs = std::filesystem;
using namespace stepwise;
using model::Expr;
using model::NamingStyle;

namespace {

model::Catalog parse(const std::string& text, NamingStyle style = NamingStyle::Postgres) {
    return frontend::parse_sources({{"test.schema", text}}, style);
}

std::vector<std::string> messages(const std::string& text) {
    try {
        parse(text);
    } catch (const frontend::FrontendError& e) {
        std::vector<std::string> out;
        for (const auto& d : e.diagnostics())
            out.push_back(d.format());
        return out;
    }
    return {};
}

std::vector<std::string> names_of_checks(const model::Table& t) {
    std::vector<std::string> out;
    for (const auto& c : t.checks)
        out.push_back(c.name);
    return out;
}

struct TempDir {
    fs::path path;
    TempDir() {
        path = fs::temp_directory_path() / ("stepwise_frontend_" + std::to_string(::getpid()) +
                                            "_" + std::to_string(counter()++));
        fs::create_directories(path);
    }
    ~TempDir() { fs::remove_all(path); }
    static int& counter() {
        static int n = 0;
        return n;
    }
    void write(const std::string& name, const std::string& text) const {
        fs::create_directories((path / name).parent_path());
        std::ofstream(path / name, std::ios::binary) << text;
    }
};

} // namespace

TEST(Binder, ColumnConstraintsBecomeTableLevelWithPostgresNames) {
    auto c = parse(R"(
        table customers { id bigint primary key }
        table orders {
          id          bigint primary key
          email       text unique
          customer_id bigint references customers (id) on delete cascade
          qty         int check (qty > 0)
          price       int
          index orders_price_idx (price)
          check (0 < price)
          check (1 = 1)
        })");
    const auto* t = c.find_table("orders");
    ASSERT_NE(t, nullptr);
    ASSERT_TRUE(t->primary_key);
    EXPECT_EQ(t->primary_key->name, "orders_pkey");
    EXPECT_EQ(t->primary_key->columns, std::vector<std::string>{"id"});
    ASSERT_EQ(t->uniques.size(), 1u);
    EXPECT_EQ(t->uniques[0].name, "orders_email_key");
    ASSERT_EQ(t->foreign_keys.size(), 1u);
    const auto& fk = t->foreign_keys[0];
    EXPECT_EQ(fk.name, "orders_customer_id_fkey");
    EXPECT_EQ(fk.ref_table, "customers");
    EXPECT_EQ(fk.ref_columns, std::vector<std::string>{"id"});
    EXPECT_EQ(fk.on_delete, model::FkAction::Cascade);
    EXPECT_EQ(fk.on_update, model::FkAction::NoAction);
    // Column check: its column; table check: first column it mentions, else the table.
    EXPECT_EQ(names_of_checks(*t),
              (std::vector<std::string>{"orders_check", "orders_price_check", "orders_qty_check"}));
}

TEST(Binder, MySQLNamingNumbersUnnamedForeignKeysAndChecks) {
    auto c = parse(R"(
        table a { id int primary key }
        table b {
          id  int primary key
          a1  int references a (id) check (a1 > 0)
          a2  int references a
          check (a2 > 0)
        })",
                   NamingStyle::MySQL);
    const auto* t = c.find_table("b");
    ASSERT_NE(t, nullptr);
    EXPECT_EQ(t->primary_key->name, "PRIMARY");
    ASSERT_EQ(t->foreign_keys.size(), 2u);
    EXPECT_EQ(t->foreign_keys[0].name, "b_ibfk_1");
    EXPECT_EQ(t->foreign_keys[0].columns, std::vector<std::string>{"a1"});
    EXPECT_EQ(t->foreign_keys[1].name, "b_ibfk_2");
    EXPECT_EQ(t->foreign_keys[1].ref_columns, std::vector<std::string>{"id"}); // target's pk
    EXPECT_EQ(names_of_checks(*t), (std::vector<std::string>{"b_chk_1", "b_chk_2"}));
}

TEST(Binder, PrimaryKeyColumnsAreNotNull) {
    auto c = parse(R"(
        table t {
          a int primary key
        }
        table u {
          x int
          y int
          z int
          primary key (x, y)
        })");
    EXPECT_FALSE(c.find_table("t")->find_column("a")->nullable);
    const auto* u = c.find_table("u");
    EXPECT_FALSE(u->find_column("x")->nullable);
    EXPECT_FALSE(u->find_column("y")->nullable);
    EXPECT_TRUE(u->find_column("z")->nullable);
    EXPECT_EQ(u->primary_key->name, "u_pkey");
}

TEST(Binder, UnnamedIndexesGetDefaultNames) {
    auto c = parse(R"(
        table t {
          a int
          b text
          index (a, b desc)
          unique index ((lower(b)))
        })");
    const auto* t = c.find_table("t");
    ASSERT_EQ(t->indexes.size(), 2u);
    EXPECT_EQ(t->indexes[0].name, "t_a_b_idx");
    EXPECT_EQ(t->indexes[0].parts[1].order, model::SortOrder::Desc);
    EXPECT_EQ(t->indexes[1].name, "t_expr_idx");
    EXPECT_TRUE(t->indexes[1].unique);
    ASSERT_TRUE(t->indexes[1].parts[0].expr);
    EXPECT_EQ(t->indexes[1].parts[0].expr->text, "lower(b)");
}

TEST(Binder, ExpressionsKeepTextCollapseSpaceAndDropComments) {
    auto c = parse("table t {\n"
                   "  a text\n"
                   "  b text default coalesce( a ,'x' )\n"
                   "  check named ( a   <>  '  two  spaces ) ' -- a comment\n"
                   "    /* another */ AND a IS NOT NULL )\n"
                   "}\n");
    const auto* t = c.find_table("t");
    EXPECT_EQ(t->checks[0].expr,
              (Expr{Expr::Kind::Raw, "a <> '  two  spaces ) ' AND a IS NOT NULL"}));
    EXPECT_EQ(*t->find_column("b")->default_value, (Expr{Expr::Kind::Call, "coalesce(a, 'x')"}));
}

TEST(Binder, LiteralKinds) {
    auto c = parse(R"(
        table t {
          n numeric default -1.5
          s text    default 'it''s'
          b bool    default TRUE
          z text    default NULL
          f timestamptz default now()
          r int     default (1 + 2)
        })");
    const auto* t = c.find_table("t");
    EXPECT_EQ(*t->find_column("n")->default_value, (Expr{Expr::Kind::Number, "-1.5"}));
    EXPECT_EQ(*t->find_column("s")->default_value, (Expr{Expr::Kind::String, "it's"}));
    EXPECT_EQ(*t->find_column("b")->default_value, (Expr{Expr::Kind::Bool, "true"}));
    EXPECT_EQ(*t->find_column("z")->default_value, (Expr{Expr::Kind::Null, "null"}));
    EXPECT_EQ(*t->find_column("f")->default_value, (Expr{Expr::Kind::Call, "now()"}));
    EXPECT_EQ(*t->find_column("r")->default_value, (Expr{Expr::Kind::Raw, "1 + 2"}));
}

TEST(Binder, KeywordsAreCaseInsensitiveAndUsableAsNames) {
    auto c = parse(R"(
        TABLE Things {
          Comment TEXT NOT NULL Comment 'the comment column'
          key     INT  Primary Key
          "Odd ""Name""" Varchar(10)
          COMMENT 'table comment after a named member is the table''s'
        })");
    const auto* t = c.find_table("Things");
    ASSERT_NE(t, nullptr);
    ASSERT_EQ(t->columns.size(), 3u);
    EXPECT_EQ(t->columns[0].name, "Comment");
    EXPECT_EQ(t->columns[0].comment, std::optional<std::string>("the comment column"));
    EXPECT_FALSE(t->columns[0].nullable);
    EXPECT_EQ(t->columns[1].name, "key");
    EXPECT_EQ(t->columns[2].name, "Odd \"Name\"");
    EXPECT_EQ(t->columns[2].type.kind, model::TypeKind::Varchar);
    EXPECT_EQ(t->columns[2].type.length, 10);
    // Greedy: a comment right after a column belongs to that column.
    EXPECT_FALSE(t->comment);
    EXPECT_EQ(t->columns[2].comment,
              std::optional<std::string>("table comment after a named member is the table's"));
}

TEST(Binder, EnumsTypesAndHints) {
    auto c = parse(R"(
        enum "int" { 'x' }
        enum status { 'a', 'b' }
        table t renamed from old_t {
          s status default 'b'
          q "int"
          n int renamed from m backfill (0) using (m::int) down using (n::text)
          x sql('inet')
        })");
    const auto* t = c.find_table("t");
    EXPECT_EQ(t->renamed_from, std::optional<std::string>("old_t"));
    EXPECT_EQ(t->renamed_from_loc.line, 4);
    EXPECT_EQ(t->find_column("s")->type.kind, model::TypeKind::Enum);
    EXPECT_EQ(t->find_column("q")->type.kind, model::TypeKind::Enum);
    EXPECT_EQ(t->find_column("q")->type.name, "int");
    const auto* n = t->find_column("n");
    EXPECT_EQ(n->type.kind, model::TypeKind::Int);
    EXPECT_EQ(n->renamed_from, std::optional<std::string>("m"));
    EXPECT_EQ(n->backfill, (Expr{Expr::Kind::Raw, "0"}));
    EXPECT_EQ(n->using_expr, (Expr{Expr::Kind::Raw, "m::int"}));
    EXPECT_EQ(n->down_using, (Expr{Expr::Kind::Raw, "n::text"}));
    EXPECT_EQ(t->find_column("x")->type.kind, model::TypeKind::Sql);
    EXPECT_EQ(t->find_column("x")->type.name, "inet");
    EXPECT_EQ(n->loc.file, "test.schema");
    EXPECT_EQ(n->loc.line, 7);
}

TEST(Binder, ErrorsAcrossFilesAreAllReportedSorted) {
    try {
        frontend::parse_sources(
            {{"b.schema", "table t { a nosuch }"}, {"a.schema", "table u { x int y int x int }"}},
            NamingStyle::Postgres);
        FAIL() << "expected a FrontendError";
    } catch (const frontend::FrontendError& e) {
        ASSERT_EQ(e.diagnostics().size(), 2u);
        EXPECT_EQ(
            e.diagnostics()[0].format(),
            "a.schema:1:23: error: duplicate column 'x' in table u (first declared at line 1)");
        EXPECT_EQ(e.diagnostics()[1].format(), "b.schema:1:13: error: unknown type 'nosuch'");
    }
}

TEST(Binder, SyntaxErrorInOneFileStillReportsOthers) {
    try {
        frontend::parse_sources({{"a.schema", "table {"}, {"b.schema", "table t { a int } }"}},
                                NamingStyle::Postgres);
        FAIL() << "expected a FrontendError";
    } catch (const frontend::FrontendError& e) {
        ASSERT_EQ(e.diagnostics().size(), 2u);
        EXPECT_EQ(e.diagnostics()[0].file, "a.schema");
        EXPECT_EQ(e.diagnostics()[1].file, "b.schema");
        EXPECT_NE(e.diagnostics()[1].message.find("syntax error"), std::string::npos);
    }
}

TEST(Binder, EmptySourcesGiveAnEmptyCatalog) {
    auto c = frontend::parse_sources({{"a.schema", ""}, {"b.schema", "  // only a comment\n"}},
                                     NamingStyle::Postgres);
    EXPECT_TRUE(c.tables.empty());
    EXPECT_TRUE(c.enums.empty());
    EXPECT_TRUE(c.ns.empty());
}

TEST(Binder, FileOrderDoesNotMatter) {
    std::vector<frontend::Source> one = {{"x.schema", "table a { id int primary key }"},
                                         {"y.schema", "table b { a_id int references a }"}};
    std::vector<frontend::Source> two = {one[1], one[0]};
    auto c1 = frontend::parse_sources(one, NamingStyle::Postgres);
    auto c2 = frontend::parse_sources(two, NamingStyle::Postgres);
    EXPECT_EQ(model::print_catalog(c1), model::print_catalog(c2));
}

TEST(Loader, MissingPathAndEmptyDirectoryAreErrors) {
    TempDir dir;
    dir.write("notes.txt", "not a schema");
    EXPECT_THROW(frontend::load_catalog({(dir.path / "nope").string()}, NamingStyle::Postgres),
                 frontend::FrontendError);
    try {
        frontend::load_catalog({dir.path.string()}, NamingStyle::Postgres);
        FAIL() << "expected a FrontendError";
    } catch (const frontend::FrontendError& e) {
        ASSERT_EQ(e.diagnostics().size(), 1u);
        EXPECT_EQ(e.diagnostics()[0].message, "directory contains no .schema files");
    }
}

TEST(Loader, ReadsDirectoriesRecursively) {
    TempDir dir;
    dir.write("a.schema", "table a { id int primary key }");
    dir.write("sub/deeper/b.schema", "table b { a_id int references a (id) }");
    dir.write("sub/readme.md", "table ignored {");
    auto c = frontend::load_catalog({dir.path.string()}, NamingStyle::Postgres);
    ASSERT_EQ(c.tables.size(), 2u);
    EXPECT_EQ(c.tables[1].loc.file, (dir.path / "sub/deeper/b.schema").generic_string());
}

TEST(Loader, ExampleSchemasEachBindAndPrintToAFixedPoint) {
    fs::path root = STEPWISE_SOURCE_DIR;
    int seen = 0;
    for (const char* name : {"shop.schema", "saas.schema", "blog.schema"}) {
        SCOPED_TRACE(name);
        auto path = (root / "schemas" / name).string();
        model::Catalog c;
        ASSERT_NO_THROW(c = frontend::load_catalog({path}, NamingStyle::Postgres));
        EXPECT_FALSE(c.tables.empty());
        std::string printed = model::print_catalog(c);
        auto again = frontend::parse_sources({{"printed.schema", printed}}, NamingStyle::Postgres);
        EXPECT_TRUE(model::same_schema(c, again));
        EXPECT_EQ(model::print_catalog(again), printed);
        ++seen;
    }
    EXPECT_EQ(seen, 3);
}

TEST(Loader, ShopSchemaMatchesTheDesign) {
    auto c = frontend::load_catalog({std::string(STEPWISE_SOURCE_DIR) + "/schemas/shop.schema"},
                                    NamingStyle::Postgres);
    EXPECT_EQ(c.ns, "shop");
    ASSERT_EQ(c.enums.size(), 1u);
    EXPECT_EQ(c.enums[0].labels, (std::vector<std::string>{"pending", "paid", "shipped"}));
    const auto* customers = c.find_table("customers");
    ASSERT_NE(customers, nullptr);
    EXPECT_EQ(customers->comment, std::optional<std::string>("people who buy things"));
    EXPECT_EQ(customers->find_column("full_name")->backfill,
              (Expr{Expr::Kind::Raw, "coalesce(first_name, '') || ' ' || last_name"}));
    const auto* orders = c.find_table("orders");
    EXPECT_EQ(orders->foreign_keys.at(0).name, "orders_customer_id_fkey");
    EXPECT_EQ(orders->find_column("total_cents")->down_using,
              (Expr{Expr::Kind::Raw, "total_cents / 100.0"}));
}

// A 5 MB file must parse, in reasonable time and without exhausting the stack.
TEST(Loader, FiveMegabyteSchema) {
    std::string text;
    int tables = 0;
    while (text.size() < 5 * 1024 * 1024) {
        std::string n = std::to_string(tables++);
        text += "table t" + n +
                " {\n  id bigint primary key identity\n  name text not null "
                "default '' comment 'row name'\n  parent_id bigint references t" +
                n +
                " (id) on delete cascade\n  amount numeric(12, 2) check (amount >= 0)\n"
                "  created_at timestamptz not null default now()\n"
                "  index t" +
                n + "_created_idx (created_at desc) where (amount > 0)\n}\n";
    }
    auto c = frontend::parse_sources({{"big.schema", text}}, NamingStyle::Postgres);
    EXPECT_EQ(static_cast<int>(c.tables.size()), tables);
}

TEST(CheckHints, RenameWhereNeitherNameExistsIsAnError) {
    auto desired = parse(R"(
        table accounts renamed from clients {
          id    int
          email text renamed from mail
          nick  text renamed from handle
        }
        table fresh renamed from nothing_here {
          id int
        })");
    auto current = parse(R"(
        table clients {
          id   int
          mail text
        })");
    auto diags = frontend::check_hints(desired, current);
    ASSERT_EQ(diags.size(), 2u);
    EXPECT_EQ(diags[0].format(), "test.schema:5:22: error: column accounts.nick is renamed from "
                                 "'handle', but neither exists in table clients");
    EXPECT_EQ(diags[1].format(), "test.schema:7:21: error: table fresh is renamed from "
                                 "'nothing_here', but neither exists in the database");
}

TEST(CheckHints, NothingToRenameOnAFreshDatabaseOrInANewTable) {
    auto desired = parse(R"(
        table accounts renamed from clients {
          id    int
          email text renamed from mail
        })");
    EXPECT_TRUE(frontend::check_hints(desired, model::Catalog{}).empty());
    auto current = parse(R"(
        table other {
          id int
        })");
    auto diags = frontend::check_hints(desired, current);
    ASSERT_EQ(diags.size(), 1u) << "the table hint still guards a database that has tables";
    EXPECT_NE(diags[0].message.find("table accounts is renamed from 'clients'"),
              std::string::npos);
}

TEST(CheckHints, HintsAlreadyAppliedAreFine) {
    auto desired = parse(R"(
        table accounts renamed from clients {
          email text renamed from mail
        })");
    auto current = parse(R"(
        table accounts {
          email text
        })");
    EXPECT_TRUE(frontend::check_hints(desired, current).empty());
}

TEST(Binder, UniqueIndexAfterAColumnIsAUniqueIndex) {
    auto c = parse(R"(
        table t {
          a text
          unique index t_a_idx (a)
        })");
    const auto* t = c.find_table("t");
    EXPECT_TRUE(t->uniques.empty());
    ASSERT_EQ(t->indexes.size(), 1u);
    EXPECT_TRUE(t->indexes[0].unique);
}
