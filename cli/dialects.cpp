#include "cli/dialects.h"

#include "cli/errors.h"
#include "dialects/postgres/pg_dialect.h"
#include "dialects/mysql/mysql_dialect.h"
#include "dialects/sqlite/sqlite_dialect.h"

namespace stepwise::cli {

std::unique_ptr<dialect::Dialect> dialect_for(const dialect::Url& url) {
    if (url.scheme == "sqlite")
        return sqlite::make_sqlite_dialect();
    if (url.scheme == "mysql")
        return mysql::make_mysql_dialect();
    if (url.scheme == "postgres" || url.scheme == "postgresql")
        return postgres::make_postgres_dialect();
    throw CliError("the " + url.scheme +
                   " dialect is not yet available in this build (only sqlite:// is)");
}

} // namespace stepwise::cli
