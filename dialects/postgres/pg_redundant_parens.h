#pragma once
// Which grouping parentheses of an expression PostgreSQL would parse the same without.
// pg_get_expr() wraps every operator in parentheses, people write few: comparing the two needs
// the redundant ones gone, and the ones that change precedence kept ((a + b) * c is not
// a + b * c).

#include "dialects/postgres/pg_sql_tokens.h"

namespace stepwise::postgres {

// `tokens` without the grouping parentheses whose removal leaves the parse unchanged, by the
// operator precedence and associativity of PostgreSQL 15's grammar. The parentheses of calls,
// ANY / ALL / IN / ARRAY, subqueries and row constructors are kept, and so is any group next
// to a construct the rules do not know: when unsure, a group stays.
Tokens drop_redundant_parens(const Tokens& tokens);

} // namespace stepwise::postgres
