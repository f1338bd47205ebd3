#pragma once
// The PostgreSQL online strategy (DESIGN.md's table): a ChangeSet compiled into a StepGraph.
// The step builders live in one file per object kind (pg_*_steps.cpp); this file orders them.

#include "compiler/diff/changeset.h"
#include "compiler/model/catalog.h"
#include "compiler/plan/step_graph.h"
#include "dialects/common/dialect.h"

namespace stepwise::postgres {

// Names are qualified with `from.ns` (the inspected schema) when it is set.
plan::StepGraph compile_changes(const diff::ChangeSet& changes, const model::Catalog& from,
                                const model::Catalog& to, const dialect::CompileOptions& options);

} // namespace stepwise::postgres
