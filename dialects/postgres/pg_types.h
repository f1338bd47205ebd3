#pragma once
// DSL types to PostgreSQL types and back (from format_type()).

#include "compiler/model/types.h"

#include <string>

namespace stepwise::postgres {

// "integer", "character varying(320)", "\"order_status\"", raw text for sql('...').
std::string render_type(const model::Type& type);

// A type as format_type() prints it; `is_enum` says the type is one of the schema's enums
// (then `text` is its bare name).
model::Type type_from_catalog(const std::string& text, bool is_enum);

// Whether changing `from` to `to` needs no rewrite and no scan (binary-coercible).
bool binary_coercible(const model::Type& from, const model::Type& to);

} // namespace stepwise::postgres
