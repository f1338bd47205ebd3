#pragma once
// Progress events from apply and rollback, and the sinks that show them.

#include "compiler/plan/step.h"
#include "dialects/common/orphan_wait.h"

#include <chrono>
#include <memory>
#include <optional>
#include <string>

namespace stepwise::runtime {

enum class Direction { Up, Down }; // apply runs `up`, rollback runs `down`

struct StepStarted {
    const plan::Step& step;
    Direction direction;
    int index; // 1-based position among the steps this run will touch
    int count;
    bool resumed; // the step had been started before (a backfill continues from its cursor)
    // A backfill's policy for this run: the plan's, with the run's overrides applied.
    std::optional<plan::BatchPolicy> batch = std::nullopt;
};

struct StepFinished {
    const plan::Step& step;
    Direction direction;
    std::chrono::milliseconds elapsed;
};

struct StepSkipped {
    const plan::Step& step;
    std::string reason; // "already applied"
};

struct StepFailed {
    const plan::Step& step;
    Direction direction;
    std::string message;
};

struct BatchDone {
    const plan::Step& step;
    long long rows_done;                 // rows walked so far, this run and earlier ones
    std::optional<long long> rows_total; // from the backfill's total_sql
    int batch_rows;                      // rows in this batch
    int next_batch_size;                 // what the next batch will ask for
    std::chrono::milliseconds batch_elapsed;
    std::string cursor; // last key done
};

struct Retrying {
    std::string step_id; // empty for the runtime's own bookkeeping
    int attempt;         // the attempt that failed, 1-based
    int max_attempts;
    std::chrono::milliseconds delay;
    std::string reason; // the database's message
};

// The run waits for what a killed earlier run left behind (its server session still finishing
// a statement) before it touches anything: reported when the wait starts and about once a
// second while it lasts, so a user sees why nothing moves.
using OrphanWaiting = dialect::OrphanWait;

// Events arrive in order from the thread running apply. A reporter that throws stops the
// run as a crash would: committed work and the saved cursor stay, the next apply resumes.
class Reporter {
public:
    virtual ~Reporter() = default;
    virtual void step_started(const StepStarted&) {}
    virtual void step_finished(const StepFinished&) {}
    virtual void step_skipped(const StepSkipped&) {}
    virtual void step_failed(const StepFailed&) {}
    virtual void batch_done(const BatchDone&) {}
    virtual void retrying(const Retrying&) {}
    virtual void orphan_waiting(const OrphanWaiting&) {}
};

class QuietReporter : public Reporter {};

} // namespace stepwise::runtime
