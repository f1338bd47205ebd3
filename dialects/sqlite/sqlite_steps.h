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

// sqlite_column_steps.cpp
// Whether ALTER TABLE ADD COLUMN can add `column` as the target table declares it.
bool can_add_in_place(const model::Table& target, const model::Column& column);
plan::Step add_column_step(const StepContext& ctx, const std::string& table_now,
                           const model::Table& target, const model::Column& column);
plan::Step rename_column_step(const StepContext& ctx, const std::string& table_now,
                              const std::string& target_table, const std::string& from,
                              const std::string& to);

// sqlite_index_steps.cpp
plan::Step add_index_step(const StepContext& ctx, const std::string& table_now,
                          const std::string& target_table, const model::Index& index);
plan::Step drop_index_step(const StepContext& ctx, const std::string& table_now,
                           const std::string& target_table, const model::Index& index);
plan::Step replace_index_step(const StepContext& ctx, const std::string& table_now,
                              const std::string& target_table, const model::Index& from,
                              const model::Index& to);

// sqlite_rebuild.cpp
struct RebuildSpec {
    const model::Table* current = nullptr;           // as it is now, under its current name
    const model::Table* target = nullptr;            // as it must become, under its final name
    std::map<std::string, std::string> source_of;    // target column -> current column
    std::map<std::string, diff::AlterColumn> alters; // by target column name
    std::vector<std::string> reasons;                // why a rebuild, for the summary
    bool app_incompatible = false; // drops, renames, type changes, new required columns
    bool drops_data = false;
};
// create (expand), copy (backfill), swap (validate or contract), in that order.
std::vector<plan::Step> rebuild_steps(const StepContext& ctx, const RebuildSpec& spec);

} // namespace stepwise::sqlite
