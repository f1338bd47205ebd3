#pragma once
// Step builders shared by the SQLite compiler, one file per object kind.

#include "compiler/diff/changeset.h"
#include "compiler/model/catalog.h"
#include "compiler/plan/step.h"
#include "dialects/common/dialect.h"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace stepwise::sqlite {

struct StepContext {
    const model::Catalog& from;
    const model::Catalog& to;
    const dialect::CompileOptions& options;

    std::string tombstone(const std::string& name) const;
    // A step with the SQLite lock and the plan's lock timeout filled in.
    plan::Step step(std::string id, plan::Phase phase, std::string summary) const;
};

std::string new_table_name(const std::string& table); // _stepwise_new_<table>

// sqlite_table_steps.cpp
plan::Step create_table_step(const StepContext& ctx, const model::Table& table);
plan::Step drop_table_step(const StepContext& ctx, const model::Table& table);
plan::Step rename_table_step(const StepContext& ctx, const std::string& from,
                             const std::string& to);
// Old and new code side by side: expand renames the table and leaves a view under the old
// name with INSTEAD OF triggers; contract drops the view. `table` has a primary key.
std::vector<plan::Step> rename_table_with_view_steps(const StepContext& ctx,
                                                     const model::Table& table,
                                                     const std::string& to);

// sqlite_rename_objects.cpp
// The objects of a renamed table named for its old name take the new one
// (diff::RenameTable::objects); runs after the table's rename, on the table's new name.
plan::Step rename_objects_step(const StepContext& ctx, const diff::RenameTable& c,
                               const model::Table& target);

// sqlite_column_steps.cpp
// Whether ALTER TABLE ADD COLUMN can add `column` as the target table declares it.
bool can_add_in_place(const model::Table& target, const model::Column& column);
plan::Step add_column_step(const StepContext& ctx, const std::string& table_now,
                           const model::Table& target, const model::Column& column);

// sqlite_index_steps.cpp
plan::Step add_index_step(const StepContext& ctx, const std::string& table_now,
                          const std::string& target_table, const model::Index& index);
plan::Step drop_index_step(const StepContext& ctx, const std::string& table_now,
                           const std::string& target_table, const model::Index& index);
plan::Step replace_index_step(const StepContext& ctx, const std::string& table_now,
                              const std::string& target_table, const model::Index& from,
                              const model::Index& to);

// sqlite_dual_write.cpp
// A column whose old and new shapes live side by side during the expand window.
struct DualColumn {
    std::string old_column; // empty: a new column filled forward only (`backfill`)
    std::string new_column;
    std::string forward; // SQL over a row of the table: the new column's value
    std::string reverse; // SQL over a row: the old column's value from the new one
    const model::Column* target = nullptr; // the column as it must become
};
std::vector<std::string> dual_write_triggers(const std::string& table, const DualColumn& c);
std::vector<std::string> drop_dual_write_triggers(const std::string& table, const DualColumn& c);
// Rows whose new column was written while no trigger ran: the old column follows it.
std::vector<std::string> resync_old_column(const std::string& table, const DualColumn& c);
// expand (ADD COLUMN + triggers), backfill, and validate when the column has constraints.
std::vector<plan::Step> dual_write_steps(const StepContext& ctx, const std::string& table_now,
                                         const model::Table& target, const DualColumn& c);

// sqlite_rebuild.cpp
struct RebuildSpec {
    const model::Table* current = nullptr;           // as it is now, under its current name
    const model::Table* target = nullptr;            // as it must become, under its final name
    std::map<std::string, std::string> source_of;    // target column -> current column
    std::map<std::string, diff::AlterColumn> alters; // by target column name
    std::vector<std::string> reasons;                // why a rebuild, for the summary
    bool app_incompatible = false; // drops, renames, type changes, new required columns
    bool drops_data = false;
    // Expand/contract (sqlite_dual_write.cpp): the table already holds both shapes, so the
    // whole rebuild is the contract. The dual-write triggers keep working until the swap
    // drops them (`swap_head`); the swap's down puts them back (`swap_down_tail`).
    bool all_in_contract = false;
    std::vector<std::string> swap_head;
    std::vector<std::string> swap_down_tail;
    // Target column -> the expression the mirror and the copy use instead of the column.
    std::map<std::string, std::string> forward_of;
    // Old columns the swap's down fills from the new table for rows written since the swap.
    struct RestoreOld {
        std::string old_column, new_column;
        std::string reverse; // over a row of the new table
    };
    std::vector<RestoreOld> restore_old;
    std::string deploy_note;       // empty: "deploy code that works with the new shape of T"
    std::string incompatible_note; // empty: "code written for the old shape of T may fail"
};
// The parent, as the target has it, when the plan drops the key `fk` (a key of the current
// catalog) references; null when the key stays or the parent is dropped.
const model::Table* parent_losing_its_key(const StepContext& ctx, const model::ForeignKey& fk);
// The parent, as the target has it, when the key `fk` (a key of the target catalog)
// references is new in the plan on a table that exists before it; null otherwise.
const model::Table* parent_gaining_its_key(const StepContext& ctx, const model::ForeignKey& fk);
// `table` with its foreign keys naming the parents' columns as they are before the plan
// renames them: SQLite resolves keys by name, and a parent's rebuild carries the references
// to the new names in its swap. Parents the plan creates or renames are left alone (a child of
// a renamed parent waits for the parent's last step).
model::Table naming_parent_columns_as_now(const StepContext& ctx, const model::Table& table);
// SQL that hides, in the stored text of `table`, its foreign keys to parents whose key the
// plan drops (sqlite_tombstone_keys.h), and the SQL that brings them back; empty when none.
// Run each before a rename, which makes SQLite read the schema again.
std::vector<std::string> hide_keys_to_dropped_parent_keys(const StepContext& ctx,
                                                          const model::Table& current,
                                                          const std::string& table);
std::vector<std::string> unhide_keys(const std::string& table);
// create (expand), copy (backfill), swap (validate or contract), in that order.
std::vector<plan::Step> rebuild_steps(const StepContext& ctx, const RebuildSpec& spec);

} // namespace stepwise::sqlite
