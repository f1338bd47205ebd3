#pragma once
// Expressions between the model and SQLite text.
//
// Defaults: numbers bare, strings quoted, booleans as TRUE/FALSE, null as NULL, calls and raw
// SQL in parentheses. SQLite has no now(): the DSL call now() is written CURRENT_TIMESTAMP
// and CURRENT_TIMESTAMP reads back as now(), so `default now()` round-trips.

#include "compiler/model/catalog.h"

#include <string>

namespace stepwise::sqlite {

// The DEFAULT clause operand: `'x'`, `-1.5`, `TRUE`, `CURRENT_TIMESTAMP`, `(lower('A'))`.
std::string render_default(const model::Expr& expr);

// Any expression as an SQL operand (used in copies and backfills): always self-delimiting.
std::string render_operand(const model::Expr& expr);

// True when ALTER TABLE ADD COLUMN accepts the value as a default for existing rows.
bool is_constant(const model::Expr& expr);

// Whitespace runs outside quotes become one space; leading and trailing space goes.
std::string collapse_whitespace(const std::string& sql);

// The text of a parenthesised expression as read back: a call `f()` alone is a Call,
// everything else Raw, whitespace collapsed.
model::Expr expr_from_parenthesized(const std::string& inner);

} // namespace stepwise::sqlite
