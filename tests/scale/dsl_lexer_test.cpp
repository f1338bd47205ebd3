// The hand-written DslLexer against the lexer ANTLR generates from grammar/Schema.g4, the
// reference: the same tokens (type, channel, text, start and stop index, line, column) for
// every schema file in the repository and for random text built from the DSL's tricky pieces.

#include "SchemaLexer.h"
#include "compiler/frontend/dsl_lexer.h"
#include "compiler/frontend/source_check.h"
#include "compiler/frontend/utf8_input.h"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>
#include <sstream>

using namespace stepwise;

namespace {

std::string describe(antlr4::Token& t) {
    std::ostringstream out;
    out << t.getType() << "/" << t.getChannel() << " " << t.getLine() << ":"
        << t.getCharPositionInLine() << " [" << t.getStartIndex() << ","
        << static_cast<long long>(t.getStopIndex()) << "] '" << t.getText() << "'";
    return out.str();
}

std::vector<std::string> tokens(antlr4::TokenSource& source) {
    std::vector<std::string> out;
    for (;;) {
        auto t = source.nextToken();
        out.push_back(describe(*t));
        if (t->getType() == antlr4::Token::EOF)
            return out;
    }
}

std::vector<std::string> generated_tokens(const std::string& text) {
    antlr4::ANTLRInputStream input(text);
    stepwise_schema_grammar::SchemaLexer lexer(&input);
    lexer.removeErrorListeners();
    return tokens(lexer);
}

std::vector<std::string> hand_tokens(const std::string& text) {
    frontend::Utf8Input input(text);
    frontend::DslLexer lexer(input);
    return tokens(lexer);
}

std::string read(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

} // namespace

TEST(DslLexer, SameTokensAsTheGeneratedLexerForEverySchemaFile) {
    size_t files = 0;
    for (const char* dir : {"tests/cases", "schemas", "fuzz/seeds", "bench"}) {
        if (!std::filesystem::exists(dir))
            continue;
        for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
            if (!e.is_regular_file() || e.path().extension() != ".schema")
                continue;
            std::string text = read(e.path());
            frontend::Diagnostics diags;
            if (!frontend::check_source_text(e.path().string(), text, diags))
                continue; // a NUL byte or invalid UTF-8: rejected before lexing
            ++files;
            EXPECT_EQ(hand_tokens(text), generated_tokens(text)) << e.path();
        }
    }
    EXPECT_GT(files, 100u); // run from the source directory
}

TEST(DslLexer, EdgeCases) {
    for (std::string text :
         {"",
          " ",
          "\n\n  x",
          "1e",
          "1e+",
          "1e+5x",
          "1.e5",
          ".5e-2",
          ".",
          "1..2",
          "--",
          "-1",
          "- -",
          "/",
          "//x\r\ny",
          "/*",
          "/*/",
          "/* * / **/x",
          "/***/",
          "'",
          "''",
          "'''",
          "'a''b'",
          "'a''",
          "\"\"",
          "\"\"\"",
          "\"a\"\"b\"c",
          "`",
          "``",
          "`it's`x",
          "`a``b`",
          "`a``",
          "tablex TABLE Table _1 x1",
          "nullx null NULL_",
          "références",
          "a\tb\fc\rd",
          "é'x'\"ü\" /* ß */ -- ∑\n(1)",
          "namespace enum renamed from not primary key unique identity default check "
          "references on delete update collate comment backfill using down index asc desc "
          "where foreign cascade restrict set no action true false sql"})
        EXPECT_EQ(hand_tokens(text), generated_tokens(text)) << "'" << text << "'";
}

RC_GTEST_PROP(DslLexer, SameTokensOnRandomText, ()) {
    static const std::vector<std::string> pieces{
        " ",   "\n",     "\r\n",  "\t",     "(",
        ")",   "{",      "}",     ",",      "-",
        "--",  "/",      "/*",    "*/",     "*",
        "//",  "'",      "''",    "\"",     "\"\"",
        ".",   "e",      "E",     "+",      "0",
        "12",  "3.",     ".4",    "1e5",    "x",
        "_",   "id9",    "table", "TaBlE",  "null",
        "key", "keys",   "index", "unique", "sql",
        "é",   "\u2211", "€",     "\f",     "=",
        ";",   "#",      "`",     "\\",     "\xf0\x9f\x98\x80"};
    auto indexes =
        *rc::gen::container<std::vector<size_t>>(rc::gen::inRange<size_t>(0, pieces.size()));
    std::string text;
    for (size_t i : indexes)
        text += pieces[i];
    RC_ASSERT(hand_tokens(text) == generated_tokens(text));
}
