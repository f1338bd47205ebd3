#pragma once
// Runs plans against a live database: apply (resumable), rollback and status, with every
// step's progress recorded in the state tables.

#include "compiler/plan/plan.h"
#include "dialects/common/connection.h"
#include "dialects/common/dialect.h"
#include "runtime/apply_error.h"
#include "runtime/progress.h"
#include "runtime/retry.h"
#include "runtime/step_state.h"
#include "runtime/tombstones.h"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace stepwise::runtime {

// Run-time overrides of every backfill's batch policy (the plan carries the one it was
// compiled with); a field left empty keeps the plan's value.
struct BatchOverride {
    std::optional<int> size;       // fixed size; also the first batch when automatic
    std::optional<bool> automatic; // tune toward `target`
    std::optional<std::chrono::milliseconds> target;
    std::optional<std::chrono::milliseconds> pause;
};

// The policy a backfill runs with: `base` with the overrides applied.
plan::BatchPolicy effective_policy(const plan::BatchPolicy& base, const BatchOverride& override);

struct ApplyOptions {
    bool contract = false; // run the contract phase too
    bool dry_run = false;  // touch nothing; say which steps would run
    RetryPolicy retry;     // lock timeouts
    BatchOverride batch;
};

enum class StepAction {
    Applied,        // ran to the end in this run
    AlreadyApplied, // applied by an earlier run; skipped
    WouldApply,     // dry run
    Deferred,       // a contract step left for `apply --contract`
};

struct StepOutcome {
    std::string step_id;
    StepAction action;
};

struct ApplyResult {
    std::string plan_id;
    std::vector<StepOutcome> steps; // every step of the plan, in order
    bool stopped_before_contract = false;
    std::vector<std::string> deploy_notes; // of the deferred contract steps, non-empty ones
    bool resumed = false;                  // the plan had been recorded by an earlier apply
    int retries = 0;                       // lock timeouts waited out
};

struct RollbackOptions {
    std::optional<std::string> to_step; // stop after undoing this step
    // The plan the operator means to undo. Needed when that plan is not the newest recorded
    // one (the newest was rolled back or applied nothing): a rollback run once too often
    // must not undo the plan before without being told to.
    std::optional<std::string> plan;
    RetryPolicy retry;
};

struct RollbackResult {
    std::string plan_id;                  // empty: nothing to roll back
    std::vector<std::string> rolled_back; // step ids, in the order they were undone
    bool complete = false;                // no step of the plan has effects left
    int retries = 0;
};

class Executor {
public:
    Executor(const dialect::Dialect& dialect, dialect::Connection& connection, Reporter& reporter);

    // Records the plan (or finds it: the same id resumes), then runs its steps in order.
    // Throws ApplyError when a step fails (its state row says failed, with the message);
    // running apply again retries from that step.
    ApplyResult apply(const plan::Plan& plan, const ApplyOptions& options = {});

    // Undoes the latest plan that has applied steps, from its stored JSON, in reverse order.
    // Throws ApplyError when to_step is not in that plan or was not applied; Refused when
    // that plan is not the newest recorded one and options.plan does not name it, or when
    // options.plan names another plan.
    RollbackResult rollback(const RollbackOptions& options = {});
    // The plan rollback(options) would undo, after the same refusals; empty when no plan has
    // applied steps. Changes nothing (but adds down_done to an old state table, as rollback
    // does): for the CLI to ask about the right plan before it starts.
    std::optional<PlanRecord> rollback_plan(const RollbackOptions& options);

    // The latest plan and all its steps; empty when the state tables do not exist yet.
    Status status();

    // For the CLI: the plan an apply left unfinished, to resume it rather than plan afresh.
    std::optional<PlanRecord> plan_in_progress();
    std::optional<plan::Plan> load_plan(const std::string& plan_id);

    // Tombstone tables and columns left by applied steps of every recorded plan, oldest plan
    // first, with their row counts; purged or rolled-back ones are not listed.
    std::vector<Tombstone> tombstones();
    // Drops the tombstones for good, each in its own transaction with a record that its step
    // can no longer be rolled back. Returns the names dropped; throws ApplyError when some
    // cannot be dropped (those dropped stay dropped).
    std::vector<std::string> purge(const std::vector<Tombstone>& tombstones,
                                   const RetryPolicy& retry = {});

private:
    std::optional<Tombstone> find_tombstone(const plan::Step& step, const std::string& name);

    const dialect::Dialect& dialect_;
    dialect::Connection& connection_;
    Reporter& reporter_;
};

} // namespace stepwise::runtime
