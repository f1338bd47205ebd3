#include "dialects/sqlite/sqlite_quote.h"

namespace stepwise::sqlite {

namespace {
std::string quote(const std::string& text, char q) {
    std::string out(1, q);
    for (char c : text) {
        if (c == q)
            out += q;
        out += c;
    }
    return out + q;
}
} // namespace

std::string quote_ident(const std::string& name) {
    return quote(name, '"');
}

std::string quote_literal(const std::string& value) {
    return quote(value, '\'');
}

} // namespace stepwise::sqlite
