#include "cli/target.h"

#include "cli/dialects.h"
#include "cli/errors.h"

#include <filesystem>

namespace stepwise::cli {

std::optional<Config> load_config_if_any(const GlobalOptions& options) {
    if (!std::filesystem::exists(options.config_path)) {
        if (options.config_given)
            throw CliError("config file " + options.config_path + " does not exist");
        return std::nullopt;
    }
    return load_config(options.config_path);
}

Target resolve_target(const GlobalOptions& options, const std::optional<Config>& config) {
    Target target;
    if (!options.env.empty() && !options.url.empty())
        throw CliError("give either --env or --url, not both");
    std::string url_text;
    if (!options.url.empty()) {
        url_text = options.url;
    } else if (!options.env.empty()) {
        if (!config)
            throw CliError("--env " + options.env + " needs a config file, and " +
                           options.config_path + " does not exist");
        auto it = config->envs.find(options.env);
        if (it == config->envs.end()) {
            std::string known;
            for (const auto& [name, env] : config->envs)
                known += (known.empty() ? "" : ", ") + name;
            throw CliError("unknown environment '" + options.env + "' in " + config->path +
                           (known.empty() ? " (it defines none)" : " (known: " + known + ")"));
        }
        target.settings = it->second;
        url_text = it->second.url;
    } else {
        throw CliError("no target database: give --url URL or --env NAME (from stepwise.toml)");
    }
    try {
        target.url = dialect::parse_url(url_text);
    } catch (const dialect::UrlError& e) {
        throw CliError(std::string("bad database URL: ") + e.what());
    }
    target.settings.url = target.url.redacted();
    target.dialect = dialect_for(target.url);
    target.label = options.env.empty() ? target.url.redacted()
                                       : "env " + options.env + " (" + target.url.redacted() + ")";
    return target;
}

std::unique_ptr<dialect::Dialect> resolve_offline_dialect(const GlobalOptions& options,
                                                          const std::optional<Config>& config) {
    if (!options.dialect.empty()) {
        if (!options.env.empty() || !options.url.empty())
            throw CliError("give either --dialect or a target (--env, --url), not both");
        if (auto d = dialect_named(options.dialect))
            return d;
        throw CliError("unknown dialect '" + options.dialect +
                       "' (give sqlite, postgres or mysql)");
    }
    if (!options.env.empty() || !options.url.empty())
        return std::move(resolve_target(options, config).dialect);
    // The config's environments, when they agree; a URL that does not parse is left to the
    // commands that connect.
    std::unique_ptr<dialect::Dialect> common;
    if (config)
        for (const auto& [name, env] : config->envs) {
            std::unique_ptr<dialect::Dialect> d;
            try {
                d = dialect_named(dialect::parse_url(env.url).scheme);
            } catch (const dialect::UrlError&) {
            }
            if (!d || (common && common->name() != d->name()))
                return dialect_named("postgres");
            common = std::move(d);
        }
    return common ? std::move(common) : dialect_named("postgres");
}

std::vector<std::string> resolve_schema_paths(const GlobalOptions& options,
                                              const std::optional<Config>& config) {
    if (!options.schema.empty())
        return options.schema;
    if (config && !config->schema.empty())
        return config->schema;
    return {"schemas"};
}

} // namespace stepwise::cli
