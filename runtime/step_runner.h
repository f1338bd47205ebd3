#pragma once
// Internal to the runtime: running one step's up (with its backfill) or its down, with the
// state row kept in step. Failures propagate as DatabaseError or StepCheckFailed; the
// executor records them.

#include "compiler/plan/step.h"
#include "dialects/common/connection.h"
#include "dialects/common/dialect.h"
#include "runtime/executor.h"
#include "runtime/progress.h"
#include "runtime/retry.h"
#include "runtime/state_store.h"

#include <functional>
#include <stdexcept>
#include <string>

namespace stepwise::runtime {

// A check query returned a row.
class StepCheckFailed : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct RunContext {
    const dialect::Dialect& dialect;
    dialect::Connection& connection;
    StateStore& store;
    Reporter& reporter;
    Retrier& retrier;
    std::string plan_id;
    BatchOverride batch = {};
};

// Rolls back an open transaction, swallowing errors: the caller is already failing.
void abandon_transaction(dialect::Connection& connection);

// BEGIN; work; COMMIT, retried as a whole on lock timeouts; rolled back on any error.
void in_transaction(RunContext& ctx, const std::string& step_id, const std::function<void()>& work);

// Runs the step's checks; the first that returns a row throws StepCheckFailed.
void run_checks(RunContext& ctx, const plan::Step& step);

void run_step_up(RunContext& ctx, const plan::Step& step, const StepState& state);
// The up statements of a non-transactional step from `from` on, each counted in
// statements_done so that a resume continues after the last one that is durable.
void run_counted_statements(RunContext& ctx, const plan::Step& step, int from);
void run_backfill(RunContext& ctx, const plan::Step& step, const StepState& state);
// The down; a non-transactional one resumes after `state.down_done` statements.
void run_step_down(RunContext& ctx, const plan::Step& step, const StepState& state);

} // namespace stepwise::runtime
