#include "cli/dialects.h"

#include "cli/errors.h"
#include "dialects/mysql/mysql_dialect.h"
#include "dialects/postgres/pg_dialect.h"
#include "dialects/sqlite/sqlite_dialect.h"

namespace stepwise::cli {

std::unique_ptr<dialect::Dialect> dialect_named(const std::string& name) {
    if (name == "sqlite")
        return sqlite::make_sqlite_dialect();
    if (name == "mysql")
        return mysql::make_mysql_dialect();
    if (name == "postgres" || name == "postgresql")
        return postgres::make_postgres_dialect();
    return nullptr;
}

std::unique_ptr<dialect::Dialect> dialect_for(const dialect::Url& url) {
    if (auto d = dialect_named(url.scheme))
        return d;
    throw CliError("the " + url.scheme +
                   " dialect is not yet available in this build (only sqlite:// is)");
}

} // namespace stepwise::cli
