#include "dialects/postgres/pg_validate_steps.h"

#include "dialects/postgres/pg_quote.h"

namespace stepwise::postgres {

std::vector<plan::Step> validate_constraint_steps(const StepContext& ctx,
                                                  const diff::ValidateConstraint& c) {
    std::string what = c.foreign_key ? "foreign key" : "check";
    auto s = ctx.step(c.table + "." + c.name + ":validate", plan::Phase::Validate,
                      "validate " + what + " " + c.name + " of " + c.table +
                          " (it exists NOT VALID; the down leaves it validated, as PostgreSQL "
                          "cannot make it NOT VALID again)",
                      "SHARE UPDATE EXCLUSIVE", c.table);
    s.up = {alter_table(ctx, c.table) + "VALIDATE CONSTRAINT " + quote_ident(c.name)};
    s.down = {};
    std::string reason = "scans " + c.table + " to check existing rows (writes continue)";
    if (c.foreign_key)
        reason += "; looks up every referenced row";
    s.hazards = {{plan::HazardClass::LongRunning, reason}};
    return {s};
}

} // namespace stepwise::postgres
