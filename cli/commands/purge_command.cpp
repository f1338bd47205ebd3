#include "cli/commands/commands.h"
#include "cli/config.h"
#include "cli/reporters.h"
#include "cli/run_lock_options.h"
#include "cli/session.h"
#include "cli/terminal.h"
#include "runtime/clock.h"
#include "runtime/executor.h"
#include "runtime/run_lock.h"

#include <algorithm>
#include <fmt/format.h>
#include <iostream>

namespace stepwise::cli {

namespace {

// "3d 4h", "2h 5m", "42s": the two largest units are enough to judge an age.
std::string human_age(std::chrono::milliseconds age) {
    long long s = std::max<long long>(age.count() / 1000, 0);
    long long d = s / 86400, h = s % 86400 / 3600, m = s % 3600 / 60;
    if (d > 0)
        return fmt::format("{}d {}h", d, h);
    if (h > 0)
        return fmt::format("{}h {}m", h, m);
    if (m > 0)
        return fmt::format("{}m {}s", m, s % 60);
    return fmt::format("{}s", s);
}

std::optional<std::chrono::milliseconds> age_of(const runtime::Tombstone& t,
                                                std::chrono::system_clock::time_point now) {
    if (!t.created_at)
        return std::nullopt;
    auto created = runtime::parse_iso8601_utc(*t.created_at);
    if (!created)
        return std::nullopt;
    return std::chrono::duration_cast<std::chrono::milliseconds>(now - *created);
}

} // namespace

int run_purge(const GlobalOptions& global, const PurgeOptions& options) {
    std::optional<std::chrono::milliseconds> older_than;
    if (!options.older_than.empty()) {
        older_than = parse_duration(options.older_than);
        if (!older_than || older_than->count() < 0)
            throw CliError(
                fmt::format("--older-than takes a duration such as 7d, 12h or 30m, not '{}'",
                            options.older_than));
    }
    Session session = open_session(global);
    auto waits = make_reporter(false, false); // purge shows only why it waits, if it does
    auto lock =
        runtime::acquire_run_lock(*session.target.dialect, session.target.url, *session.connection,
                                  "stepwise purge on " + session.target.label,
                                  run_lock_options("", session.target.settings, *waits));
    runtime::QuietReporter quiet;
    runtime::Executor executor(*session.target.dialect, *session.connection, quiet);

    auto now = std::chrono::system_clock::now();
    std::vector<runtime::Tombstone> chosen;
    std::vector<std::string> ages;
    for (const auto& t : executor.tombstones()) {
        auto age = age_of(t, now);
        if (older_than && (!age || *age < *older_than))
            continue;
        chosen.push_back(t);
        ages.push_back(age ? human_age(*age) : "unknown");
    }
    if (chosen.empty()) {
        std::cout << "No tombstones to purge on " << session.target.label
                  << (older_than ? " older than " + options.older_than : std::string()) << ".\n";
        return kOk;
    }

    size_t width = 9;
    for (const auto& t : chosen)
        width = std::max(width, t.label().size());
    std::cout << fmt::format("Tombstones on {}:\n", session.target.label);
    std::cout << fmt::format("  {:<{}} {:>10} {:>10}  {}\n", "tombstone", width, "age", "rows",
                             "made by step");
    for (size_t i = 0; i < chosen.size(); ++i)
        std::cout << fmt::format("  {:<{}} {:>10} {:>10}  {} (plan {})\n", chosen[i].label(), width,
                                 ages[i], chosen[i].rows, chosen[i].step_id, chosen[i].plan_id);

    // Purging is the drop the soft drop put off: the same DataLoss gate as apply.
    auto allowed = options.allow_hazards;
    allowed.insert(allowed.end(), session.target.settings.allow_hazards.begin(),
                   session.target.settings.allow_hazards.end());
    for (const auto& a : allowed)
        if (!plan::hazard_from_string(a))
            throw CliError(fmt::format("unknown hazard class '{}'", a));
    if (std::find(allowed.begin(), allowed.end(), "DataLoss") == allowed.end()) {
        std::string list;
        for (const auto& t : chosen)
            list += fmt::format("\n  {} [DataLoss]: drops {} ({} rows) for good; the step can "
                                "no longer be rolled back",
                                t.step_id, t.table, t.rows);
        throw runtime::Refused("purge loses data:" + list +
                               "\nreview them, then allow it with --allow-hazard DataLoss");
    }
    if (!options.yes) {
        if (!stdin_is_tty())
            throw CliError(
                "purge drops tables and columns for good and needs confirmation: run it on a "
                "terminal, or pass --yes");
        if (!confirm(fmt::format("Drop {} tombstone{} for good?", chosen.size(),
                                 chosen.size() == 1 ? "" : "s"))) {
            std::cerr << "Nothing purged.\n";
            return kError;
        }
    }

    auto dropped = executor.purge(chosen);
    std::cout << fmt::format("Purged {} tombstone{}. These steps can no longer be rolled back:\n",
                             dropped.size(), dropped.size() == 1 ? "" : "s");
    for (const auto& t : chosen)
        std::cout << fmt::format("  {} (plan {})\n", t.step_id, t.plan_id);
    return kOk;
}

} // namespace stepwise::cli
