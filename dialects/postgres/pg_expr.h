#pragma once
// Expressions between the DSL and PostgreSQL: rendering, reading back what pg_get_expr()
// stores, and the textual normalisation used to compare the two.

#include "compiler/model/catalog.h"

#include <string>

namespace stepwise::postgres {

// SQL text of a DSL expression: literals quoted, raw SQL in parentheses.
std::string render_expr(const model::Expr& expr);

// An expression as pg_get_expr() prints it (a default, a check, an index predicate) turned
// into the DSL's kinds: 'x'::t is the string x, '-1'::integer the number -1, now() a call;
// anything else raw, without its outermost parentheses.
model::Expr expr_from_catalog(const std::string& text);

// A canonical token string for comparing expressions textually: casts (::type) removed,
// grouping parentheses dropped where precedence makes them redundant (pg_redundant_parens.h),
// words lower-cased, quoted simple
// identifiers unquoted, ~~ read as LIKE, x IN (a, b) read as x = ANY (ARRAY[a, b]) and
// x BETWEEN a AND b as x >= a AND x <= b, as the server rewrites them. Two expressions
// PostgreSQL would store alike normalise alike in the common cases; see docs/postgres.md for
// what it cannot see. Used offline; on a live server the server spells both sides.
std::string normalize_sql(const std::string& sql);

} // namespace stepwise::postgres
