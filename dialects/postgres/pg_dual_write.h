#pragma once
// Expand/contract for a column whose name or type changes (DESIGN.md: "new column + dual-write
// trigger → backfill → swap in contract"). During the window between expand and contract the
// old column and the new one both exist; one PL/pgSQL trigger keeps them equal in both
// directions, so old code (old column only) and new code (new column only) run side by side.

#include "dialects/postgres/pg_steps.h"

#include <string>
#include <vector>

namespace stepwise::postgres {

struct ColumnSwap {
    std::string table;      // the table's target name (a table rename runs before)
    std::string from_table; // its current name, to find `from` in the current catalog
    model::Column from;     // the column as it is now
    model::Column to;       // the column wanted; `using` / `down using` convert between them
};

// Whether the swap path applies: no identity, no `backfill` of NULLs, and no index, key, check or
// foreign key (of this table or another) names the column on either side. Such objects would stay
// on the old column and be soft-dropped with it, so those changes keep the in-place path.
bool can_swap(const StepContext& ctx, const ColumnSwap& swap);

// The new column's name during the window: the target name, or `_stepwise_new_<name>` when the
// type changes under the same name (the contract renames it in).
std::string window_name(const ColumnSwap& swap);

// expand (new column + trigger), backfill, NOT NULL validation when wanted, contract (drop
// the trigger, old column to a tombstone, defaults and comment on the new one).
std::vector<plan::Step> column_swap_steps(const StepContext& ctx, const ColumnSwap& swap);

} // namespace stepwise::postgres
