#include "dialects/mysql/mysql_expr.h"

#include "dialects/mysql/mysql_quote.h"
#include "dialects/mysql/mysql_reserved_words.h"

#include <cctype>
#include <regex>

namespace stepwise::mysql {

using K = model::Expr::Kind;

namespace {

// The index just past the backquoted name that starts at `i` (`` inside it is one backquote);
// a quote inside a name does not start a string.
size_t past_name(const std::string& text, size_t i) {
    size_t j = i + 1;
    while (j < text.size()) {
        if (text[j] == '`' && (j + 1 >= text.size() || text[j + 1] != '`'))
            return j + 1;
        j += text[j] == '`' ? 2 : 1;
    }
    return text.size();
}

bool is_now(const std::string& call) {
    std::string n = normalize(call);
    return n == "now()" || n == "current_timestamp()" || n == "current_timestamp" ||
           n == "current_timestamp(6)" || n == "now(6)";
}

} // namespace

std::string render_expr(const model::Expr& expr) {
    switch (expr.kind) {
    case K::Number:
        return expr.text;
    case K::String:
        return quote_literal(expr.text);
    case K::Bool:
        return expr.text == "true" ? "TRUE" : "FALSE";
    case K::Null:
        return "NULL";
    case K::Call:
        return is_now(expr.text) ? "CURRENT_TIMESTAMP(6)" : expr.text;
    case K::Raw:
        return "(" + expr.text + ")";
    }
    return expr.text;
}

std::string render_default(const model::Expr& expr) {
    if (expr.kind == K::Call && !is_now(expr.text))
        return "(" + expr.text + ")";
    return render_expr(expr);
}

std::optional<model::Expr> read_default(const std::optional<std::string>& text,
                                        const std::string& extra, Flavour flavour) {
    if (!text || *text == "NULL")
        return std::nullopt;
    const std::string& t = *text;
    static const std::regex number(R"(-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?)");
    static const std::regex call(R"([A-Za-z_][A-Za-z0-9_]*\([^()]*\))");
    bool expression =
        flavour == Flavour::MariaDB || extra.find("DEFAULT_GENERATED") != std::string::npos;
    if (!expression)
        return model::Expr{std::regex_match(t, number) ? K::Number : K::String, t};
    if (t.size() >= 2 && t.front() == '\'' && t.back() == '\'') {
        std::string value;
        for (size_t i = 1; i + 1 < t.size(); ++i) {
            if (t[i] == '\'' && t[i + 1] == '\'')
                ++i;
            else if (t[i] == '\\' && i + 2 < t.size()) {
                char c = t[++i];
                value += c == 'n' ? '\n' : c == 't' ? '\t' : c == '0' ? '\0' : c;
                continue;
            }
            value += t[i];
        }
        return model::Expr{K::String, value};
    }
    if (std::regex_match(t, number))
        return model::Expr{K::Number, t};
    if (is_now(t))
        return model::Expr{K::Call, "now()"};
    if (std::regex_match(t, call)) {
        std::string lower;
        for (char c : t)
            lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return model::Expr{K::Call, lower};
    }
    return read_raw(t);
}

model::Expr read_raw(const std::string& text) {
    // Names lose their backquotes when they need none (plain, not reserved), so inspect output
    // reads naturally.
    static const std::regex plain("`([A-Za-z_][A-Za-z0-9_]*)`");
    std::string out;
    for (size_t i = 0; i < text.size();) {
        if (text[i] == '\'') {
            size_t j = i + 1;
            while (j < text.size() &&
                   !(text[j] == '\'' && (j + 1 >= text.size() || text[j + 1] != '\''))) {
                j += text[j] == '\'' || text[j] == '\\' ? 2 : 1;
            }
            out.append(text, i, j + 1 - i);
            i = j + 1;
            continue;
        }
        if (text[i] == '`') {
            size_t end = past_name(text, i);
            std::string quoted = text.substr(i, end - i);
            std::smatch m;
            out += std::regex_match(quoted, m, plain) && !is_reserved_word(m[1].str()) ? m[1].str()
                                                                                       : quoted;
            i = end;
            continue;
        }
        out += text[i++];
    }
    return model::Expr{K::Raw, out};
}

std::string normalize(const std::string& sql) {
    std::string out;
    for (size_t i = 0; i < sql.size(); ++i) {
        char c = sql[i];
        if (c == '\'') {
            size_t j = i + 1;
            while (j < sql.size() &&
                   !(sql[j] == '\'' && (j + 1 >= sql.size() || sql[j + 1] != '\'')))
                j += sql[j] == '\'' || sql[j] == '\\' ? 2 : 1;
            out.append(sql, i, j + 1 - i);
            i = j;
            continue;
        }
        if (c == '`') {
            // The name as it is, case folded: its spaces and quotes are part of it.
            size_t end = past_name(sql, i);
            for (size_t k = i + 1; k + 1 < end; ++k) {
                out += static_cast<char>(std::tolower(static_cast<unsigned char>(sql[k])));
                if (sql[k] == '`')
                    ++k;
            }
            i = end - 1;
            continue;
        }
        if (std::isspace(static_cast<unsigned char>(c)))
            continue;
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    // Outer parentheses that wrap the whole text.
    while (out.size() >= 2 && out.front() == '(' && out.back() == ')') {
        int depth = 0;
        bool wraps = true;
        for (size_t i = 0; i < out.size(); ++i) {
            depth += out[i] == '(' ? 1 : out[i] == ')' ? -1 : 0;
            if (depth == 0 && i + 1 < out.size()) {
                wraps = false;
                break;
            }
        }
        if (!wraps)
            break;
        out = out.substr(1, out.size() - 2);
    }
    return out;
}

} // namespace stepwise::mysql
