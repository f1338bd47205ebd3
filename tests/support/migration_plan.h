#pragma once
// The plan from a live test database to a desired schema, compiled as `stepwise plan` would,
// and the small look-ups the expand/contract tests make on it.

#include "compiler/model/catalog.h"
#include "compiler/plan/plan.h"
#include "dialects/common/dialect.h"

#include <string>
#include <vector>

namespace stepwise::testing {

// Inspects `connection`, parses `schema` and compiles the difference in dependency order,
// backfills in batches of `batch_size` rows.
plan::Plan compile_plan(const dialect::Dialect& dialect, dialect::Connection& connection,
                        const std::string& schema, int batch_size);

// The same to a desired catalog already parsed; the default batch policy when `batch_size` is
// 0.
plan::Plan compile_plan(const dialect::Dialect& dialect, dialect::Connection& connection,
                        const model::Catalog& to, int batch_size = 0);

// The step called `id`, or nullptr.
const plan::Step* find_step(const plan::Plan& plan, const std::string& id);

// Every step id in order, for failure messages.
std::vector<std::string> step_ids(const plan::Plan& plan);

// `plan` cut after the step `last` (a rollback point); the whole plan, with a test failure,
// when there is no such step.
plan::Plan plan_upto(const plan::Plan& plan, const std::string& last);

// The first value of the first row `sql` returns; "NULL" for SQL NULL or no row.
std::string scalar(dialect::Connection& connection, const std::string& sql);

} // namespace stepwise::testing
