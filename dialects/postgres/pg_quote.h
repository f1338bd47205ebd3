#pragma once
// PostgreSQL quoting. Every identifier is double-quoted (names from a catalog are untrusted,
// and quoting keeps case); literals use the standard form, or E'' when a backslash appears.

#include <string>

namespace stepwise::postgres {

std::string quote_ident(const std::string& name);
std::string quote_literal(const std::string& value);
// "schema"."name"
std::string qualified(const std::string& schema, const std::string& name);

} // namespace stepwise::postgres
