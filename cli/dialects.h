#pragma once
// The dialect for a URL's scheme.

#include "dialects/common/dialect.h"

#include <memory>
#include <string>

namespace stepwise::cli {

// Throws CliError for a scheme whose dialect is not available yet.
std::unique_ptr<dialect::Dialect> dialect_for(const dialect::Url& url);
// The dialect a URL scheme names ("sqlite", "postgres", "postgresql", "mysql"); nullptr for
// any other name.
std::unique_ptr<dialect::Dialect> dialect_named(const std::string& name);

} // namespace stepwise::cli
