#include "cli/commands/commands.h"
#include "cli/dialects.h"
#include "cli/planner.h"
#include "compiler/diff/differ.h"
#include "compiler/frontend/loader.h"

#include <iostream>

namespace stepwise::cli {

namespace {

bool is_url(const std::string& s) {
    if (s.find("://") != std::string::npos)
        return true;
    // A misspelt URL ("postgres:/u:secret@h/db") must not be taken for a path and echoed
    // back with its password in a "does not exist" message.
    for (const char* scheme : {"sqlite:", "postgres:", "postgresql:", "mysql:", "mariadb:"})
        if (s.rfind(scheme, 0) == 0)
            throw CliError(std::string("malformed database URL: expected ") + scheme +
                           "//... (the text is not shown: it may hold a password)");
    return false;
}

struct Side {
    std::unique_ptr<dialect::Dialect> dialect;
    std::unique_ptr<dialect::Connection> connection; // kept to normalise the other side
    model::Catalog catalog;
};

Side read_side(const std::string& what, model::NamingStyle naming) {
    Side side;
    if (!is_url(what)) {
        side.catalog = frontend::load_catalog({what}, naming);
        return side;
    }
    dialect::Url url;
    try {
        url = dialect::parse_url(what);
    } catch (const dialect::UrlError& e) {
        throw CliError(std::string("bad database URL: ") + e.what());
    }
    side.dialect = dialect_for(url);
    side.connection = side.dialect->connect(url);
    side.catalog = side.dialect->inspect(*side.connection);
    return side;
}

} // namespace

// FROM and TO are each a URL or a schema path. Schema files bind with the naming of the
// database side, if there is one, so default names compare equal.
int run_diff(const DiffOptions& options) {
    model::NamingStyle naming = model::NamingStyle::Postgres;
    for (const auto& s : {options.from, options.to})
        if (is_url(s)) {
            dialect::Url url;
            try {
                url = dialect::parse_url(s);
            } catch (const dialect::UrlError& e) {
                throw CliError(std::string("bad database URL: ") + e.what());
            }
            naming = dialect_for(url)->naming();
        }
    Side from = read_side(options.from, naming);
    Side to = read_side(options.to, naming);
    const dialect::Dialect* d = from.dialect ? from.dialect.get() : to.dialect.get();
    diff::ChangeSet changes;
    // A schema file against a database: the server spells the file's expressions, but only
    // those of the tables whose comparison could depend on it, as `plan` does.
    if (from.dialect && !to.dialect)
        changes =
            diff_against_live(*from.dialect, *from.connection, from.catalog, to.catalog, true);
    else if (to.dialect && !from.dialect)
        changes = diff_against_live(*to.dialect, *to.connection, from.catalog, to.catalog, false);
    else
        changes = d ? diff::diff(from.catalog, to.catalog, d->diff_driver())
                    : diff::diff(from.catalog, to.catalog);
    if (changes.empty()) {
        std::cout << "No differences.\n";
        return kOk;
    }
    for (const auto& change : changes.changes)
        std::cout << diff::describe(change) << "\n";
    return kOk;
}

} // namespace stepwise::cli
