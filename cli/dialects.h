#pragma once
// The dialect for a URL's scheme.

#include "dialects/common/dialect.h"

#include <memory>

namespace stepwise::cli {

// Throws CliError for a scheme whose dialect is not available yet.
std::unique_ptr<dialect::Dialect> dialect_for(const dialect::Url& url);

} // namespace stepwise::cli
