// Executor::rollback: the down path of the latest plan with applied steps.

#include "runtime/executor.h"
#include "runtime/state_store.h"
#include "runtime/step_runner.h"

#include <chrono>
#include <fmt/format.h>
#include <map>

namespace stepwise::runtime {

namespace {

// `target` is the newest plan with applied steps. Starting on it is refused when a newer
// plan was rolled back unless the operator named it: running rollback once too often would
// otherwise undo the plan before, which nobody asked for. A newer plan that changed nothing
// (an apply killed before its first step, then planned again) does not count: the kill loop
// of resume_tests found that refusing there stops an ordinary resumed rollback.
void check_target(StateStore& store, const std::optional<PlanRecord>& target,
                  const RollbackOptions& options) {
    if (options.plan && (!target || target->id != *options.plan)) {
        auto named = store.find_plan(*options.plan);
        std::string why = !named    ? "is not recorded in the state table"
                          : !target ? "has no applied steps"
                                    : "is not the plan a rollback undoes next (that is " +
                                          target->id + ", the newest plan with applied steps)";
        throw Refused(
            fmt::format("plan {} {}; run status to see the newest plan", *options.plan, why));
    }
    if (!target || options.plan)
        return;
    auto newest = store.latest_plan();
    if (!newest || newest->id == target->id || newest->status != PlanStatus::RolledBack)
        return;
    throw Refused(fmt::format(
        "the newest plan, {}, is rolled back; a rollback now would start on an older plan, {}, "
        "which is still applied. If you mean to undo {} too, run rollback again with --plan {}",
        newest->id, target->id, target->id, target->id));
}

void upgrade_state_table(StateStore& store) {
    try {
        store.add_missing_columns();
    } catch (const dialect::DatabaseError& e) {
        throw ApplyError("", std::string("could not add the columns this version records to "
                                         "the state table: ") +
                                 e.what());
    }
}

} // namespace

std::optional<PlanRecord> Executor::rollback_plan(const RollbackOptions& options) {
    StateStore store(dialect_, connection_);
    if (!store.tables_exist()) {
        if (options.plan)
            throw Refused("plan " + *options.plan + " is not recorded: no plan was ever applied");
        return std::nullopt;
    }
    upgrade_state_table(store);
    auto target = store.latest_plan_with_effects();
    check_target(store, target, options);
    return target;
}

RollbackResult Executor::rollback(const RollbackOptions& options) {
    StateStore store(dialect_, connection_);
    RollbackResult result;
    if (!store.tables_exist()) {
        if (options.plan)
            throw Refused("plan " + *options.plan + " is not recorded: no plan was ever applied");
        if (options.to_step)
            throw ApplyError(*options.to_step, "nothing to roll back: no plan was ever applied");
        return result;
    }
    upgrade_state_table(store);
    // A rollback killed after undoing its last step, before marking the plan rolled back: the
    // latest plan has nothing left to undo. Finish that rollback rather than go on to the plan
    // before it, so running a killed rollback again never undoes more than it was asked to.
    if (auto latest = store.latest_plan(); latest && !options.to_step &&
                                           latest->status != PlanStatus::RolledBack &&
                                           latest->status != PlanStatus::Partial) {
        auto steps = store.steps(latest->id);
        bool any_effects = false, any_rolled_back = false;
        for (const auto& s : steps) {
            any_effects = any_effects || s.has_effects();
            any_rolled_back = any_rolled_back || s.status == StepStatus::RolledBack;
        }
        if (!any_effects && any_rolled_back) {
            store.set_plan_status(latest->id, PlanStatus::RolledBack);
            result.plan_id = latest->id;
            result.complete = true;
            return result;
        }
    }
    auto record = store.latest_plan_with_effects();
    check_target(store, record, options);
    if (!record) {
        if (options.to_step)
            throw ApplyError(*options.to_step, "nothing to roll back: no plan has applied steps");
        return result;
    }
    auto plan = store.load_plan(record->id);
    if (!plan)
        throw ApplyError("",
                         "plan " + record->id + " is in the state table but its JSON is missing");
    result.plan_id = plan->id;

    std::map<std::string, StepState> states;
    for (auto& s : store.steps(plan->id))
        states[s.step_id] = s;
    auto has_effects = [&](const std::string& id) {
        auto it = states.find(id);
        return it != states.end() && it->second.has_effects();
    };

    std::vector<const plan::Step*> to_undo;
    for (auto it = plan->steps.rbegin(); it != plan->steps.rend(); ++it)
        if (has_effects(it->id))
            to_undo.push_back(&*it);
    if (options.to_step) {
        bool in_plan = false;
        for (const auto& step : plan->steps)
            in_plan = in_plan || step.id == *options.to_step;
        if (!in_plan)
            throw ApplyError(*options.to_step,
                             "is not a step of plan " + plan->id + "; run status to see its steps");
        if (!has_effects(*options.to_step))
            throw ApplyError(*options.to_step, "was not applied in plan " + plan->id +
                                                   ", so there is nothing to roll back to");
    }

    // A purged tombstone cannot be renamed back: refuse before undoing anything.
    auto purged = store.purged(plan->id);
    for (const plan::Step* step : to_undo) {
        for (const auto& p : purged)
            if (p.step_id == step->id)
                throw Refused(fmt::format(
                    "step {} of plan {} cannot be rolled back: its tombstone {} was purged on {} "
                    "(its data is gone); roll back only the steps after it with --to STEP",
                    step->id, plan->id, p.tombstone, p.purged_at));
        if (options.to_step && step->id == *options.to_step)
            break;
    }

    Retrier retrier(options.retry, reporter_);
    RunContext ctx{dialect_, connection_, store, reporter_, retrier, plan->id};
    int index = 0;
    for (const plan::Step* step : to_undo) {
        ++index;
        auto started = std::chrono::steady_clock::now();
        reporter_.step_started(
            StepStarted{*step, Direction::Down, index, static_cast<int>(to_undo.size()), false});
        try {
            connection_.set_step_timeouts(step->lock_timeout, step->statement_timeout);
            run_step_down(ctx, *step, states[step->id]);
        } catch (const std::exception& e) {
            abandon_transaction(connection_);
            std::string message = std::string("rollback failed: ") + e.what();
            try {
                // Keeps what the step had done, so the next rollback tries it again.
                store.mark_failed(plan->id, step->id, message);
                store.set_plan_status(plan->id, PlanStatus::Failed);
            } catch (const std::exception&) {
            }
            reporter_.step_failed(StepFailed{*step, Direction::Down, message});
            throw ApplyError(step->id,
                             message + "; the steps after it are undone, this one (or what is left "
                                       "of it) and those before it are not; fix the cause and run "
                                       "rollback again to continue");
        }
        reporter_.step_finished(StepFinished{*step, Direction::Down,
                                             std::chrono::duration_cast<std::chrono::milliseconds>(
                                                 std::chrono::steady_clock::now() - started)});
        result.rolled_back.push_back(step->id);
        if (options.to_step && step->id == *options.to_step)
            break;
    }

    result.complete = result.rolled_back.size() == to_undo.size();
    retrier.run("", [&] {
        store.set_plan_status(plan->id,
                              result.complete ? PlanStatus::RolledBack : PlanStatus::Partial);
    });
    result.retries = retrier.retries();
    return result;
}

} // namespace stepwise::runtime
