#include "cli/commands/commands.h"
#include "cli/config.h"
#include "cli/planner.h"
#include "cli/reporters.h"
#include "cli/run_lock_options.h"
#include "cli/schema_files.h"
#include "cli/session.h"
#include "cli/terminal.h"
#include "compiler/diff/differ.h"
#include "compiler/frontend/loader.h"
#include "compiler/model/printer.h"
#include "runtime/batch_sizer.h"
#include "runtime/executor.h"
#include "runtime/run_lock.h"

#include <fmt/format.h>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>

namespace stepwise::cli {

namespace {

plan::Plan read_plan_file(const std::string& path) {
    nlohmann::json json;
    try {
        json = nlohmann::json::parse(read_file(path));
    } catch (const nlohmann::json::parse_error& e) {
        throw CliError(fmt::format("{} is not a plan file: {}", path, e.what()));
    }
    return plan::plan_from_json(json);
}

// What changed between the catalog a saved plan was computed from and the live one, one
// line per change; empty when the plan does not carry its source schema.
std::vector<std::string> drift_lines(const plan::Plan& plan, const model::Catalog& live,
                                     const dialect::Dialect& dialect) {
    if (plan.source_schema.empty())
        return {};
    model::Catalog source = frontend::parse_sources(
        {{"plan " + plan.id + " source_schema", plan.source_schema}}, dialect.naming());
    std::vector<std::string> lines;
    for (const auto& change : diff::diff(source, live, dialect.diff_driver()).changes)
        lines.push_back(diff::describe(change));
    return lines;
}

// A saved plan may only run on the catalog it was computed from.
void refuse_drift(const plan::Plan& plan, Session& session) {
    auto current = session.target.dialect->inspect(*session.connection);
    std::string live = model::fingerprint(current);
    if (live == plan.from_fingerprint)
        return;
    std::string what = fmt::format(
        "the database has drifted since plan {} was made: its catalog fingerprint is {}, the "
        "plan was computed from {}",
        plan.id, live.substr(0, 12), plan.from_fingerprint.substr(0, 12));
    if (live == plan.to_fingerprint)
        what += " (the database already has the plan's target schema)";
    std::vector<std::string> lines;
    try {
        lines = drift_lines(plan, current, *session.target.dialect);
    } catch (const std::exception& e) {
        what += fmt::format("\n(the plan's source schema cannot be read back: {})", e.what());
    }
    if (!lines.empty()) {
        what += "\nchanged since the plan was made (plan's source -> live database):";
        for (const auto& line : lines)
            what += "\n  " + line;
    } else if (plan.source_schema.empty()) {
        what += "\n(the plan file does not carry its source schema, so what differs cannot be "
                "listed; plans written by this stepwise do)";
    }
    what += "\nrun `stepwise plan` again";
    throw runtime::Refused(what);
}

// --batch-size N|auto, --batch-target D, --batch-pause D.
runtime::BatchOverride batch_override(const ApplyOptions& options) {
    runtime::BatchOverride out;
    if (options.batch_size == "auto") {
        out.automatic = true;
    } else if (!options.batch_size.empty()) {
        int n = 0;
        try {
            size_t used = 0;
            n = std::stoi(options.batch_size, &used);
            if (used != options.batch_size.size())
                n = 0;
        } catch (const std::exception&) {
            n = 0;
        }
        if (n < runtime::BatchSizer::kMin || n > runtime::BatchSizer::kMax)
            throw CliError(fmt::format("--batch-size must be 'auto' or a number of rows from {} "
                                       "to {}, not '{}'",
                                       runtime::BatchSizer::kMin, runtime::BatchSizer::kMax,
                                       options.batch_size));
        out.size = n;
        out.automatic = false;
    }
    auto duration = [](const std::string& flag, const std::string& text) {
        auto d = parse_duration(text);
        if (!d || d->count() < 0)
            throw CliError(
                fmt::format("{} takes a duration such as 100ms, 2s or 1m, not '{}'", flag, text));
        return *d;
    };
    if (!options.batch_target.empty()) {
        out.target = duration("--batch-target", options.batch_target);
        if (out.target->count() == 0)
            throw CliError("--batch-target must be longer than 0ms");
    }
    if (!options.batch_pause.empty())
        out.pause = duration("--batch-pause", options.batch_pause);
    return out;
}

// The steps this run would execute: contract steps only with --contract.
std::vector<const plan::Step*> steps_to_run(const plan::Plan& plan, bool contract) {
    std::vector<const plan::Step*> out;
    for (const auto& s : plan.steps)
        if (contract || s.phase != plan::Phase::Contract)
            out.push_back(&s);
    return out;
}

// Allowing one hazard class never allows another.
void refuse_hazards(const std::vector<const plan::Step*>& steps,
                    const std::vector<std::string>& allowed_list) {
    std::set<std::string> allowed(allowed_list.begin(), allowed_list.end());
    for (const auto& a : allowed)
        if (!plan::hazard_from_string(a))
            throw CliError(fmt::format("unknown hazard class '{}' (known: DataLoss, TableRewrite, "
                                       "BlockingLock, LongRunning, AppIncompatible, Irreversible)",
                                       a));
    std::string refused;
    std::set<std::string> classes;
    for (const auto* s : steps)
        for (const auto& h : s->hazards)
            if (!allowed.count(plan::to_string(h.cls))) {
                refused += fmt::format("\n  {} [{}]: {}", s->id, plan::to_string(h.cls), h.reason);
                classes.insert(plan::to_string(h.cls));
            }
    if (refused.empty())
        return;
    std::string flags;
    for (const auto& c : classes)
        flags += " --allow-hazard " + c;
    throw runtime::Refused("the plan has hazards that are not allowed:" + refused +
                           "\nreview them, then allow them with" + flags +
                           " (or allow_hazards in stepwise.toml)");
}

} // namespace

int run_apply(const GlobalOptions& global, const ApplyOptions& options) {
    runtime::BatchOverride batch = batch_override(options);
    if (!options.orphan_wait.empty())
        parse_orphan_wait(options.orphan_wait); // a bad value stops before connecting
    Session session = open_session(global);
    auto reporter = make_reporter(options.quiet, options.json);
    // Held until apply returns; a second apply or rollback is refused and told who runs.
    std::unique_ptr<dialect::RunLock> lock;
    if (!options.dry_run)
        lock = runtime::acquire_run_lock(
            *session.target.dialect, session.target.url, *session.connection,
            "stepwise apply on " + session.target.label,
            run_lock_options(options.orphan_wait, session.target.settings, *reporter));
    runtime::Executor executor(*session.target.dialect, *session.connection, *reporter);

    plan::Plan plan;
    auto in_progress = executor.plan_in_progress();
    if (!options.plan_file.empty()) {
        plan = read_plan_file(options.plan_file);
        if (plan.dialect != session.target.dialect->name())
            throw CliError(fmt::format("plan {} is for {}, the target is {}", plan.id, plan.dialect,
                                       session.target.dialect->name()));
        if (!(in_progress && in_progress->id == plan.id))
            refuse_drift(plan, session);
    } else {
        auto desired = load_desired(global, session);
        if (in_progress && in_progress->to_fingerprint == model::fingerprint(desired)) {
            auto stored = executor.load_plan(in_progress->id);
            if (!stored)
                throw CliError("plan " + in_progress->id + " is recorded but cannot be loaded");
            plan = std::move(*stored);
            if (!options.quiet)
                std::cerr << "resuming plan " << plan.id << "\n";
        } else {
            auto current = session.target.dialect->inspect(*session.connection);
            plan = make_plan(*session.target.dialect, current, desired, session.target.settings,
                             session.connection.get());
        }
    }
    if (in_progress && in_progress->id != plan.id)
        throw runtime::Refused(fmt::format(
            "plan {} is still in progress ({}); finish it with `stepwise apply --contract` "
            "using the schema it was made for, or undo it with `stepwise rollback`, first",
            in_progress->id, runtime::to_string(in_progress->status)));

    if (plan.empty()) {
        std::cout << "Nothing to do: " << session.target.label << " matches the schema.\n";
        return kOk;
    }

    auto steps = steps_to_run(plan, options.contract);
    auto allowed = options.allow_hazards;
    allowed.insert(allowed.end(), session.target.settings.allow_hazards.begin(),
                   session.target.settings.allow_hazards.end());
    if (!options.dry_run)
        refuse_hazards(steps, allowed);

    if (options.dry_run) {
        std::cout << plan::to_text(plan, {use_color()});
    } else if (!options.yes) {
        if (!stdin_is_tty())
            throw CliError("apply changes the database and needs confirmation: run it on a "
                           "terminal, or pass --yes");
        std::cout << plan::to_text(plan, {use_color()});
        if (!confirm(fmt::format("Apply {} step{} to {}?", steps.size(),
                                 steps.size() == 1 ? "" : "s", session.target.label))) {
            std::cerr << "Nothing applied.\n";
            return kError;
        }
    }

    runtime::ApplyOptions run;
    run.contract = options.contract;
    run.dry_run = options.dry_run;
    run.batch = batch;
    auto result = executor.apply(plan, run);

    int applied = 0, skipped = 0;
    for (const auto& s : result.steps) {
        applied += s.action == runtime::StepAction::Applied;
        skipped += s.action == runtime::StepAction::AlreadyApplied;
    }
    if (options.json)
        return kOk;
    if (options.dry_run) {
        std::cout << "Dry run: nothing was changed.\n";
        return kOk;
    }
    std::cout << fmt::format("Applied {} step{} of plan {}", applied, applied == 1 ? "" : "s",
                             result.plan_id);
    if (skipped)
        std::cout << fmt::format(" ({} already applied)", skipped);
    std::cout << ".\n";
    if (result.stopped_before_contract) {
        std::cout << "Stopped before the contract phase.\n";
        // The same wording as the text plan: what to deploy, then how to continue.
        for (const auto& note : result.deploy_notes)
            std::cout << "  " << note << ", then run `stepwise apply --contract`\n";
        if (result.deploy_notes.empty())
            std::cout << "When the application no longer needs the old shape, run "
                         "`stepwise apply --contract`.\n";
    }
    return kOk;
}

} // namespace stepwise::cli
