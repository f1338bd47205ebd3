#include "dialects/mysql/mysql_quote.h"

namespace stepwise::mysql {

std::string quote_ident(const std::string& name) {
    std::string out = "`";
    for (char c : name) {
        if (c == '`')
            out += '`';
        out += c;
    }
    return out + "`";
}

std::string quote_literal(const std::string& value) {
    std::string out = "'";
    for (char c : value) {
        switch (c) {
        case '\'':
            out += "''";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\0':
            out += "\\0";
            break;
        default:
            out += c;
        }
    }
    return out + "'";
}

} // namespace stepwise::mysql
