#pragma once
// The MySQL / MariaDB online strategy: a ChangeSet compiled into a StepGraph.
//
// Each change becomes ALTERs with the cheapest algorithm the server guarantees for it
// (INSTANT, else INPLACE with LOCK=NONE); a change that needs a table copy carries the
// TableRewrite and BlockingLock hazards instead of copying silently. Steps of one table run
// in the differ's order; renames and drops wait for the contract phase, and anything that
// names a renamed column or table waits for the rename.

#include "compiler/diff/changeset.h"
#include "compiler/plan/step_graph.h"
#include "dialects/common/dialect.h"
#include "dialects/mysql/mysql_connection.h"

namespace stepwise::mysql {

plan::StepGraph compile_changes(const diff::ChangeSet& changes, const model::Catalog& from,
                                const model::Catalog& to, const dialect::CompileOptions& options,
                                const ServerVersion& server);

} // namespace stepwise::mysql
