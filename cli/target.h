#pragma once
// Resolves what a command works on: the config file, the target database (--env / --url)
// and the desired schema paths (--schema, the config's `schema`, else ./schemas).

#include "cli/config.h"
#include "dialects/common/dialect.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace stepwise::cli {

struct GlobalOptions {
    std::string config_path = "stepwise.toml";
    bool config_given = false; // --config given: the file must exist
    std::string env;
    std::string url;
    std::vector<std::string> schema;
    std::string dialect; // --dialect of the offline commands (validate, fmt)
};

struct Target {
    dialect::Url url;
    std::unique_ptr<dialect::Dialect> dialect;
    Environment settings; // from the config's env, or defaults for --url
    std::string label;    // what to show a person: "env prod (postgres://app@db/shop)"
};

std::optional<Config> load_config_if_any(const GlobalOptions& options);
// Throws CliError when neither --env nor --url is given or the env is unknown.
Target resolve_target(const GlobalOptions& options, const std::optional<Config>& config);
// The dialect whose naming binds schema files without a database (validate, fmt): --dialect,
// else the one --env or --url names (resolved as resolve_target does), else the one every
// environment of the config names, else PostgreSQL. Throws CliError for an unknown
// --dialect, or --dialect with --env or --url.
std::unique_ptr<dialect::Dialect> resolve_offline_dialect(const GlobalOptions& options,
                                                          const std::optional<Config>& config);
std::vector<std::string> resolve_schema_paths(const GlobalOptions& options,
                                              const std::optional<Config>& config);

} // namespace stepwise::cli
