#pragma once
// From a desired catalog and a live one to an ordered Plan, through the dialect's compiler.

#include "cli/config.h"
#include "compiler/diff/changeset.h"
#include "compiler/model/catalog.h"
#include "compiler/plan/plan.h"
#include "dialects/common/dialect.h"

namespace stepwise::cli {

// Checks the migration hints against `current` (FrontendError on a hint that names nothing),
// diffs, compiles and orders. The same inputs give a byte-identical plan. With `live` (the
// connection `current` was read from), desired expressions are compared as the server
// stores them (Dialect::normalise_desired); DDL and fingerprints use `desired` as written.
plan::Plan make_plan(const dialect::Dialect& dialect, const model::Catalog& current,
                     const model::Catalog& desired, const Environment& settings,
                     dialect::Connection* live = nullptr);

// The changes from `from` to `to`, one of them read from `live` and the other from schema
// files, compared as make_plan compares them: only the file's tables whose comparison could
// depend on the server's spelling (diff::respell_candidates) are spelt by it.
diff::ChangeSet diff_against_live(const dialect::Dialect& dialect, dialect::Connection& live,
                                  const model::Catalog& from, const model::Catalog& to,
                                  bool live_is_from);

} // namespace stepwise::cli
