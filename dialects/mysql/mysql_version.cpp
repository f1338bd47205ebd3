#include "dialects/mysql/mysql_version.h"

#include <cctype>
#include <stdexcept>

namespace stepwise::mysql {

namespace {

// Reads a decimal number at `i` (at most 5 digits: no version part is larger); false if none.
bool read_number(const std::string& text, size_t& i, int& out) {
    size_t start = i;
    out = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) && i - start < 5)
        out = out * 10 + (text[i++] - '0');
    return i > start && (i == text.size() || !std::isdigit(static_cast<unsigned char>(text[i])));
}

bool read_triple(const std::string& text, size_t& i, ServerVersion& v) {
    return read_number(text, i, v.major) && i < text.size() && text[i++] == '.' &&
           read_number(text, i, v.minor) && i < text.size() && text[i++] == '.' &&
           read_number(text, i, v.patch);
}

bool names_mariadb(const std::string& text) {
    std::string lower;
    for (char c : text)
        lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return lower.find("mariadb") != std::string::npos;
}

} // namespace

ServerVersion parse_server_version(const std::string& text) {
    ServerVersion v;
    size_t i = 0;
    if (!read_triple(text, i, v) || (i < text.size() && text[i] != '-'))
        throw std::invalid_argument("mysql: cannot read the server version '" + text +
                                    "' (expected major.minor.patch, as in 10.11.6-MariaDB or "
                                    "8.0.36); is this a MySQL or MariaDB server?");
    v.flavour = names_mariadb(text) ? Flavour::MariaDB : Flavour::MySQL;
    // MariaDB before 11 may report itself to old clients as "5.5.5-<real version>".
    if (v.flavour == Flavour::MariaDB && v.major == 5 && v.minor == 5 && v.patch == 5 &&
        i < text.size()) {
        size_t real = i + 1;
        ServerVersion inner;
        if (read_triple(text, real, inner)) {
            inner.flavour = Flavour::MariaDB;
            return inner;
        }
    }
    return v;
}

ServerVersion server_for_compile(const std::string& text) {
    return text.empty() ? kOfflineServer : parse_server_version(text);
}

} // namespace stepwise::mysql
