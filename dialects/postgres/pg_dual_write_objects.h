#pragma once
// The indexes, unique constraints, checks and foreign keys that name a column renamed through
// the expand/contract swap (pg_dual_write.h). Old code needs them on the old column and new
// code on the new one, so during the window each exists twice: the new column gets a copy
// under a temporary name `_stepwise_new_<name>`, built online (CREATE INDEX CONCURRENTLY, or
// NOT VALID then VALIDATE) after the backfill. The contract retires the old object and gives
// the copy its final name. A retired index or unique constraint stays on the tombstone column
// under a tombstone name (rollback renames it back; purge drops it with the column); a retired
// check or foreign key is dropped, since it would judge the rows new code writes by a column
// left NULL, and the contract's down adds it back once the old column holds every row again.

#include "dialects/postgres/pg_dual_write.h"

#include <string>
#include <vector>

namespace stepwise::postgres {

struct ObjectCopies {
    std::vector<plan::Step> steps;      // build / add and validate the copies
    std::vector<std::string> last;      // ids the contract follows
    std::vector<std::string> up;        // contract: retire the old objects, name the copies
    std::vector<std::string> down_head; // contract's down, before the columns are renamed back
    std::vector<std::string> down_tail; // contract's down, after the old column is whole again
};

// Copies of the target table's objects that name the new column (those the plan adds are
// built by their own steps), and the retirement of the current table's objects that name the
// old one (those the plan drops and adds back under the same name retire earlier, through
// retire_steps). The copies follow `after` (the backfill).
ObjectCopies copy_objects(const StepContext& ctx, const ColumnSwap& swap, const std::string& after);

// Whether the current table's index or constraint `name` names the swapped old column.
bool names_old_column(const StepContext& ctx, const ColumnSwap& swap, const std::string& name);

// An Expand step that retires `name` (an object the plan drops and adds back under the same
// name) so the new one can take the name: an index or unique constraint is renamed to a
// tombstone, a check or foreign key dropped. Its down restores the old object on the old column.
std::vector<plan::Step> retire_steps(const StepContext& ctx, const ColumnSwap& swap,
                                     const std::string& name);

} // namespace stepwise::postgres
