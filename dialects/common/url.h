#pragma once
// Database URLs: sqlite://rel.db, sqlite:///abs.db, postgres://user@host:port/db?host=/dir,
// mysql://user@host:port/db?socket=/path.sock.

#include <map>
#include <optional>
#include <stdexcept>
#include <string>

namespace stepwise::dialect {

class UrlError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct Url {
    std::string scheme; // "sqlite", "postgres", "mysql"
    std::string user;
    std::optional<std::string> password; // never printed: see redacted()
    std::string host;
    std::optional<int> port;
    std::string path; // sqlite: the file path; others: the database name
    std::map<std::string, std::string> params;

    // The URL as a person may see it: the password replaced by "***".
    std::string redacted() const;
};

// Throws UrlError naming the problem (never echoing a password).
Url parse_url(const std::string& text);

} // namespace stepwise::dialect
