#pragma once
// The tokens of PostgreSQL expression text, as the textual normalisation (pg_expr.h) reads it.

#include <set>
#include <string>
#include <vector>

namespace stepwise::postgres {

enum class Tok { Word, Quoted, String, Number, Op, Open, Close, Punct };

struct Token {
    Tok kind;
    std::string text; // Word: lower-cased; String and Quoted: the unquoted value
};
using Tokens = std::vector<Token>;

// Words, quoted names, strings (E'' escapes read), numbers (a unary minus joins its number
// where PostgreSQL would print '-1'), operators, parentheses and other punctuation.
Tokens tokenize(const std::string& sql);

// The reserved words the normalisation treats as syntax rather than names.
const std::set<std::string>& keywords();

// The index of the parenthesis that closes the one at `open`, or t.size() if none does.
size_t matching_close(const Tokens& t, size_t open);

} // namespace stepwise::postgres
