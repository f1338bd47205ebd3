#include "cli/run_lock_options.h"

#include "cli/errors.h"

#include <fmt/format.h>

namespace stepwise::cli {

namespace {
// A wait longer than this is a typo (a unit left out), not a plan.
constexpr std::chrono::milliseconds kLongestOrphanWait{std::chrono::hours(24)};
} // namespace

std::chrono::milliseconds parse_orphan_wait(const std::string& text) {
    auto d = parse_duration(text);
    if (!d || d->count() < 0 || *d > kLongestOrphanWait)
        throw CliError(fmt::format("--orphan-wait takes a duration from 0s to 24h such as 30s, "
                                   "2m or 500ms, not '{}'",
                                   text));
    return *d;
}

dialect::LockOptions run_lock_options(const std::string& flag, const Environment& settings,
                                      runtime::Reporter& reporter) {
    dialect::LockOptions options;
    if (!flag.empty())
        options.orphan_wait = parse_orphan_wait(flag);
    else if (settings.orphan_wait)
        options.orphan_wait = *settings.orphan_wait;
    options.on_wait = [&reporter](const dialect::OrphanWait& wait) {
        reporter.orphan_waiting(wait);
    };
    return options;
}

} // namespace stepwise::cli
