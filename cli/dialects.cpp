#include "cli/dialects.h"

#include "cli/errors.h"
#include "dialects/sqlite/sqlite_dialect.h"

namespace stepwise::cli {

std::unique_ptr<dialect::Dialect> dialect_for(const dialect::Url& url) {
    if (url.scheme == "sqlite")
        return sqlite::make_sqlite_dialect();
    throw CliError("the " + url.scheme +
                   " dialect is not yet available in this build (only sqlite:// is)");
}

} // namespace stepwise::cli
