#include "cli/config.h"

#include "compiler/plan/step.h"
#include "runtime/batch_sizer.h"

#include <filesystem>
#include <fmt/format.h>
#include <toml++/toml.h>

namespace stepwise::cli {

namespace {

std::string where(const std::string& path, const toml::source_region& src) {
    return fmt::format("{}:{}:{}", path, src.begin.line, src.begin.column);
}

[[noreturn]] void fail(const std::string& path, const toml::node& node, const std::string& what) {
    throw ConfigError(fmt::format("{}: error: {}", where(path, node.source()), what));
}

std::string as_string(const std::string& path, const toml::node& node, const std::string& key) {
    if (!node.is_string())
        fail(path, node, fmt::format("'{}' must be a string", key));
    return **node.as_string();
}

std::chrono::milliseconds as_duration(const std::string& path, const toml::node& node,
                                      const std::string& key) {
    auto d = parse_duration(as_string(path, node, key));
    if (!d)
        fail(path, node, fmt::format("'{}' is not a duration (like \"1s\" or \"250ms\")", key));
    return *d;
}

std::vector<std::string> as_string_list(const std::string& path, const toml::node& node,
                                        const std::string& key) {
    std::vector<std::string> out;
    if (node.is_string())
        return {**node.as_string()};
    if (!node.is_array())
        fail(path, node, fmt::format("'{}' must be a string or a list of strings", key));
    for (const auto& item : *node.as_array())
        out.push_back(as_string(path, item, key));
    return out;
}

Environment read_env(const std::string& path, const std::string& name, const toml::table& t) {
    Environment env;
    bool has_url = false;
    for (const auto& [k, v] : t) {
        std::string key(k.str());
        if (key == "url") {
            env.url = as_string(path, v, key);
            has_url = true;
        } else if (key == "lock_timeout") {
            env.lock_timeout = as_duration(path, v, key);
        } else if (key == "batch_target") {
            env.batch_target = as_duration(path, v, key);
        } else if (key == "batch_size") {
            if (v.is_string() && **v.as_string() == "auto") {
                env.batch_size.reset();
            } else if (v.is_integer() && **v.as_integer() >= runtime::BatchSizer::kMin &&
                       **v.as_integer() <= runtime::BatchSizer::kMax) {
                env.batch_size = static_cast<int>(**v.as_integer());
            } else {
                fail(path, v,
                     fmt::format("'batch_size' must be a number from {} to {} or \"auto\"",
                                 runtime::BatchSizer::kMin, runtime::BatchSizer::kMax));
            }
        } else if (key == "orphan_wait") {
            env.orphan_wait = as_duration(path, v, key);
        } else if (key == "allow_hazards") {
            env.allow_hazards = as_string_list(path, v, key);
            for (const auto& h : env.allow_hazards)
                if (!plan::hazard_from_string(h))
                    fail(path, v,
                         fmt::format("unknown hazard class '{}' (known: DataLoss, TableRewrite, "
                                     "BlockingLock, LongRunning, AppIncompatible, Irreversible)",
                                     h));
        } else {
            fail(path, v, fmt::format("unknown key '{}' in [env.{}]", key, name));
        }
    }
    if (!has_url)
        throw ConfigError(
            fmt::format("{}: error: [env.{}] has no 'url'", where(path, t.source()), name));
    return env;
}

} // namespace

std::optional<std::chrono::milliseconds> parse_duration(const std::string& text) {
    size_t i = 0;
    while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.'))
        ++i;
    if (i == 0 || i > 12)
        return std::nullopt;
    double value = 0;
    try {
        value = std::stod(text.substr(0, i));
    } catch (...) {
        return std::nullopt;
    }
    std::string unit = text.substr(i);
    double ms = 0;
    if (unit.empty() || unit == "ms")
        ms = value;
    else if (unit == "s")
        ms = value * 1000;
    else if (unit == "m" || unit == "min")
        ms = value * 60'000;
    else if (unit == "h")
        ms = value * 3'600'000;
    else if (unit == "d")
        ms = value * 86'400'000;
    else
        return std::nullopt;
    return std::chrono::milliseconds(static_cast<long long>(ms));
}

Config load_config(const std::string& path) {
    toml::table root;
    try {
        root = toml::parse_file(path);
    } catch (const toml::parse_error& e) {
        throw ConfigError(
            fmt::format("{}: error: {}", where(path, e.source()), std::string(e.description())));
    }
    Config config;
    config.path = path;
    auto base = std::filesystem::path(path).parent_path();
    for (const auto& [k, v] : root) {
        std::string key(k.str());
        if (key == "schema") {
            for (const auto& s : as_string_list(path, v, key))
                config.schema.push_back(std::filesystem::path(s).is_absolute()
                                            ? s
                                            : (base / s).lexically_normal().string());
        } else if (key == "env") {
            if (!v.is_table())
                fail(path, v, "'env' must be a table of environments: [env.NAME]");
            for (const auto& [name, env] : *v.as_table()) {
                if (!env.is_table())
                    fail(path, env, fmt::format("'env.{}' must be a table", name.str()));
                config.envs.emplace(std::string(name.str()),
                                    read_env(path, std::string(name.str()), *env.as_table()));
            }
        } else {
            fail(path, v, fmt::format("unknown key '{}' (expected 'schema' or [env.NAME])", key));
        }
    }
    return config;
}

} // namespace stepwise::cli
