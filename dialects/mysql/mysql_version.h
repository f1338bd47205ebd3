#pragma once
// Which server a MySQL-family plan is compiled for. The flavour and version decide what the
// compiler may write (MariaDB's IF [NOT] EXISTS and BEGIN NOT ATOMIC, uuid columns from 10.7),
// so they travel with each compile (dialect::CompileOptions::server_version, the text the
// connection's server reported), never as state of a shared dialect object.

#include <string>

namespace stepwise::mysql {

enum class Flavour { MariaDB, MySQL };

struct ServerVersion {
    Flavour flavour = Flavour::MariaDB;
    int major = 0, minor = 0, patch = 0;
    bool at_least(int ma, int mi, int pa = 0) const {
        if (major != ma)
            return major > ma;
        if (minor != mi)
            return minor > mi;
        return patch >= pa;
    }
};

// What a plan compiled with no server to ask assumes: MariaDB 10.11, the tested server.
inline constexpr ServerVersion kOfflineServer{Flavour::MariaDB, 10, 11, 0};

// A server's version string as it reports it (mysql_get_server_info, SELECT version()):
// "10.11.6-MariaDB-0+deb12u1", "11.4.2-MariaDB-log", MariaDB's replication form
// "5.5.5-10.11.6-MariaDB", MySQL's "8.0.36" or "8.4.0-commercial". Throws
// std::invalid_argument, quoting the text, when it does not start with major.minor.patch:
// guessing a flavour would compile statements the server refuses.
ServerVersion parse_server_version(const std::string& text);

// The version for a compile: kOfflineServer when `text` is empty, else parse_server_version.
ServerVersion server_for_compile(const std::string& text);

} // namespace stepwise::mysql
