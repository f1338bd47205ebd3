#pragma once
// Rejects input that is not text before it reaches the lexer.

#include "compiler/frontend/diagnostics.h"

#include <string>

namespace stepwise::frontend {

// Reports a NUL byte or invalid UTF-8 (with its line and column); true when the text is fine.
bool check_source_text(const std::string& file, const std::string& text, Diagnostics& diags);

} // namespace stepwise::frontend
