// Names over a dialect's limit are errors at their declaration, never cut short; the limit
// counts bytes (PostgreSQL) or characters (MySQL); a limit of 0 means none.

#include "compiler/frontend/loader.h"

#include <gtest/gtest.h>

using namespace stepwise;

namespace {

model::Catalog bind_schema(const std::string& text) {
    return frontend::parse_sources({{"t.schema", text}}, model::NamingStyle::Postgres);
}

std::string messages(const std::vector<frontend::Diagnostic>& diags) {
    std::string out;
    for (const auto& d : diags)
        out += d.format() + "\n";
    return out;
}

TEST(IdentifierLength, NamesAtTheLimitPassAndOneByteMoreFails) {
    std::string at(63, 'a');
    std::string over(64, 'b');
    auto ok = bind_schema("table " + at + " {\n  " + at + " int primary key\n}\n");
    EXPECT_TRUE(frontend::check_identifier_lengths(ok, 63).empty());

    auto bad = bind_schema("table t {\n  id int primary key\n  " + over + " text\n}\n");
    auto diags = frontend::check_identifier_lengths(bad, 63);
    ASSERT_EQ(diags.size(), 1u) << messages(diags);
    EXPECT_EQ(diags[0].file, "t.schema");
    EXPECT_EQ(diags[0].line, 3);
    EXPECT_EQ(diags[0].col, 3);
    EXPECT_NE(diags[0].message.find("64 bytes"), std::string::npos) << diags[0].message;
    EXPECT_NE(diags[0].message.find("at most 63 bytes"), std::string::npos) << diags[0].message;
}

TEST(IdentifierLength, ZeroMeansNoLimit) {
    std::string huge(5000, 'x');
    auto c = bind_schema("table " + huge + " {\n  " + huge + " int primary key\n}\n");
    EXPECT_TRUE(frontend::check_identifier_lengths(c, 0).empty());
}

TEST(IdentifierLength, BytesNotCharacters) {
    // 32 two-byte characters: 32 characters, 64 bytes.
    std::string name;
    for (int i = 0; i < 32; ++i)
        name += "\xc3\xa9";
    auto c = bind_schema("table \"" + name + "\" {\n  id int primary key\n}\n");
    auto diags = frontend::check_identifier_lengths(c, 63);
    ASSERT_EQ(diags.size(), 1u) << messages(diags);
    EXPECT_EQ(diags[0].line, 1);
}

// MySQL counts characters: 64 of them pass however many bytes they take, 65 do not.
TEST(IdentifierLength, CharactersWhereTheDialectCountsCharacters) {
    std::string at;
    for (int i = 0; i < 32; ++i)
        at += "\xc3\xa9\xe5\x90\x8d"; // é名: 2 characters, 5 bytes
    ASSERT_EQ(at.size(), 160u);
    auto ok = frontend::parse_sources(
        {{"t.schema", "table \"" + at + "\" {\n  \"" + at + "\" int primary key\n}\n"}},
        model::NamingStyle::MySQL);
    auto none = frontend::check_identifier_lengths(ok, 64, frontend::LengthUnit::Characters);
    EXPECT_TRUE(none.empty()) << messages(none);
    EXPECT_EQ(frontend::check_identifier_lengths(ok, 64, frontend::LengthUnit::Bytes).size(), 2u);

    auto bad = frontend::parse_sources(
        {{"t.schema", "table t {\n  id int primary key\n  \"" + at + "x\" text\n}\n"}},
        model::NamingStyle::MySQL);
    auto diags = frontend::check_identifier_lengths(bad, 64, frontend::LengthUnit::Characters);
    ASSERT_EQ(diags.size(), 1u) << messages(diags);
    EXPECT_EQ(diags[0].line, 3);
    EXPECT_EQ(diags[0].col, 3);
    EXPECT_NE(diags[0].message.find("65 characters long"), std::string::npos) << diags[0].message;
    EXPECT_NE(diags[0].message.find("at most 64 characters"), std::string::npos)
        << diags[0].message;
}

TEST(IdentifierLength, EveryKindOfNameIsChecked) {
    std::string l(70, 'l');
    std::string text = "enum " + l + "_e { 'ok', '" + l + "' }\n" +
                       "table t {\n"
                       "  id int primary key\n"
                       "  a int\n"
                       "  unique " +
                       l +
                       "_u (a)\n"
                       "  index " +
                       l +
                       "_i (a)\n"
                       "  check " +
                       l +
                       "_c ((a > 0))\n"
                       "  foreign key " +
                       l +
                       "_f (a) references t (id)\n"
                       "}\n";
    auto diags = frontend::check_identifier_lengths(bind_schema(text), 63);
    std::string all = messages(diags);
    for (const char* kind : {"enum name", "label name", "unique constraint name", "index name",
                             "check constraint name", "foreign key name"})
        EXPECT_NE(all.find(kind), std::string::npos) << kind << " not reported in\n" << all;
}

TEST(IdentifierLength, LongNamesMadeFromShortOnesAreReported) {
    // A default name is made from others; with the MySQL style it is not cut to fit.
    std::string t(40, 't');
    auto cat = frontend::parse_sources(
        {{"t.schema", "table " + t + " {\n  id int primary key\n  a int\n  b int\n" +
                          "  check ((a > b))\n}\n"}},
        model::NamingStyle::MySQL);
    auto diags = frontend::check_identifier_lengths(cat, 40);
    ASSERT_EQ(diags.size(), 1u) << messages(diags);
    EXPECT_NE(diags[0].message.find("check constraint name '" + t + "_chk_1'"), std::string::npos)
        << diags[0].message;
    EXPECT_EQ(diags[0].line, 5) << "reported where the check is declared";
}

} // namespace
