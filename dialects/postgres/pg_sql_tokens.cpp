#include "dialects/postgres/pg_sql_tokens.h"

#include <cctype>

namespace stepwise::postgres {

namespace {

bool word_start(char c) {
    return std::isalpha(static_cast<unsigned char>(c)) || c == '_' ||
           static_cast<unsigned char>(c) >= 0x80;
}
bool word_char(char c) {
    return word_start(c) || std::isdigit(static_cast<unsigned char>(c)) || c == '$';
}

} // namespace

Tokens tokenize(const std::string& s) {
    Tokens out;
    size_t i = 0;
    const std::string ops = "+-*/<>=~!@#%^&|`?";
    while (i < s.size()) {
        char c = s[i];
        if (std::isspace(static_cast<unsigned char>(c))) {
            ++i;
        } else if (c == '\'' || ((c == 'E' || c == 'e') && i + 1 < s.size() && s[i + 1] == '\'')) {
            bool escapes = c != '\'';
            i += escapes ? 2 : 1;
            std::string v;
            while (i < s.size()) {
                if (s[i] == '\'' && i + 1 < s.size() && s[i + 1] == '\'') {
                    v += '\'';
                    i += 2;
                } else if (s[i] == '\'') {
                    ++i;
                    break;
                } else if (escapes && s[i] == '\\' && i + 1 < s.size()) {
                    v += s[i + 1];
                    i += 2;
                } else {
                    v += s[i++];
                }
            }
            out.push_back({Tok::String, v});
        } else if (c == '"') {
            std::string v;
            ++i;
            while (i < s.size()) {
                if (s[i] == '"' && i + 1 < s.size() && s[i + 1] == '"') {
                    v += '"';
                    i += 2;
                } else if (s[i] == '"') {
                    ++i;
                    break;
                } else {
                    v += s[i++];
                }
            }
            out.push_back({Tok::Quoted, v});
        } else if (word_start(c)) {
            size_t j = i;
            while (j < s.size() && word_char(s[j]))
                ++j;
            std::string w = s.substr(i, j - i);
            for (auto& ch : w)
                ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
            out.push_back({Tok::Word, w});
            i = j;
        } else if (c == '-' && i + 1 < s.size() &&
                   std::isdigit(static_cast<unsigned char>(s[i + 1])) &&
                   (out.empty() || out.back().kind == Tok::Op || out.back().kind == Tok::Open ||
                    out.back().kind == Tok::Punct ||
                    (out.back().kind == Tok::Word && keywords().count(out.back().text)))) {
            // A unary minus belongs to its number: PostgreSQL prints -1 as '-1'::integer.
            size_t j = i + 1;
            while (j < s.size() && (std::isdigit(static_cast<unsigned char>(s[j])) || s[j] == '.'))
                ++j;
            out.push_back({Tok::Number, s.substr(i, j - i)});
            i = j;
        } else if (std::isdigit(static_cast<unsigned char>(c)) ||
                   (c == '.' && i + 1 < s.size() &&
                    std::isdigit(static_cast<unsigned char>(s[i + 1])))) {
            size_t j = i;
            while (j < s.size() && (std::isdigit(static_cast<unsigned char>(s[j])) || s[j] == '.' ||
                                    s[j] == 'e' || s[j] == 'E'))
                ++j;
            out.push_back({Tok::Number, s.substr(i, j - i)});
            i = j;
        } else if (c == ':' && i + 1 < s.size() && s[i + 1] == ':') {
            out.push_back({Tok::Op, "::"});
            i += 2;
        } else if (ops.find(c) != std::string::npos) {
            size_t j = i;
            while (j < s.size() && ops.find(s[j]) != std::string::npos)
                ++j;
            out.push_back({Tok::Op, s.substr(i, j - i)});
            i = j;
        } else if (c == '(') {
            out.push_back({Tok::Open, "("});
            ++i;
        } else if (c == ')') {
            out.push_back({Tok::Close, ")"});
            ++i;
        } else {
            out.push_back({Tok::Punct, std::string(1, c)});
            ++i;
        }
    }
    return out;
}

const std::set<std::string>& keywords() {
    static const std::set<std::string> k = {
        "and",  "or",   "not",  "like",  "ilike", "is",      "in",    "between",  "case",
        "when", "then", "else", "end",   "null",  "true",    "false", "distinct", "from",
        "any",  "all",  "some", "array", "as",    "similar", "to",    "escape",   "interval"};
    return k;
}

size_t matching_close(const Tokens& t, size_t open) {
    int depth = 0;
    for (size_t i = open; i < t.size(); ++i) {
        if (t[i].kind == Tok::Open)
            ++depth;
        else if (t[i].kind == Tok::Close && --depth == 0)
            return i;
    }
    return t.size();
}

} // namespace stepwise::postgres
