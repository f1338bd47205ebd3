#pragma once
// Tombstones: tables and columns a plan renamed out of the way instead of dropping (soft drops,
// the old column of an expand/contract swap, and on SQLite the old table a rebuild swapped out),
// named `_stepwise_dropped_<plan>_<name>`. `purge` drops them for good; after that the steps
// that made them cannot be rolled back.

#include "compiler/plan/step.h"
#include "dialects/common/dialect.h"

#include <optional>
#include <string>
#include <vector>

namespace stepwise::runtime {

struct Tombstone {
    std::string table;  // unquoted: _stepwise_dropped_<plan>_<name>, or the column's table
    std::string column; // a tombstone column of `table`; empty for a tombstone table
    std::string plan_id;
    std::string step_id;                   // the applied step whose `up` created it
    std::optional<std::string> created_at; // when that step finished (ISO-8601 UTC)
    long long rows = 0;                    // a column's: the rows where it holds a value
    // A column's: the other tombstone names of its step (indexes kept with it).
    std::vector<std::string> kept_with;

    // "<table>" or "<table>.<column>": what purge lists and records.
    std::string label() const { return column.empty() ? table : table + "." + column; }
};

// "_stepwise_dropped_<plan_id>_": the name every tombstone of that plan starts with.
std::string tombstone_prefix(const std::string& plan_id);

// The tombstones a step's `up` statements name, found as identifiers quoted by the dialect
// that start with the plan's prefix; unquoted, in order of first mention.
std::vector<std::string> tombstones_named_by(const plan::Step& step, const std::string& plan_id,
                                             const dialect::Dialect& dialect);

} // namespace stepwise::runtime
