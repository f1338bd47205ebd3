#pragma once
// What the state tables record about a plan and each of its steps.

#include "compiler/plan/step.h"

#include <optional>
#include <string>
#include <vector>

namespace stepwise::runtime {

// RollingBack: a rollback began undoing a non-transactional step and was killed; the next
// rollback continues it after `down_done` statements. A down that fails marks it Failed.
enum class StepStatus { Pending, Running, Applied, Failed, RolledBack, RollingBack };

// Running: an apply is (or was, if it was killed) under way. Partial: stopped before the
// contract phase, or rolled back part of the way.
enum class PlanStatus { Pending, Running, Partial, Applied, Failed, RolledBack };

const char* to_string(StepStatus status); // "rolled_back", "rolling_back"
const char* to_string(PlanStatus status);
std::optional<StepStatus> step_status_from_string(const std::string& text);
std::optional<PlanStatus> plan_status_from_string(const std::string& text);

struct PlanRecord {
    std::string id;
    std::string dialect;
    std::string from_fingerprint;
    std::string to_fingerprint;
    std::string created_at; // ISO-8601 UTC
    PlanStatus status = PlanStatus::Pending;
    long long seq = 0; // creation order; the latest plan has the largest
};

struct StepState {
    std::string step_id;
    int ordinal = 0;
    plan::Phase phase = plan::Phase::Expand;
    StepStatus status = StepStatus::Pending;
    std::optional<std::string> started_at;
    std::optional<std::string> finished_at;
    int attempts = 0;
    // `up` statements whose effects are committed; lets a non-transactional step resume
    // after its last successful statement.
    int statements_done = 0;
    // `down` statements whose effects are committed, while rolling back a step that does not
    // run in a transaction: a resumed rollback continues after the last durable one.
    int down_done = 0;
    // Backfill: the bound is the largest key when the backfill started (bound_set says it
    // was computed; a NULL bound means there was nothing to do). The cursor is the last key
    // done, NULL before the first batch.
    bool bound_set = false;
    std::optional<std::string> bound;
    std::optional<std::string> cursor;
    long long rows_done = 0;
    std::optional<long long> rows_total;
    std::optional<std::string> error;
    // Backfill: the batch policy the step's latest run used, an apply's --batch-* overrides
    // applied (the plan's own policy may differ); empty before it ran, and in rows written
    // before runs recorded it.
    std::optional<plan::BatchPolicy> batch;

    // Whether anything of this step may be in the database (and its down must run).
    bool has_effects() const {
        return status == StepStatus::Applied || status == StepStatus::RollingBack ||
               statements_done > 0 || cursor.has_value() || down_done > 0;
    }
};

// A tombstone (a soft-dropped table) that `purge` dropped for good.
struct PurgedTombstone {
    std::string plan_id;
    std::string step_id; // the step that created it
    std::string tombstone;
    std::string purged_at;
};

struct Status {
    std::optional<PlanRecord> plan; // the latest plan; empty when none was ever applied
    std::vector<StepState> steps;   // in plan order
};

} // namespace stepwise::runtime
