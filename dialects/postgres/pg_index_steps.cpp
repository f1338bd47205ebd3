#include "dialects/postgres/pg_quote.h"
#include "dialects/postgres/pg_steps.h"

namespace stepwise::postgres {

using plan::HazardClass;
using plan::Phase;

namespace {

// CONCURRENTLY waits only for SHARE UPDATE EXCLUSIVE, which blocks no reads or writes, and
// for older transactions to finish. A lock timeout in the middle would leave an invalid
// index behind, and a retry of the same statement would then find the name taken, so these
// steps wait as long as they must.
void concurrent(plan::Step& s) {
    s.transactional = false;
    s.lock_timeout = std::chrono::milliseconds(0);
    s.statement_timeout = std::chrono::milliseconds(0);
}

} // namespace

std::vector<plan::Step> add_index_steps(const StepContext& ctx, const diff::AddIndex& c) {
    auto s = ctx.step(c.table + "." + c.index.name + ":create", Phase::Expand,
                      "create index " + c.index.name + " on " + c.table + " concurrently",
                      "SHARE UPDATE EXCLUSIVE", c.table);
    concurrent(s);
    // No leading drop of an invalid index a failed build left: unbounded here, it would wait
    // unseen behind another session still building it. The build's guard drops a dead one and
    // waits, bounded and reported, for a live one (pg_statement_guard.h).
    add_index_build(s, plan::Side::Up, ctx.names, c.table, c.index);
    s.down = {"DROP INDEX CONCURRENTLY IF EXISTS " + ctx.names.object(c.index.name)};
    s.hazards = {{HazardClass::LongRunning,
                  "builds the index from every row of " + c.table + " (writes continue)"}};
    return {s};
}

std::vector<plan::Step> drop_index_steps(const StepContext& ctx, const diff::DropIndex& c,
                                         bool readded) {
    auto s =
        ctx.step(c.table + "." + c.index.name + ":drop", readded ? Phase::Expand : Phase::Contract,
                 "drop index " + c.index.name + " on " + c.table + " concurrently",
                 "SHARE UPDATE EXCLUSIVE", c.table);
    concurrent(s);
    s.up = {"DROP INDEX CONCURRENTLY IF EXISTS " + ctx.names.object(c.index.name)};
    add_index_build(s, plan::Side::Down, ctx.names, c.table, c.index);
    if (!readded)
        s.hazards = {{HazardClass::AppIncompatible,
                      "queries that rely on " + c.index.name + " may become slow"}};
    return {s};
}

} // namespace stepwise::postgres
