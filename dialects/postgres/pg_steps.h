#pragma once
// Step builders of the PostgreSQL compiler, one file per object kind. Each returns steps with
// their up, down, lock, hazards and the ids of the steps they follow inside one change; the
// compiler (pg_compile.cpp) adds the edges between changes.

#include "compiler/diff/changeset.h"
#include "compiler/model/catalog.h"
#include "compiler/plan/step.h"
#include "dialects/common/dialect.h"
#include "dialects/postgres/pg_ddl.h"

#include <string>
#include <vector>

namespace stepwise::postgres {

struct StepContext {
    const model::Catalog& from;
    const model::Catalog& to;
    const dialect::CompileOptions& options;
    Names names;

    std::string tombstone(const std::string& name) const; // _stepwise_dropped_<plan>_<name>
    std::string table(const std::string& name) const { return names.table(name); }
    // A step holding `mode` on `object`, with the plan's lock timeout.
    plan::Step step(std::string id, plan::Phase phase, std::string summary, std::string mode,
                    const std::string& object) const;
};

// "ALTER TABLE <t> "
std::string alter_table(const StepContext& ctx, const std::string& table);

// pg_table_steps.cpp
std::vector<plan::Step> create_table_steps(const StepContext& ctx, const model::Table& table);
std::vector<plan::Step> drop_table_steps(const StepContext& ctx, const model::Table& table);
std::vector<plan::Step> rename_table_steps(const StepContext& ctx, const diff::RenameTable& c);
// The table's objects named for its old name take the new one (diff::RenameTable::objects).
plan::Step rename_objects_step(const StepContext& ctx, const diff::RenameTable& c,
                               const std::string& after);
std::vector<plan::Step> table_comment_steps(const StepContext& ctx, const diff::SetTableComment& c);

// pg_column_steps.cpp
std::vector<plan::Step> add_column_steps(const StepContext& ctx, const diff::AddColumn& c);
std::vector<plan::Step> drop_column_steps(const StepContext& ctx, const diff::DropColumn& c);
std::vector<plan::Step> rename_column_steps(const StepContext& ctx, const diff::RenameColumn& c);
std::vector<plan::Step> alter_column_steps(const StepContext& ctx, const diff::AlterColumn& c);

// pg_type_change_steps.cpp
std::vector<plan::Step> type_change_steps(const StepContext& ctx, const diff::AlterColumn& c);

// pg_not_null_steps.cpp: backfill (when `fill` is set) then CHECK NOT VALID, VALIDATE,
// SET NOT NULL. `prefix` is the id prefix ("orders.note").
std::vector<plan::Step> not_null_steps(const StepContext& ctx, const std::string& table,
                                       const std::string& column,
                                       const std::optional<model::Expr>& fill,
                                       const std::string& prefix, bool only_nulls);
// The batched UPDATE of `column` to `value`; keyset over a one-column primary key, else one
// statement (then LongRunning).
plan::Step backfill_step(const StepContext& ctx, const std::string& table,
                         const std::string& column, const model::Expr& value, std::string id,
                         bool only_nulls);

// pg_index_steps.cpp
std::vector<plan::Step> add_index_steps(const StepContext& ctx, const diff::AddIndex& c);
std::vector<plan::Step> drop_index_steps(const StepContext& ctx, const diff::DropIndex& c,
                                         bool readded);

// pg_constraint_steps.cpp
std::vector<plan::Step> add_primary_key_steps(const StepContext& ctx, const diff::AddPrimaryKey& c);
std::vector<plan::Step> drop_primary_key_steps(const StepContext& ctx,
                                               const diff::DropPrimaryKey& c);
std::vector<plan::Step> add_unique_steps(const StepContext& ctx, const diff::AddUnique& c);
std::vector<plan::Step> drop_unique_steps(const StepContext& ctx, const diff::DropUnique& c);
std::vector<plan::Step> add_foreign_key_steps(const StepContext& ctx, const diff::AddForeignKey& c);
std::vector<plan::Step> drop_foreign_key_steps(const StepContext& ctx,
                                               const diff::DropForeignKey& c);
std::vector<plan::Step> add_check_steps(const StepContext& ctx, const diff::AddCheck& c);
std::vector<plan::Step> drop_check_steps(const StepContext& ctx, const diff::DropCheck& c);

// pg_enum_steps.cpp
std::vector<plan::Step> create_enum_steps(const StepContext& ctx, const diff::CreateEnum& c);
std::vector<plan::Step> drop_enum_steps(const StepContext& ctx, const diff::DropEnum& c);
std::vector<plan::Step> alter_enum_steps(const StepContext& ctx, const diff::AlterEnum& c);

} // namespace stepwise::postgres
