#pragma once
// The tokens of a .schema file for the direct parser (direct_parser.h): the same types and
// positions as DslLexer's (the generated SchemaLexer's), without the ANTLR token objects,
// which cost an allocation and a string each. Comments and whitespace are dropped; a gap
// between two tokens' bytes is where either was. Internal to the frontend.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

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

// The tokens of `text` (valid UTF-8, see check_source_text), ending with one kDirectEof.
// nullopt when the text has an error the lexer reports (an unterminated string, quoted name
// or comment, nesting deeper than the parser allows) or a form this scanner leaves to
// DslLexer (an unterminated backquoted name): the caller then takes the ANTLR path.
std::optional<std::vector<DirectToken>> scan_direct_tokens(const std::string& text);

} // namespace stepwise::frontend
