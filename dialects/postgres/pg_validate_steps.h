#pragma once
// The step that validates a check or foreign key the live database holds NOT VALID.

#include "compiler/diff/changeset.h"
#include "dialects/postgres/pg_steps.h"

#include <vector>

namespace stepwise::postgres {

// ALTER TABLE ... VALIDATE CONSTRAINT under SHARE UPDATE EXCLUSIVE (writes continue). Its
// down is empty: PostgreSQL cannot mark a constraint NOT VALID again, and validating changes
// no data, so there is nothing to undo.
std::vector<plan::Step> validate_constraint_steps(const StepContext& ctx,
                                                  const diff::ValidateConstraint& c);

} // namespace stepwise::postgres
