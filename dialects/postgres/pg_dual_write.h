#pragma once
// Expand/contract for a column whose name or type changes (DESIGN.md: "new column + dual-write
// trigger → backfill → swap in contract"). During the window between expand and contract the
// old column and the new one both exist; one PL/pgSQL trigger keeps them equal in both
// directions, so old code (old column only) and new code (new column only) run side by side.

#include "dialects/postgres/pg_steps.h"

#include <set>
#include <string>
#include <vector>

namespace stepwise::postgres {

struct ColumnSwap {
    std::string table;           // the table's target name (a table rename runs before)
    std::string from_table;      // its current name, to find `from` in the current catalog
    model::Column from;          // the column as it is now
    model::Column to;            // the column wanted; `using` / `down using` convert between them
    std::set<std::string> added; // "<table>.<name>" of indexes and constraints the plan adds
                                 // anyway (their own steps build them on the new column)
};

// Why the swap path does not apply, or empty when it does. It does not for an identity, a
// `backfill` of NULLs, a column in the primary key or referenced by a foreign key (of any
// table): a table has one primary key and a key points at one column, so neither can be on
// the old and the new column at once. A type change under the same name of a column that an
// index, key, check or foreign key names stays in place too. A renamed column that such objects
// name swaps, and they are copied onto the new column (pg_dual_write_objects.h).
std::string in_place_reason(const StepContext& ctx, const ColumnSwap& swap);
inline bool can_swap(const StepContext& ctx, const ColumnSwap& swap) {
    return in_place_reason(ctx, swap).empty();
}

// Whether `sql` may name `column`: a whole-word, case-insensitive match. It errs towards yes
// (a string literal that holds the word counts).
bool mentions_column(const std::string& sql, const std::string& column);

// The new column's name during the window: the target name, or `_stepwise_new_<name>` when the
// type changes under the same name (the contract renames it in).
std::string window_name(const ColumnSwap& swap);

// expand (new column + trigger), backfill, NOT NULL validation when wanted, contract (drop
// the trigger, old column to a tombstone, defaults and comment on the new one).
std::vector<plan::Step> column_swap_steps(const StepContext& ctx, const ColumnSwap& swap);

} // namespace stepwise::postgres
