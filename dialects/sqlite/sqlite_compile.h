#pragma once
// The SQLite online strategy: a ChangeSet compiled into a StepGraph.
//
// In place: CREATE TABLE, ADD COLUMN (when SQLite allows it), RENAME COLUMN / RENAME TO,
// CREATE / DROP INDEX. Everything else rebuilds the table (sqlite_rebuild.cpp): create the
// new shape as `_stepwise_new_<t>` with triggers mirroring writes, copy in keyset batches,
// then swap in one short transaction, keeping the old table as the tombstone
// `_stepwise_dropped_<plan>_<t>` so every down brings the data back.
//
// For the runtime: a swap step is `transactional=false`. PRAGMA foreign_keys cannot change
// inside a transaction, so its statements carry their own PRAGMA / BEGIN IMMEDIATE / COMMIT.
// If one of them fails, the runtime should ROLLBACK when the connection is still in a
// transaction and then run `PRAGMA foreign_keys=ON` and `PRAGMA legacy_alter_table=OFF`.
// Steps whose `up` is empty carry only a backfill.

#include "compiler/diff/changeset.h"
#include "compiler/model/catalog.h"
#include "compiler/plan/step_graph.h"
#include "dialects/common/dialect.h"

namespace stepwise::sqlite {

plan::StepGraph compile_changes(const diff::ChangeSet& changes, const model::Catalog& from,
                                const model::Catalog& to, const dialect::CompileOptions& options);

} // namespace stepwise::sqlite
