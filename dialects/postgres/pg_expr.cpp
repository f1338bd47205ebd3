#include "dialects/postgres/pg_expr.h"

#include "dialects/postgres/pg_quote.h"
#include "dialects/postgres/pg_redundant_parens.h"
#include "dialects/postgres/pg_sql_tokens.h"

#include <cctype>
#include <regex>
#include <set>
#include <vector>

namespace stepwise::postgres {

using model::Expr;

namespace {

bool is_numeric_text(const std::string& v) {
    static const std::regex number(R"(-?\d+(\.\d+)?([eE][-+]?\d+)?)");
    return std::regex_match(v, number);
}

// Index of the token after a type name that starts at `i` (just after "::").
size_t skip_type(const std::vector<Token>& t, size_t i) {
    static const std::set<std::string> continuation = {"varying", "precision", "with",
                                                       "without", "time",      "zone"};
    if (i < t.size() && (t[i].kind == Tok::Word || t[i].kind == Tok::Quoted))
        ++i;
    while (i < t.size() && t[i].kind == Tok::Punct && t[i].text == "." && i + 1 < t.size()) {
        i += 2; // schema-qualified
    }
    while (i < t.size() && t[i].kind == Tok::Word && continuation.count(t[i].text))
        ++i;
    if (i < t.size() && t[i].kind == Tok::Open) {
        size_t j = i + 1;
        while (j < t.size() && (t[j].kind == Tok::Number || t[j].text == ","))
            ++j;
        if (j < t.size() && t[j].kind == Tok::Close)
            i = j + 1;
    }
    while (i + 1 < t.size() && t[i].text == "[" && t[i + 1].text == "]")
        i += 2;
    return i;
}

const std::set<std::string>& typed_literal_prefixes() {
    static const std::set<std::string> k = {"interval", "date", "timestamp", "timestamptz", "time",
                                            "numeric",  "uuid", "jsonb",     "json"};
    return k;
}

bool simple_identifier(const std::string& v) {
    static const std::regex ident("[a-z_][a-z0-9_$]*");
    return std::regex_match(v, ident) && !keywords().count(v);
}

bool is_word(const Token& tok, const char* word) {
    return tok.kind == Tok::Word && tok.text == word;
}

// The first token of the operand that ends just before `end`: a name (maybe qualified), a
// literal, a parenthesised group or a call, maybe cast. `end` when there is none.
size_t operand_start(const std::vector<Token>& t, size_t end) {
    if (end == 0)
        return end;
    size_t j = end - 1;
    if (t[j].kind == Tok::Close) {
        int depth = 0;
        for (size_t k = j + 1; k-- > 0;) {
            if (t[k].kind == Tok::Close)
                ++depth;
            else if (t[k].kind == Tok::Open && --depth == 0) {
                j = k;
                break;
            }
            if (k == 0)
                return end;
        }
        if (j > 0 && (t[j - 1].kind == Tok::Quoted ||
                      (t[j - 1].kind == Tok::Word && !keywords().count(t[j - 1].text))))
            --j; // a call
    } else if (t[j].kind == Tok::Word || t[j].kind == Tok::Quoted || t[j].kind == Tok::Number ||
               t[j].kind == Tok::String) {
        if (t[j].kind == Tok::Word && keywords().count(t[j].text) && t[j].text != "null" &&
            t[j].text != "true" && t[j].text != "false")
            return end;
        while (j >= 2 && t[j - 1].kind == Tok::Punct && t[j - 1].text == ".")
            j -= 2;
    } else {
        return end;
    }
    // x::type: the operand is what precedes the cast.
    if (j >= 1 && t[j - 1].kind == Tok::Op && t[j - 1].text == "::") {
        size_t k = operand_start(t, j - 1);
        return k == j - 1 ? end : k;
    }
    return j;
}

// The end (exclusive) of an operand that starts at `i`: the next AND, OR, closing
// parenthesis or comma outside parentheses.
size_t operand_end(const std::vector<Token>& t, size_t i) {
    int depth = 0;
    for (; i < t.size(); ++i) {
        if (t[i].kind == Tok::Open)
            ++depth;
        else if (t[i].kind == Tok::Close && depth-- == 0)
            return i;
        else if (depth == 0 && (is_word(t[i], "and") || is_word(t[i], "or") ||
                                (t[i].kind == Tok::Punct && t[i].text == ",")))
            return i;
    }
    return t.size();
}

Tokens slice(const Tokens& t, size_t from, size_t to) {
    return Tokens(t.begin() + static_cast<long>(from), t.begin() + static_cast<long>(to));
}

void append(Tokens& out, const Tokens& more) {
    out.insert(out.end(), more.begin(), more.end());
}

// x BETWEEN a AND b as PostgreSQL stores it: x >= a AND x <= b (NOT: x < a OR x > b).
// Returns false when there is nothing (more) to rewrite.
bool rewrite_between(Tokens& t) {
    for (size_t i = 0; i < t.size(); ++i) {
        if (!is_word(t[i], "between") || (i + 1 < t.size() && is_word(t[i + 1], "symmetric")))
            continue;
        bool negated = i > 0 && is_word(t[i - 1], "not");
        size_t lhs_end = negated ? i - 1 : i;
        size_t lhs_start = operand_start(t, lhs_end);
        size_t low_end = operand_end(t, i + 1);
        if (lhs_start == lhs_end || low_end >= t.size() || !is_word(t[low_end], "and"))
            continue;
        size_t high_end = operand_end(t, low_end + 1);
        Tokens lhs = slice(t, lhs_start, lhs_end);
        Tokens out = slice(t, 0, lhs_start);
        append(out, lhs);
        out.push_back({Tok::Op, negated ? "<" : ">="});
        append(out, slice(t, i + 1, low_end));
        out.push_back({Tok::Word, negated ? "or" : "and"});
        append(out, lhs);
        out.push_back({Tok::Op, negated ? ">" : "<="});
        append(out, slice(t, low_end + 1, high_end));
        append(out, slice(t, high_end, t.size()));
        t = std::move(out);
        return true;
    }
    return false;
}

// x IN (a, b) as PostgreSQL stores it: x = ANY (ARRAY[a, b]); NOT IN: x <> ALL (...); a
// list of one: x = a. Subqueries are left alone.
bool rewrite_in(Tokens& t) {
    for (size_t i = 0; i + 1 < t.size(); ++i) {
        if (!is_word(t[i], "in") || t[i + 1].kind != Tok::Open ||
            (i + 2 < t.size() && is_word(t[i + 2], "select")))
            continue;
        bool negated = i > 0 && is_word(t[i - 1], "not");
        size_t close = matching_close(t, i + 1);
        if (close >= t.size())
            continue;
        Tokens items = slice(t, i + 2, close);
        int depth = 0, commas = 0;
        for (const auto& tok : items) {
            depth += tok.kind == Tok::Open ? 1 : tok.kind == Tok::Close ? -1 : 0;
            commas += depth == 0 && tok.kind == Tok::Punct && tok.text == ",";
        }
        Tokens out = slice(t, 0, negated ? i - 1 : i);
        out.push_back({Tok::Op, negated ? "<>" : "="});
        if (commas == 0) {
            append(out, items);
        } else {
            out.push_back({Tok::Word, negated ? "all" : "any"});
            out.push_back({Tok::Open, "("});
            out.push_back({Tok::Word, "array"});
            out.push_back({Tok::Punct, "["});
            append(out, items);
            out.push_back({Tok::Punct, "]"});
            out.push_back({Tok::Close, ")"});
        }
        append(out, slice(t, close + 1, t.size()));
        t = std::move(out);
        return true;
    }
    return false;
}

} // namespace

std::string render_expr(const Expr& expr) {
    switch (expr.kind) {
    case Expr::Kind::String:
        return quote_literal(expr.text);
    case Expr::Kind::Null:
        return "NULL";
    case Expr::Kind::Raw:
        return "(" + expr.text + ")";
    default:
        return expr.text;
    }
}

std::string normalize_sql(const std::string& sql) {
    auto t = tokenize(sql);
    while (rewrite_in(t)) {
    }
    while (rewrite_between(t)) {
    }
    // Tokens in their canonical spelling; parentheses are judged once casts are gone.
    Tokens out;
    for (size_t i = 0; i < t.size(); ++i) {
        const Token& tok = t[i];
        switch (tok.kind) {
        case Tok::Op:
            if (tok.text == "::") {
                // '-1'::integer is the number -1.
                if (!out.empty() && i > 0 && t[i - 1].kind == Tok::String &&
                    is_numeric_text(t[i - 1].text))
                    out.back() = {Tok::Number, t[i - 1].text};
                i = skip_type(t, i + 1) - 1;
            } else if (tok.text == "~~") {
                out.push_back({Tok::Word, "like"});
            } else if (tok.text == "~~*") {
                out.push_back({Tok::Word, "ilike"});
            } else if (tok.text == "!~~") {
                out.push_back({Tok::Word, "not"});
                out.push_back({Tok::Word, "like"});
            } else if (tok.text == "!~~*") {
                out.push_back({Tok::Word, "not"});
                out.push_back({Tok::Word, "ilike"});
            } else if (tok.text == "!=") {
                out.push_back({Tok::Op, "<>"});
            } else {
                out.push_back(tok);
            }
            break;
        case Tok::String:
            out.push_back({Tok::String, quote_literal(tok.text)});
            break;
        case Tok::Quoted:
            if (simple_identifier(tok.text))
                out.push_back({Tok::Word, tok.text});
            else
                out.push_back({Tok::Quoted, quote_ident(tok.text)});
            break;
        case Tok::Word:
            // interval '1 day' is stored as '1 day'::interval, and casts are dropped.
            if (typed_literal_prefixes().count(tok.text) && i + 1 < t.size() &&
                t[i + 1].kind == Tok::String)
                break;
            out.push_back(tok);
            break;
        default:
            out.push_back(tok);
            break;
        }
    }
    std::string joined;
    for (const auto& tok : drop_redundant_parens(out)) {
        if (!joined.empty())
            joined += ' ';
        joined += tok.text;
    }
    return joined;
}

namespace {

// Whether `s` is one balanced parenthesised group.
bool wrapped(const std::string& s) {
    if (s.size() < 2 || s.front() != '(' || s.back() != ')')
        return false;
    int depth = 0;
    bool in_string = false;
    for (size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (c == '\'')
            in_string = !in_string;
        if (in_string)
            continue;
        if (c == '(')
            ++depth;
        else if (c == ')' && --depth == 0 && i + 1 < s.size())
            return false;
    }
    return depth == 0;
}

} // namespace

Expr expr_from_catalog(const std::string& text) {
    Expr e;
    auto t = tokenize(text);
    // 'x'::type  or  'x'
    if (!t.empty() && t[0].kind == Tok::String &&
        (t.size() == 1 || (t[1].text == "::" && skip_type(t, 2) == t.size()))) {
        bool numeric_type =
            t.size() > 2 && t[2].kind == Tok::Word &&
            (t[2].text == "integer" || t[2].text == "bigint" || t[2].text == "smallint" ||
             t[2].text == "numeric" || t[2].text == "real" || t[2].text == "double");
        if (numeric_type && is_numeric_text(t[0].text)) {
            e.kind = Expr::Kind::Number;
            e.text = t[0].text;
        } else {
            e.kind = Expr::Kind::String;
            e.text = t[0].text;
        }
        return e;
    }
    if (t.size() == 1 && t[0].kind == Tok::Number) {
        e.kind = Expr::Kind::Number;
        e.text = t[0].text;
        return e;
    }
    if (!t.empty() && t[0].kind == Tok::Word && t[0].text == "null" &&
        (t.size() == 1 || (t[1].text == "::" && skip_type(t, 2) == t.size()))) {
        e.kind = Expr::Kind::Null;
        e.text = "null";
        return e;
    }
    if (t.size() == 1 && t[0].kind == Tok::Word && (t[0].text == "true" || t[0].text == "false")) {
        e.kind = Expr::Kind::Bool;
        e.text = t[0].text;
        return e;
    }
    static const std::regex call(R"([a-z_][a-z0-9_]*\(\))");
    if (std::regex_match(text, call)) {
        e.kind = Expr::Kind::Call;
        e.text = text;
        return e;
    }
    e.kind = Expr::Kind::Raw;
    e.text = wrapped(text) ? text.substr(1, text.size() - 2) : text;
    return e;
}

} // namespace stepwise::postgres
