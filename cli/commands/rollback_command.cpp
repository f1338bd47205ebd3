#include "cli/commands/commands.h"
#include "cli/reporters.h"
#include "cli/run_lock_options.h"
#include "cli/session.h"
#include "cli/terminal.h"
#include "runtime/executor.h"
#include "runtime/run_lock.h"

#include <fmt/format.h>
#include <iostream>

namespace stepwise::cli {

int run_rollback(const GlobalOptions& global, const RollbackOptions& options) {
    if (!options.orphan_wait.empty())
        parse_orphan_wait(options.orphan_wait); // a bad value stops before connecting
    Session session = open_session(global);
    auto reporter = make_reporter(options.quiet, options.json);
    auto lock = runtime::acquire_run_lock(
        *session.target.dialect, session.target.url, *session.connection,
        "stepwise rollback on " + session.target.label,
        run_lock_options(options.orphan_wait, session.target.settings, *reporter));
    runtime::Executor executor(*session.target.dialect, *session.connection, *reporter);

    runtime::RollbackOptions run;
    if (!options.to_step.empty())
        run.to_step = options.to_step;
    if (!options.plan.empty())
        run.plan = options.plan;

    // Refusals (an older plan not named with --plan) come before the question, and the
    // question names the plan that will be undone.
    auto target = executor.rollback_plan(run);
    auto status = executor.status();
    if (!status.plan) {
        std::cout << "Nothing to roll back: no plan was ever applied to " << session.target.label
                  << ".\n";
        return kOk;
    }
    if (!options.yes) {
        if (!stdin_is_tty())
            throw CliError("rollback changes the database and needs confirmation: run it on a "
                           "terminal, or pass --yes");
        std::string what =
            options.to_step.empty() ? "every applied step" : "the steps down to " + options.to_step;
        if (!confirm(fmt::format("Undo {} of plan {} on {}?", what,
                                 target ? target->id : status.plan->id, session.target.label))) {
            std::cerr << "Nothing rolled back.\n";
            return kError;
        }
    }

    auto result = executor.rollback(run);
    if (options.json)
        return kOk;
    if (result.plan_id.empty() || result.rolled_back.empty()) {
        std::cout << "Nothing to roll back.\n";
        return kOk;
    }
    std::cout << fmt::format("Rolled back {} step{} of plan {}{}.\n", result.rolled_back.size(),
                             result.rolled_back.size() == 1 ? "" : "s", result.plan_id,
                             result.complete ? "; the database is back where the plan started"
                                             : "");
    return kOk;
}

} // namespace stepwise::cli
