#pragma once
// A hand-written lexer for the schema DSL, producing exactly the tokens of the generated
// SchemaLexer (grammar/Schema.g4: same types, channels, positions) for the generated parser.
// The generated lexer simulates its ATN per character and was a third of the time parsing a
// 10,000-table schema; this one is a switch per token. The generated lexer stays the
// reference: tests/scale/dsl_lexer_test.cpp compares the two token for token.
// Internal to the frontend (includes the ANTLR runtime).

#include "antlr4-runtime.h"
#include "compiler/frontend/utf8_input.h"

#include <memory>
#include <string>
#include <string_view>

namespace stepwise::frontend {

class DslLexer : public antlr4::TokenSource {
public:
    explicit DslLexer(Utf8Input& input);

    std::unique_ptr<antlr4::Token> nextToken() override;
    size_t getLine() const override { return line_; }
    size_t getCharPositionInLine() override { return column_; }
    antlr4::CharStream* getInputStream() override { return &input_; }
    std::string getSourceName() override { return input_.getSourceName(); }
    antlr4::TokenFactory<antlr4::CommonToken>* getTokenFactory() override;

private:
    char32_t at(size_t i) const { return i < data_.size() ? data_[i] : 0; }
    bool more(size_t i) const { return i < data_.size(); }
    // Moves to `to`, counting lines and columns as the generated lexer does ('\n' only).
    void advance(size_t to);
    size_t keyword_or_id(size_t start, size_t end) const;
    size_t number_end(size_t i) const; // 0 when no NUMBER starts at i

    Utf8Input& input_;
    const std::u32string& data_;
    size_t pos_ = 0;
    size_t line_ = 1;
    size_t column_ = 0;
};

// The token type of a word of [A-Za-z0-9_]: its keyword (in any case), else ID.
size_t keyword_token_type(std::string_view word);

} // namespace stepwise::frontend
