// stepwise: declarative schema migrations compiled into safe, reversible online steps.

#include "cli/commands/commands.h"
#include "cli/config.h"
#include "cli/errors.h"
#include "cli/verify.h"
#include "compiler/frontend/diagnostics.h"
#include "compiler/plan/step_graph.h"
#include "dialects/common/connection.h"
#include "runtime/apply_error.h"

#include <CLI/CLI.hpp>
#include <iostream>

using namespace stepwise;
using namespace stepwise::cli;

namespace {

// validate and fmt bind names as plan would for the target's dialect, without connecting.
void add_offline_dialect_options(CLI::App* cmd, GlobalOptions& global) {
    cmd->add_option("--dialect", global.dialect,
                    "Name things as sqlite, postgres or mysql does (default: the target's)");
    cmd->add_option("--env", global.env, "Take the dialect of this environment's URL");
    cmd->add_option("--url", global.url, "Take the dialect of this database URL");
}

void add_target_options(CLI::App* cmd, GlobalOptions& global, bool with_schema) {
    cmd->add_option("--env", global.env, "Environment from stepwise.toml");
    cmd->add_option("--url", global.url,
                    "Database URL (sqlite://file.db, postgres://..., mysql://...)");
    if (with_schema)
        cmd->add_option("--schema", global.schema, "Schema file or directory (repeatable)");
}

} // namespace

int main(int argc, char** argv) {
    CLI::App app{"stepwise: declarative schema migrations as safe, reversible online steps"};
    app.set_version_flag("--version", std::string("stepwise ") + STEPWISE_VERSION);
    app.require_subcommand(1);

    GlobalOptions global;
    app.add_option_function<std::string>(
           "--config",
           [&](const std::string& path) {
               global.config_path = path;
               global.config_given = true;
           },
           "Config file (default: ./stepwise.toml when present)")
        ->type_name("FILE");

    ValidateOptions validate;
    auto* validate_cmd =
        app.add_subcommand("validate", "Check .schema files and report every error");
    validate_cmd
        ->add_option("paths", validate.paths, "Files or directories, each one desired state")
        ->required();
    add_offline_dialect_options(validate_cmd, global);

    FmtOptions fmt_opts;
    auto* fmt_cmd = app.add_subcommand("fmt", "Rewrite .schema files in canonical form");
    fmt_cmd->add_option("paths", fmt_opts.paths, "Files or directories")->required();
    fmt_cmd->add_flag("--check", fmt_opts.check,
                      "Change nothing; exit 1 and name files that would change");
    fmt_cmd->add_flag("--drop-comments", fmt_opts.drop_comments,
                      "Rewrite files even though their comments will be lost");
    add_offline_dialect_options(fmt_cmd, global);

    PlanOptions plan_opts;
    std::string plan_format;
    auto* plan_cmd =
        app.add_subcommand("plan", "Show the steps that would bring the target to the schema");
    add_target_options(plan_cmd, global, true);
    plan_cmd->add_option("--format", plan_format, "text, sql, json or dot")
        ->check(CLI::IsMember({"text", "sql", "json", "dot"}));
    plan_cmd->add_option("-o,--output", plan_opts.output,
                         "Write the plan to FILE (format from its extension)");
    plan_cmd->add_flag("--detailed-exitcode", plan_opts.detailed_exitcode,
                       "Exit 2 when there are changes");

    ApplyOptions apply_opts;
    auto* apply_cmd =
        app.add_subcommand("apply", "Run the plan: expand, backfill, validate (contract waits)");
    add_target_options(apply_cmd, global, true);
    apply_cmd->add_option("plan", apply_opts.plan_file, "A saved plan (plan -o plan.json)");
    apply_cmd->add_flag("--contract", apply_opts.contract, "Also run the contract phase");
    apply_cmd->add_option("--allow-hazard", apply_opts.allow_hazards,
                          "Allow a hazard class (repeatable)");
    apply_cmd->add_flag("--dry-run", apply_opts.dry_run, "Show what would run, change nothing");
    apply_cmd->add_flag("-y,--yes", apply_opts.yes, "Do not ask for confirmation");
    apply_cmd->add_flag("-q,--quiet", apply_opts.quiet, "No progress output");
    apply_cmd->add_flag("--json", apply_opts.json, "Progress as JSON lines on stdout");
    apply_cmd->add_option("--batch-size", apply_opts.batch_size,
                          "Rows per backfill batch, or 'auto' (overrides the plan's policy)");
    apply_cmd->add_option("--batch-target", apply_opts.batch_target,
                          "With auto batches: how long a batch should take (e.g. 100ms)");
    apply_cmd->add_option("--batch-pause", apply_opts.batch_pause,
                          "Sleep between backfill batches (e.g. 50ms)");
    apply_cmd->add_option("--orphan-wait", apply_opts.orphan_wait,
                          "How long to wait for a killed run's leftover statement before "
                          "stopping it (default 60s)");

    RollbackOptions rollback_opts;
    auto* rollback_cmd = app.add_subcommand("rollback", "Undo applied steps, newest first");
    add_target_options(rollback_cmd, global, false);
    rollback_cmd->add_option("--to", rollback_opts.to_step, "Stop after undoing this step id");
    rollback_cmd->add_option("--plan", rollback_opts.plan,
                             "Undo this plan id; needed when it is not the newest plan");
    rollback_cmd->add_option("--orphan-wait", rollback_opts.orphan_wait,
                             "How long to wait for a killed run's leftover statement before "
                             "stopping it (default 60s)");
    rollback_cmd->add_flag("-y,--yes", rollback_opts.yes, "Do not ask for confirmation");
    rollback_cmd->add_flag("-q,--quiet", rollback_opts.quiet, "No progress output");
    rollback_cmd->add_flag("--json", rollback_opts.json, "Progress as JSON lines on stdout");

    bool status_json = false;
    auto* status_cmd =
        app.add_subcommand("status", "Show the steps of the current plan and their state");
    add_target_options(status_cmd, global, false);
    status_cmd->add_flag("--json", status_json, "As JSON");

    InspectOptions inspect_opts;
    auto* inspect_cmd = app.add_subcommand("inspect", "Write the live schema as .schema text");
    add_target_options(inspect_cmd, global, false);
    inspect_cmd->add_option("-o,--output", inspect_opts.output, "Write to FILE");

    DiffOptions diff_opts;
    auto* diff_cmd = app.add_subcommand("diff", "Compare two schemas: each a URL or a schema path");
    diff_cmd->add_option("from", diff_opts.from)->required();
    diff_cmd->add_option("to", diff_opts.to)->required();

    VerifyOptions verify_opts;
    auto* verify_cmd = app.add_subcommand("verify", "Prove the plan up and down on a scratch copy");
    add_target_options(verify_cmd, global, true);
    verify_cmd->add_option("--sample", verify_opts.sample,
                           "Copy up to N rows per table into the scratch (default: none)");
    auto* purge_cmd = app.add_subcommand("purge", "Remove tombstones of soft drops");
    add_target_options(purge_cmd, global, false);
    PurgeOptions purge_opts;
    purge_cmd->add_option("--older-than", purge_opts.older_than,
                          "Only tombstones older than this (e.g. 7d, 12h)");
    purge_cmd->add_option("--allow-hazard", purge_opts.allow_hazards,
                          "Purging needs DataLoss allowed");
    purge_cmd->add_flag("-y,--yes", purge_opts.yes, "Do not ask for confirmation");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int code = app.exit(e);
        return code == 0 ? kOk : kError;
    }

    try {
        if (*validate_cmd)
            return run_validate(global, validate);
        if (*fmt_cmd)
            return run_fmt(global, fmt_opts);
        if (*plan_cmd) {
            if (plan_format == "sql")
                plan_opts.format = PlanFormat::Sql;
            else if (plan_format == "json")
                plan_opts.format = PlanFormat::Json;
            else if (plan_format == "dot")
                plan_opts.format = PlanFormat::Dot;
            else if (plan_format == "text")
                plan_opts.format = PlanFormat::Text;
            return run_plan(global, plan_opts);
        }
        if (*apply_cmd)
            return run_apply(global, apply_opts);
        if (*rollback_cmd)
            return run_rollback(global, rollback_opts);
        if (*status_cmd)
            return run_status(global, status_json);
        if (*inspect_cmd)
            return run_inspect(global, inspect_opts);
        if (*diff_cmd)
            return run_diff(diff_opts);
        if (*verify_cmd)
            return run_verify(global, verify_opts);
        if (*purge_cmd)
            return run_purge(global, purge_opts);
    } catch (const frontend::FrontendError& e) {
        std::cerr << e.what() << "\n";
        return kError;
    } catch (const runtime::Refused& e) {
        std::cerr << "refused: " << e.what() << "\n";
        return kRefused;
    } catch (const runtime::ApplyError& e) {
        std::cerr << "error: " << e.what() << "\n";
        return kError;
    } catch (const dialect::DatabaseError& e) {
        std::cerr << "error: " << e.what() << "\n";
        return kError;
    } catch (const ConfigError& e) {
        std::cerr << e.what() << "\n";
        return kError;
    } catch (const CliError& e) {
        std::cerr << "error: " << e.what() << "\n";
        return kError;
    } catch (const plan::PlanError& e) {
        std::cerr << "error: " << e.what() << "\n";
        return kError;
    } catch (const std::exception& e) {
        std::cerr << "error: " << e.what() << "\n";
        return kError;
    }
    return kOk;
}
