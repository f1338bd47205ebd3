#pragma once
// Quoting for MySQL / MariaDB. Literals are written so that they mean the same with and
// without NO_BACKSLASH_ESCAPES: backslashes are never produced except when the session is
// known to treat them as escapes (the default sql_mode, which stepwise's sessions keep).

#include <string>

namespace stepwise::mysql {

std::string quote_ident(const std::string& name);    // `a``b`
std::string quote_literal(const std::string& value); // 'it''s', backslash doubled

} // namespace stepwise::mysql
