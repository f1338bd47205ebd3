#include "SchemaLexer.h"
#include "compiler/frontend/loader.h"
#include "compiler/model/printer.h"

#include <cctype>
#include <gtest/gtest.h>

using namespace stepwise;
using namespace stepwise::model;

TEST(Printer, IdentifiersAreQuotedOnlyWhenNeeded) {
    EXPECT_EQ(dsl_identifier("email"), "email");
    EXPECT_EQ(dsl_identifier("_x9"), "_x9");
    EXPECT_EQ(dsl_identifier("Order Items"), "\"Order Items\"");
    EXPECT_EQ(dsl_identifier("a\"b"), "\"a\"\"b\"");
    EXPECT_EQ(dsl_identifier("9lives"), "\"9lives\"");
    EXPECT_EQ(dsl_identifier(""), "\"\"");
    EXPECT_EQ(dsl_identifier("caf\xc3\xa9"), "\"caf\xc3\xa9\"");
    EXPECT_EQ(dsl_identifier("comment"), "\"comment\"");
    EXPECT_EQ(dsl_identifier("Key"), "\"Key\"");
    EXPECT_EQ(dsl_identifier("status"), "status");
}

// The printer's keyword list must cover every keyword token of the grammar.
TEST(Printer, EveryGrammarKeywordIsQuoted) {
    using Lexer = stepwise_schema_grammar::SchemaLexer;
    antlr4::ANTLRInputStream input("");
    Lexer lexer(&input);
    const auto& vocabulary = lexer.getVocabulary();
    int keywords = 0;
    for (size_t t = Lexer::NAMESPACE; t <= Lexer::SQL; ++t) {
        std::string word = vocabulary.getSymbolicName(t);
        if (!word.empty() && word.back() == '_')
            word.pop_back();
        std::string lower;
        for (char c : word)
            lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        EXPECT_EQ(dsl_identifier(lower), "\"" + lower + "\"") << lower;
        ++keywords;
    }
    EXPECT_EQ(keywords, 35);
}

TEST(Printer, StringsAndExpressions) {
    EXPECT_EQ(dsl_string("it's"), "'it''s'");
    EXPECT_EQ(dsl_expr({Expr::Kind::String, "a'b"}), "'a''b'");
    EXPECT_EQ(dsl_expr({Expr::Kind::Number, "-1.5"}), "-1.5");
    EXPECT_EQ(dsl_expr({Expr::Kind::Bool, "false"}), "false");
    EXPECT_EQ(dsl_expr({Expr::Kind::Null, "null"}), "null");
    EXPECT_EQ(dsl_expr({Expr::Kind::Call, "now()"}), "now()");
    EXPECT_EQ(dsl_expr({Expr::Kind::Raw, "a + 1"}), "(a + 1)");
}

TEST(Printer, CanonicalLayout) {
    const char* source = R"(
        table orders {
          customer_id bigint not null references customers (id) on delete cascade
          id bigint primary key identity
          note text comment 'it''s' renamed from remark
          check orders_note_len (length(note) < 100)
          index orders_customer_idx (customer_id)
          unique orders_note_customer_key (note, customer_id)
          comment 'orders'
        }
        enum b_enum { 'x' }
        namespace shop
        enum a_enum { 'y', 'z' }
        table customers { id bigint primary key
          code int unique
        })";
    auto c = frontend::parse_sources({{"t.schema", source}}, NamingStyle::Postgres);
    const std::string expected =
        "namespace shop\n"
        "\n"
        "enum a_enum { 'y', 'z' }\n"
        "\n"
        "enum b_enum { 'x' }\n"
        "\n"
        "table customers {\n"
        "  id   bigint primary key\n"
        "  code int    unique\n"
        "}\n"
        "\n"
        "table orders {\n"
        "  comment 'orders'\n"
        "\n"
        "  customer_id bigint not null references customers (id) on delete cascade\n"
        "  id          bigint primary key identity\n"
        "  note        text   comment 'it''s' renamed from remark\n"
        "\n"
        "  unique orders_note_customer_key (note, customer_id)\n"
        "  index orders_customer_idx (customer_id)\n"
        "  check orders_note_len (length(note) < 100)\n"
        "}\n";
    EXPECT_EQ(print_catalog(c), expected);
    PrintOptions no_hints;
    no_hints.hints = false;
    EXPECT_EQ(print_catalog(c, no_hints).find("renamed"), std::string::npos);
}

TEST(Printer, CompositeAndRenamedKeysPrintAsMembers) {
    auto c = frontend::parse_sources({{"t.schema", R"(
        table t {
          a int
          b int
          primary key t_custom_pk (a)
          unique (b, a)
          foreign key t_b_fkey (b) references u (id)
        }
        table u { id int primary key })"}},
                                     NamingStyle::Postgres);
    std::string printed = print_catalog(c);
    EXPECT_NE(printed.find("  primary key t_custom_pk (a)\n"), std::string::npos) << printed;
    EXPECT_NE(printed.find("  unique t_b_a_key (b, a)\n"), std::string::npos) << printed;
    // Default-named single-column foreign key goes back on its column.
    EXPECT_NE(printed.find("  b int references u (id)\n"), std::string::npos) << printed;
}

TEST(Fingerprint, IsSha256OfTheCanonicalTextWithoutHints) {
    // SHA-256 of the empty string: an empty catalog prints as nothing.
    EXPECT_EQ(fingerprint(Catalog{}),
              "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    auto a =
        frontend::parse_sources({{"a", "table t { a int renamed from b }"}}, NamingStyle::Postgres);
    auto b = frontend::parse_sources({{"b", "table t { a int }"}}, NamingStyle::Postgres);
    auto c = frontend::parse_sources({{"c", "table t { a bigint }"}}, NamingStyle::Postgres);
    EXPECT_EQ(fingerprint(a), fingerprint(b));
    EXPECT_NE(fingerprint(b), fingerprint(c));
    EXPECT_EQ(fingerprint(a).size(), 64u);
}

// `b int unique` followed by `index ...` would read back as a unique index.
TEST(Printer, TrailingUniqueBeforeAnIndexPrintsAsAMember) {
    auto c = frontend::parse_sources({{"t.schema", R"(
        table t {
          index t_a_idx (a)
          a int
          b int unique
        })"}},
                                     NamingStyle::Postgres);
    std::string printed = print_catalog(c);
    EXPECT_EQ(printed, "table t {\n"
                       "  a int\n"
                       "  b int\n"
                       "\n"
                       "  unique t_b_key (b)\n"
                       "  index t_a_idx (a)\n"
                       "}\n");
    auto again = frontend::parse_sources({{"p.schema", printed}}, NamingStyle::Postgres);
    EXPECT_TRUE(same_schema(c, again));
}

// `inspect` on MySQL prints with MySQL's default names: the text must bind back to the same
// names under MySQL naming, whatever names the catalog holds.
TEST(Printer, MySqlNamingRoundTrips) {
    auto c = frontend::parse_sources({{"m.schema", R"(
        table users {
          id    int  primary key
          email text not null
          nick  text
          unique email (email)
          unique users_nick_key (nick)
        }
        table posts {
          id      int primary key
          user_id int not null
          foreign key posts_ibfk_1 (user_id) references users (id)
        })"}},
                                     NamingStyle::MySQL);
    PrintOptions options;
    options.naming = NamingStyle::MySQL;
    std::string printed = print_catalog(c, options);
    auto again = frontend::parse_sources({{"again.schema", printed}}, NamingStyle::MySQL);
    EXPECT_TRUE(same_schema(c, again)) << printed;
    EXPECT_EQ(print_catalog(again, options), printed);
    EXPECT_NE(printed.find("unique users_nick_key (nick)"), std::string::npos) << printed;
}
