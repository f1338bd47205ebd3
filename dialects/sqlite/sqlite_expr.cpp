#include "dialects/sqlite/sqlite_expr.h"

#include "dialects/sqlite/sqlite_quote.h"

#include <algorithm>
#include <cctype>
#include <regex>

namespace stepwise::sqlite {

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

bool is_now(const model::Expr& expr) {
    return expr.kind == model::Expr::Kind::Call && lower(expr.text) == "now()";
}

} // namespace

std::string render_default(const model::Expr& expr) {
    using K = model::Expr::Kind;
    switch (expr.kind) {
    case K::Number:
        return expr.text;
    case K::String:
        return quote_literal(expr.text);
    case K::Bool:
        return lower(expr.text) == "true" ? "TRUE" : "FALSE";
    case K::Null:
        return "NULL";
    case K::Call:
        if (is_now(expr))
            return "CURRENT_TIMESTAMP";
        return "(" + expr.text + ")";
    case K::Raw:
        return "(" + expr.text + ")";
    }
    return "NULL";
}

std::string render_operand(const model::Expr& expr) {
    std::string d = render_default(expr);
    if (expr.kind == model::Expr::Kind::Number && !d.empty() && d[0] == '-')
        return "(" + d + ")";
    return d;
}

bool is_constant(const model::Expr& expr) {
    using K = model::Expr::Kind;
    return expr.kind == K::Number || expr.kind == K::String || expr.kind == K::Bool ||
           expr.kind == K::Null;
}

std::string collapse_whitespace(const std::string& sql) {
    std::string out;
    char quote = 0;
    for (char c : sql) {
        if (quote) {
            out += c;
            if (c == quote)
                quote = 0; // a doubled quote closes and reopens: same result
            continue;
        }
        if (c == '\'' || c == '"' || c == '`') {
            quote = c;
            out += c;
        } else if (c == '[') {
            quote = ']';
            out += c;
        } else if (std::isspace(static_cast<unsigned char>(c))) {
            if (!out.empty() && out.back() != ' ')
                out += ' ';
        } else {
            out += c;
        }
    }
    while (!out.empty() && out.back() == ' ')
        out.pop_back();
    return out;
}

model::Expr expr_from_parenthesized(const std::string& inner) {
    model::Expr e;
    e.text = collapse_whitespace(inner);
    static const std::regex call(R"(^[A-Za-z_][A-Za-z0-9_]*\(\)$)");
    e.kind = std::regex_match(e.text, call) ? model::Expr::Kind::Call : model::Expr::Kind::Raw;
    if (e.kind == model::Expr::Kind::Call)
        e.text = lower(e.text);
    return e;
}

} // namespace stepwise::sqlite
