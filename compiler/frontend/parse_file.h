#pragma once
// Lexes and parses one .schema file into its AST, recording syntax errors.

#include "compiler/frontend/ast.h"
#include "compiler/frontend/diagnostics.h"

#include <optional>
#include <string>

namespace stepwise::frontend {

// nullopt when the file has errors (they are added to `diags`).
std::optional<ast::File> parse_file(const std::string& path, const std::string& text,
                                    Diagnostics& diags);

// The same through the ANTLR parser alone, the reference parse_file's fast path is tested
// against (tests/scale/direct_parser_test.cpp).
std::optional<ast::File> parse_file_antlr(const std::string& path, const std::string& text,
                                          Diagnostics& diags);

} // namespace stepwise::frontend
