#pragma once
// A command's working set: config, target, an open connection, the desired catalog.

#include "cli/target.h"
#include "compiler/model/catalog.h"
#include "dialects/common/connection.h"

#include <memory>
#include <optional>

namespace stepwise::cli {

struct Session {
    std::optional<Config> config;
    Target target;
    std::unique_ptr<dialect::Connection> connection;
};

Session open_session(const GlobalOptions& options);

// The .schema files of --schema / the config / ./schemas, bound with the target's naming.
model::Catalog load_desired(const GlobalOptions& options, const Session& session);

} // namespace stepwise::cli
