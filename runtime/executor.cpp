#include "runtime/executor.h"

#include "runtime/state_store.h"
#include "runtime/step_runner.h"

#include <chrono>
#include <map>

namespace stepwise::runtime {

namespace {

using Clock = std::chrono::steady_clock;

std::string what_next(const plan::Step& step) {
    if (step.transactional)
        return "its transaction was rolled back, so nothing of this step is applied; fix the "
               "cause and run apply again to retry from this step, or run rollback to undo the "
               "steps before it";
    return "this step does not run in a transaction and may be partly applied (the state "
           "table counts the statements done); fix the cause and run apply again to continue "
           "it, or run rollback to undo it and the steps before it";
}

} // namespace

plan::BatchPolicy effective_policy(const plan::BatchPolicy& base, const BatchOverride& override) {
    plan::BatchPolicy policy = base;
    if (override.size)
        policy.size = *override.size;
    if (override.automatic)
        policy.automatic = *override.automatic;
    if (override.target)
        policy.target = *override.target;
    if (override.pause)
        policy.pause = *override.pause;
    return policy;
}

Executor::Executor(const dialect::Dialect& dialect, dialect::Connection& connection,
                   Reporter& reporter)
    : dialect_(dialect), connection_(connection), reporter_(reporter) {}

ApplyResult Executor::apply(const plan::Plan& plan, const ApplyOptions& options) {
    StateStore store(dialect_, connection_);
    ApplyResult result;
    result.plan_id = plan.id;

    std::map<std::string, StepState> states;
    Retrier retrier(options.retry, reporter_);
    if (options.dry_run) {
        if (store.tables_exist())
            for (auto& s : store.steps(plan.id))
                states[s.step_id] = s;
        result.resumed = !states.empty();
    } else {
        RunContext setup{dialect_, connection_, store, reporter_, retrier, plan.id};
        try {
            in_transaction(setup, "", [&] {
                store.ensure_tables();
                result.resumed = store.find_plan(plan.id).has_value();
                store.record_plan(plan);
                store.set_plan_status(plan.id, PlanStatus::Running);
            });
        } catch (const dialect::DatabaseError& e) {
            throw ApplyError("", std::string("could not record plan ") + plan.id +
                                     " in the state tables: " + e.what() +
                                     (e.lock_timeout() ? "; the database stayed locked (another "
                                                         "apply or a long transaction?); try again "
                                                         "later"
                                                       : ""));
        }
        for (auto& s : store.steps(plan.id))
            states[s.step_id] = s;
        for (const auto& [id, s] : states)
            if (s.status == StepStatus::RollingBack)
                throw Refused("step " + id + " of plan " + plan.id +
                              " was being rolled back when that rollback stopped; run rollback "
                              "again to finish undoing the plan, then apply");
    }

    // Decide first, so progress can say "step 2 of 5".
    std::vector<const plan::Step*> to_run;
    for (const auto& step : plan.steps) {
        auto it = states.find(step.id);
        if (it != states.end() && it->second.status == StepStatus::Applied) {
            result.steps.push_back({step.id, StepAction::AlreadyApplied});
            continue;
        }
        if (step.phase == plan::Phase::Contract && !options.contract)
            result.stopped_before_contract = true;
        if (result.stopped_before_contract) {
            result.steps.push_back({step.id, StepAction::Deferred});
            if (!step.deploy_note.empty())
                result.deploy_notes.push_back(step.deploy_note);
            continue;
        }
        result.steps.push_back(
            {step.id, options.dry_run ? StepAction::WouldApply : StepAction::Applied});
        to_run.push_back(&step);
    }
    if (options.dry_run)
        return result;

    RunContext ctx{dialect_, connection_, store, reporter_, retrier, plan.id, options.batch};
    for (const auto& outcome : result.steps)
        if (outcome.action == StepAction::AlreadyApplied)
            for (const auto& step : plan.steps)
                if (step.id == outcome.step_id)
                    reporter_.step_skipped(StepSkipped{step, "already applied"});

    int index = 0;
    for (const plan::Step* step : to_run) {
        ++index;
        StepState state = states[step->id];
        if (state.status == StepStatus::RolledBack) {
            retrier.run(step->id, [&] { store.reset_step(plan.id, step->id); });
            state = StepState{};
        }
        bool resumed = state.statements_done > 0 || state.cursor.has_value();
        auto started = Clock::now();
        try {
            connection_.set_step_timeouts(step->lock_timeout, step->statement_timeout);
            retrier.run(step->id, [&] { store.mark_running(plan.id, step->id); });
            StepStarted event{*step, Direction::Up, index, static_cast<int>(to_run.size()),
                              resumed};
            if (step->backfill) {
                event.batch = effective_policy(step->backfill->policy, options.batch);
                // Recorded, so that status shows the policy the rows are done with, which an
                // apply's --batch-* overrides may have changed from the plan's.
                retrier.run(step->id,
                            [&] { store.set_batch_policy(plan.id, step->id, *event.batch); });
            }
            reporter_.step_started(event);
            run_step_up(ctx, *step, state);
        } catch (const std::exception& e) {
            bool expected = dynamic_cast<const dialect::DatabaseError*>(&e) ||
                            dynamic_cast<const StepCheckFailed*>(&e);
            std::string message = expected ? e.what() : std::string("interrupted: ") + e.what();
            abandon_transaction(connection_);
            try {
                store.mark_failed(plan.id, step->id, message);
                store.set_plan_status(plan.id, PlanStatus::Failed);
            } catch (const std::exception&) {
                // The database may be gone; the step's row still says running.
            }
            reporter_.step_failed(StepFailed{*step, Direction::Up, message});
            if (expected)
                throw ApplyError(step->id, message + "; " + what_next(*step));
            throw;
        }
        reporter_.step_finished(StepFinished{
            *step, Direction::Up,
            std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started)});
    }

    retrier.run("", [&] {
        store.set_plan_status(plan.id, result.stopped_before_contract ? PlanStatus::Partial
                                                                      : PlanStatus::Applied);
    });
    result.retries = retrier.retries();
    return result;
}

Status Executor::status() {
    StateStore store(dialect_, connection_);
    Status status;
    if (!store.tables_exist())
        return status;
    status.plan = store.latest_plan();
    if (status.plan)
        status.steps = store.steps(status.plan->id);
    return status;
}

std::optional<PlanRecord> Executor::plan_in_progress() {
    StateStore store(dialect_, connection_);
    if (!store.tables_exist())
        return std::nullopt;
    return store.plan_in_progress();
}

std::optional<plan::Plan> Executor::load_plan(const std::string& plan_id) {
    StateStore store(dialect_, connection_);
    if (!store.tables_exist())
        return std::nullopt;
    return store.load_plan(plan_id);
}

} // namespace stepwise::runtime
