#pragma once
// A recursive-descent parser for well-formed .schema files, building the AST straight from
// the text: the ANTLR parser's tokens, parse tree and transform were most of the time of
// loading a large schema. It takes the same decisions as grammar/Schema.g4 and gives up
// (nullopt) on any error and wherever the grammar would need more than a short look ahead
// to choose (a column named like a constraint keyword, `unique index (`); the caller then
// parses with ANTLR, the reference, which also reports the errors.
// tests/scale/direct_parser_test.cpp compares the two.

#include "compiler/frontend/ast.h"

#include <optional>
#include <string>

namespace stepwise::frontend {

// `text` must be valid UTF-8 without NUL bytes (check_source_text).
std::optional<ast::File> parse_direct(const std::string& path, const std::string& text);

} // namespace stepwise::frontend
