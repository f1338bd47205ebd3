#include "compiler/diff/diff_context.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace stepwise::diff::detail {

namespace {

bool is_word_start(char c) {
    return std::isalpha(static_cast<unsigned char>(c)) || c == '_';
}
bool is_word_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

std::string lower(std::string s) {
    for (auto& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

bool equal_nocase(const std::string& a, const std::string& b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

// A name that reads back as itself unquoted in a dialect that does not fold case: word
// characters and not a reserved word (`from IS NOT NULL` does not parse). Mixed case stays
// unquoted there: SQLite and MySQL match it either way, and the desired side's stored text is
// compared with the mapped one.
bool is_plain_identifier(const std::string& s) {
    static const std::set<std::string> reserved = {
        "all",    "and",       "any",     "array",   "as",       "asc",     "between",
        "both",   "case",      "cast",    "check",   "collate",  "column",  "constraint",
        "create", "cross",     "default", "desc",    "distinct", "do",      "else",
        "end",    "except",    "false",   "fetch",   "for",      "foreign", "from",
        "full",   "grant",     "group",   "having",  "in",       "index",   "inner",
        "insert", "intersect", "into",    "is",      "join",     "key",     "leading",
        "left",   "like",      "limit",   "natural", "not",      "null",    "offset",
        "on",     "only",      "or",      "order",   "outer",    "primary", "references",
        "right",  "select",    "some",    "table",   "then",     "to",      "trailing",
        "true",   "union",     "unique",  "user",    "using",    "values",  "when",
        "where",  "window",    "with"};
    if (s.empty() || !is_word_start(s[0]) || !std::all_of(s.begin(), s.end(), is_word_char))
        return false;
    return !reserved.count(lower(s));
}

// The end of a quoted token starting at `i` (by ', " or `), escapes doubled, and with
// `backslash` also escaped by a backslash.
size_t end_of_quoted(const std::string& s, size_t i, bool backslash = false) {
    char q = s[i];
    size_t j = i + 1;
    while (j < s.size()) {
        if (backslash && s[j] == '\\') {
            j += 2;
            continue;
        }
        if (s[j] == q) {
            if (j + 1 < s.size() && s[j + 1] == q) {
                j += 2;
                continue;
            }
            return j + 1;
        }
        ++j;
    }
    return s.size();
}

// Whether an unquoted `word` names the column `name` in the dialect.
bool names_column(const std::string& word, const std::string& name, const DiffDriver& driver) {
    return driver.folds_to_lower() ? lower(word) == name : equal_nocase(word, name);
}

// A new name written into the text: plain when the dialect reads it back as itself.
std::string spell(const std::string& name, const DiffDriver& driver) {
    bool plain = is_plain_identifier(name) && (!driver.folds_to_lower() || lower(name) == name);
    return plain ? name : driver.quote_ident(name);
}

bool followed_by_paren(const std::string& s, size_t j) {
    while (j < s.size() && std::isspace(static_cast<unsigned char>(s[j])))
        ++j;
    return j < s.size() && s[j] == '(';
}

// Copies the name quoted at `i` (by s[i], escapes doubled) to `out`, written anew by the
// dialect's quoting when it is a renamed column; returns the index past it.
size_t map_quoted_name(const std::string& s, size_t i, const NameMap& columns,
                       const DiffDriver& quoting, std::string& out) {
    const char q = s[i];
    size_t j = end_of_quoted(s, i);
    std::string inner = s.substr(i + 1, (j >= i + 2 ? j - i - 2 : 0));
    std::string name;
    for (size_t k = 0; k < inner.size(); ++k) {
        name += inner[k];
        if (inner[k] == q)
            ++k; // doubled quote
    }
    auto it = columns.find(name);
    if (it != columns.end())
        out += quoting.quote_ident(it->second);
    else
        out.append(s, i, j - i);
    return j;
}

} // namespace

model::Expr map_expr(const NameMap& columns, const model::Expr& expr, const DiffDriver& quoting) {
    if (columns.empty() ||
        (expr.kind != model::Expr::Kind::Raw && expr.kind != model::Expr::Kind::Call))
        return expr;
    const std::string& s = expr.text;
    std::string out;
    size_t i = 0;
    while (i < s.size()) {
        char c = s[i];
        if (c == '\'') {
            size_t j = end_of_quoted(s, i, quoting.backslash_escapes());
            out.append(s, i, j - i);
            i = j;
        } else if (c == '"' && quoting.ident_quote() != '"') {
            // A string where the dialect quotes names otherwise (MySQL's default sql_mode).
            size_t j = end_of_quoted(s, i, quoting.backslash_escapes());
            out.append(s, i, j - i);
            i = j;
        } else if ((c == 'E' || c == 'e') && i + 1 < s.size() && s[i + 1] == '\'' &&
                   (i == 0 || !is_word_char(s[i - 1]))) {
            // PostgreSQL's escape string E'it\'s': backslashes escape whatever the dialect.
            size_t j = end_of_quoted(s, i + 1, true);
            out.append(s, i, j - i);
            i = j;
        } else if (c == '"' || c == '`') {
            i = map_quoted_name(s, i, columns, quoting, out);
        } else if (is_word_start(c)) {
            size_t j = i;
            while (j < s.size() && is_word_char(s[j]))
                ++j;
            std::string word = s.substr(i, j - i);
            const std::string* replacement = nullptr;
            if (!followed_by_paren(s, j))
                for (const auto& [from, to] : columns)
                    if (names_column(word, from, quoting))
                        replacement = &to;
            if (replacement)
                out += spell(*replacement, quoting);
            else
                out += word;
            i = j;
        } else if (std::isdigit(static_cast<unsigned char>(c))) {
            // A number such as 1e5 must not be split into "1" and the word "e5".
            size_t j = i;
            while (j < s.size() && (is_word_char(s[j]) || s[j] == '.'))
                ++j;
            out.append(s, i, j - i);
            i = j;
        } else {
            out += c;
            ++i;
        }
    }
    model::Expr mapped = expr;
    mapped.text = out;
    return mapped;
}

model::Index map_index(const NameMap& columns, const model::Index& index,
                       const DiffDriver& quoting) {
    model::Index out = index;
    for (auto& part : out.parts) {
        if (part.expr)
            part.expr = map_expr(columns, *part.expr, quoting);
        else
            part.column = map_name(columns, part.column);
    }
    if (out.where)
        out.where = map_expr(columns, *out.where, quoting);
    return out;
}

} // namespace stepwise::diff::detail
