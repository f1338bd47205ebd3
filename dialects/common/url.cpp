#include "dialects/common/url.h"

#include <cctype>

namespace stepwise::dialect {

namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

std::string percent_decode(const std::string& s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%') {
            int hi = i + 1 < s.size() ? hex_value(s[i + 1]) : -1;
            int lo = i + 2 < s.size() ? hex_value(s[i + 2]) : -1;
            if (hi < 0 || lo < 0)
                throw UrlError("malformed percent-escape in URL");
            out += static_cast<char>(hi * 16 + lo);
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

void parse_params(const std::string& query, Url& url) {
    size_t pos = 0;
    while (pos <= query.size() && !query.empty()) {
        size_t amp = query.find('&', pos);
        std::string pair = query.substr(pos, amp == std::string::npos ? std::string::npos : amp - pos);
        if (!pair.empty()) {
            size_t eq = pair.find('=');
            if (eq == std::string::npos)
                throw UrlError("URL parameter '" + percent_decode(pair) + "' has no value");
            url.params[percent_decode(pair.substr(0, eq))] = percent_decode(pair.substr(eq + 1));
        }
        if (amp == std::string::npos)
            break;
        pos = amp + 1;
    }
}

} // namespace

Url parse_url(const std::string& text) {
    Url url;
    size_t sep = text.find("://");
    if (sep == std::string::npos)
        throw UrlError("not a database URL (expected sqlite://, postgres:// or mysql://)");
    url.scheme = text.substr(0, sep);
    if (url.scheme == "postgresql")
        url.scheme = "postgres";
    if (url.scheme == "mariadb")
        url.scheme = "mysql";
    std::string rest = text.substr(sep + 3);

    size_t q = rest.find('?');
    if (q != std::string::npos) {
        parse_params(rest.substr(q + 1), url);
        rest = rest.substr(0, q);
    }

    if (url.scheme == "sqlite") {
        // sqlite://rel.db is relative, sqlite:///abs.db absolute (the third slash stays).
        url.path = percent_decode(rest);
        if (url.path.empty())
            throw UrlError("sqlite URL has no file path (sqlite://file.db or sqlite:///abs.db)");
        // An ignored `?mode=ro` would write to a database the user meant to keep unchanged.
        // The value is not shown: it may be a password.
        if (!url.params.empty())
            throw UrlError("sqlite URLs take no parameters, but '" + url.params.begin()->first +
                           "' was given");
        return url;
    }
    if (url.scheme != "postgres" && url.scheme != "mysql")
        throw UrlError("unknown URL scheme '" + url.scheme +
                       "' (expected sqlite, postgres or mysql)");

    size_t slash = rest.find('/');
    std::string authority = rest.substr(0, slash);
    if (slash != std::string::npos)
        url.path = percent_decode(rest.substr(slash + 1));

    size_t at = authority.rfind('@');
    if (at != std::string::npos) {
        std::string userinfo = authority.substr(0, at);
        authority = authority.substr(at + 1);
        size_t colon = userinfo.find(':');
        url.user = percent_decode(userinfo.substr(0, colon));
        if (colon != std::string::npos)
            url.password = percent_decode(userinfo.substr(colon + 1));
    }
    size_t colon = authority.rfind(':');
    if (colon != std::string::npos && authority.find(']') == std::string::npos) {
        std::string port = authority.substr(colon + 1);
        authority = authority.substr(0, colon);
        if (port.empty() || port.size() > 5 ||
            port.find_first_not_of("0123456789") != std::string::npos)
            throw UrlError("URL port '" + port + "' is not a number");
        int p = std::stoi(port);
        if (p < 1 || p > 65535)
            throw UrlError("URL port " + port + " is out of range");
        url.port = p;
    }
    url.host = percent_decode(authority);
    return url;
}

std::string Url::redacted() const {
    if (scheme == "sqlite")
        return scheme + "://" + path;
    std::string out = scheme + "://";
    if (!user.empty() || password) {
        out += user;
        if (password)
            out += ":***";
        out += "@";
    }
    out += host;
    if (port)
        out += ":" + std::to_string(*port);
    out += "/" + path;
    char sep = '?';
    for (const auto& [k, v] : params) {
        bool secret = k == "password" || k == "sslpassword";
        out += sep + k + "=" + (secret ? std::string("***") : v);
        sep = '&';
    }
    return out;
}

} // namespace stepwise::dialect
