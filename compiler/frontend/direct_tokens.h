#pragma once
// The tokens of a .schema file for the direct parser (direct_parser.h): the same types and
// positions as DslLexer's (the generated SchemaLexer's), without the ANTLR token objects,
// which cost an allocation and a string each. Comments and whitespace are dropped; a gap
// between two tokens' bytes is where either was. Internal to the frontend.

#include <cstdint>
#include <optional>
#include <string>

namespace stepwise::frontend {

struct DirectToken {
    uint32_t type;  // a SchemaLexer token type; EOF (-1 as size_t) is stored as kDirectEof
    uint32_t begin; // byte offsets in the text: [begin, end)
    uint32_t end;
    int line; // 1-based
    int col;  // 1-based, in code points
};

constexpr uint32_t kDirectEof = 0;

// Deeper nesting than this is no schema anyone writes, and would exhaust the parser's stack.
constexpr int kMaxNesting = 200;

// Scans `text` (valid UTF-8, see check_source_text) one token at a time; after the last,
// every call gives a kDirectEof token. nullopt at an error the lexer reports (an
// unterminated string, quoted name or comment, nesting deeper than the parser allows) or a
// form this scanner leaves to DslLexer (an unterminated backquoted name): the caller then
// takes the ANTLR path.
class DirectScanner {
public:
    explicit DirectScanner(const std::string& text) : text_(text) {}
    std::optional<DirectToken> next();

private:
    char at(size_t i) const { return i < text_.size() ? text_[i] : '\0'; }
    void advance(size_t to);
    size_t number_end(size_t i) const;
    size_t quoted_end(size_t start, char quote) const;
    uint32_t token_at(size_t* end) const;

    const std::string& text_;
    size_t pos_ = 0;
    int line_ = 1;
    int col_ = 0; // 0-based while scanning
    int depth_ = 0;
};

} // namespace stepwise::frontend
