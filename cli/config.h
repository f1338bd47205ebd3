#pragma once
// stepwise.toml: where the schema lives and the named environments.

#include <chrono>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace stepwise::cli {

// A malformed config file; what() starts with "path:line:col: error:".
class ConfigError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct Environment {
    std::string url;
    std::optional<std::chrono::milliseconds> lock_timeout;
    // A fixed number of rows per batch; unset (or "auto" in the file): automatic, the default.
    std::optional<int> batch_size;
    std::optional<std::chrono::milliseconds> batch_target;
    // How long apply, rollback and purge wait for what a killed run left running (its server
    // sessions finishing a statement) before stopping it; unset: the runtime's default.
    std::optional<std::chrono::milliseconds> orphan_wait;
    std::vector<std::string> allow_hazards;
};

struct Config {
    std::string path;                // the file it came from; empty: no config file
    std::vector<std::string> schema; // files or directories, relative to the config's folder
    std::map<std::string, Environment> envs;
};

// Reads `path`. Unknown keys and wrong value types are errors with line:col.
Config load_config(const std::string& path);

// Parses "1s", "250ms", "2m", "1h", "3d" (a bare number is milliseconds).
std::optional<std::chrono::milliseconds> parse_duration(const std::string& text);

} // namespace stepwise::cli
