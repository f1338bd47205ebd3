#include "dialects/postgres/pg_quote.h"

#include <stdexcept>

namespace stepwise::postgres {

std::string quote_ident(const std::string& name) {
    if (name.find('\0') != std::string::npos)
        throw std::invalid_argument("identifier contains a NUL byte");
    std::string out = "\"";
    for (char c : name) {
        if (c == '"')
            out += '"';
        out += c;
    }
    return out + "\"";
}

std::string quote_literal(const std::string& value) {
    if (value.find('\0') != std::string::npos)
        throw std::invalid_argument("literal contains a NUL byte");
    bool backslash = value.find('\\') != std::string::npos;
    // E'' makes the meaning of a backslash independent of standard_conforming_strings.
    std::string out = backslash ? "E'" : "'";
    for (char c : value) {
        if (c == '\'')
            out += '\'';
        if (c == '\\')
            out += '\\';
        out += c;
    }
    return out + "'";
}

std::string qualified(const std::string& schema, const std::string& name) {
    return quote_ident(schema) + "." + quote_ident(name);
}

} // namespace stepwise::postgres
