#include "cli/commands/commands.h"
#include "cli/planner.h"
#include "cli/schema_files.h"
#include "cli/session.h"
#include "cli/terminal.h"
#include "compiler/model/printer.h"
#include "runtime/executor.h"

#include <iostream>
#include <nlohmann/json.hpp>

namespace stepwise::cli {

namespace {

PlanFormat format_for(const PlanOptions& options) {
    if (options.format)
        return *options.format;
    auto ends_with = [&](const std::string& suffix) {
        return options.output.size() >= suffix.size() &&
               options.output.compare(options.output.size() - suffix.size(), suffix.size(),
                                      suffix) == 0;
    };
    if (ends_with(".json"))
        return PlanFormat::Json;
    if (ends_with(".sql"))
        return PlanFormat::Sql;
    if (ends_with(".dot"))
        return PlanFormat::Dot;
    return PlanFormat::Text;
}

} // namespace

std::string render_plan(const plan::Plan& plan, PlanFormat format, bool color) {
    switch (format) {
    case PlanFormat::Sql:
        return plan::to_sql(plan);
    case PlanFormat::Json:
        return plan::to_json(plan).dump(2) + "\n";
    case PlanFormat::Dot:
        return plan::to_dot(plan);
    case PlanFormat::Text:
        break;
    }
    return plan::to_text(plan, {color});
}

int run_plan(const GlobalOptions& global, const PlanOptions& options) {
    Session session = open_session(global);
    auto desired = load_desired(global, session);

    // An unfinished plan that leads to the same schema is what `apply` will resume: show it,
    // rather than a fresh plan computed from the half-migrated catalog.
    runtime::QuietReporter quiet;
    runtime::Executor executor(*session.target.dialect, *session.connection, quiet);
    auto in_progress = executor.plan_in_progress();
    std::optional<plan::Plan> resumed;
    if (in_progress && in_progress->to_fingerprint == model::fingerprint(desired))
        resumed = executor.load_plan(in_progress->id);
    plan::Plan plan;
    if (resumed) {
        plan = std::move(*resumed);
        std::cerr << "plan " << plan.id << " is in progress ("
                  << runtime::to_string(in_progress->status)
                  << "); `stepwise apply` resumes it: its applied steps are skipped\n";
    } else {
        if (in_progress)
            std::cerr << "warning: plan " << in_progress->id << " is in progress for another "
                      << "schema; `stepwise apply` refuses until it is finished or rolled back\n";
        auto current = session.target.dialect->inspect(*session.connection);
        plan = make_plan(*session.target.dialect, current, desired, session.target.settings,
                         session.connection.get());
    }

    PlanFormat format = format_for(options);
    if (options.output.empty()) {
        std::cout << render_plan(plan, format, use_color());
    } else {
        write_file(options.output, render_plan(plan, format, false));
        std::cerr << "wrote plan " << plan.id << " (" << plan.steps.size() << " steps) to "
                  << options.output << "\n";
    }
    return options.detailed_exitcode && !plan.empty() ? kChangesPending : kOk;
}

} // namespace stepwise::cli
