#pragma once
// SQLite quoting: every identifier and literal that reaches SQL goes through these.

#include <string>

namespace stepwise::sqlite {

std::string quote_ident(const std::string& name);    // "a""b"
std::string quote_literal(const std::string& value); // 'it''s'

} // namespace stepwise::sqlite
