#include "dialects/postgres/pg_quote.h"
#include "dialects/postgres/pg_steps.h"

namespace stepwise::postgres {

using plan::HazardClass;
using plan::Phase;

namespace {

std::string drop_constraint(const StepContext& ctx, const std::string& table,
                            const std::string& name) {
    return alter_table(ctx, table) + "DROP CONSTRAINT IF EXISTS " + quote_ident(name);
}

// A unique or primary key: its index is built concurrently, then attached as the constraint.
std::vector<plan::Step> keyed(const StepContext& ctx, const std::string& table,
                              const std::string& name, const std::vector<std::string>& columns,
                              const std::string& kind) {
    model::Index index;
    index.name = name;
    index.unique = true;
    for (const auto& c : columns)
        index.parts.push_back(model::IndexPart{c, std::nullopt, model::SortOrder::Asc});
    std::string prefix = table + "." + name;
    auto build = ctx.step(prefix + ":build", Phase::Expand,
                          "build the unique index " + name + " on " + table + " concurrently",
                          "SHARE UPDATE EXCLUSIVE", table);
    build.transactional = false;
    build.lock_timeout = std::chrono::milliseconds(0);
    // The guard of the build, not a leading drop, clears a dead index (pg_index_steps.cpp).
    add_index_build(build, plan::Side::Up, ctx.names, table, index);
    build.down = {"DROP INDEX CONCURRENTLY IF EXISTS " + ctx.names.object(name)};
    build.hazards = {{HazardClass::LongRunning,
                      "builds the index from every row of " + table + " (writes continue)"}};

    auto attach =
        ctx.step(prefix + ":attach", Phase::Validate,
                 "make " + name + " the " + kind + " of " + table, "ACCESS EXCLUSIVE", table);
    attach.up = {alter_table(ctx, table) + "ADD CONSTRAINT " + quote_ident(name) + " " + kind +
                 " USING INDEX " + quote_ident(name)};
    // Dropping the constraint drops its index; rebuilding it keeps the build step's effect.
    attach.down = {drop_constraint(ctx, table, name), index_sql(ctx.names, table, index, false)};
    attach.after = {build.id};
    return {build, attach};
}

plan::Step drop_step(const StepContext& ctx, const std::string& table, const std::string& name,
                     const std::string& what, std::string restore) {
    auto s = ctx.step(table + "." + name + ":drop", Phase::Expand,
                      "drop " + what + " " + name + " of " + table, "ACCESS EXCLUSIVE", table);
    s.up = {drop_constraint(ctx, table, name)};
    s.down = {alter_table(ctx, table) + "ADD CONSTRAINT " + quote_ident(name) + " " + restore};
    return s;
}

// FOREIGN KEY and CHECK: added NOT VALID (a short lock), validated later without blocking.
std::vector<plan::Step> unvalidated(const StepContext& ctx, const std::string& table,
                                    const std::string& name, const std::string& clause,
                                    const std::string& what, const std::string& add_lock) {
    std::string prefix = table + "." + name;
    auto add = ctx.step(prefix + ":add", Phase::Expand,
                        "add " + what + " " + name + " to " + table + " (not yet validated)",
                        add_lock, table);
    add.up = {alter_table(ctx, table) + "ADD CONSTRAINT " + quote_ident(name) + " " + clause +
              " NOT VALID"};
    add.down = {drop_constraint(ctx, table, name)};
    add.hazards = {
        {HazardClass::AppIncompatible, "new writes that break " + name + " fail from here on"}};
    auto validate =
        ctx.step(prefix + ":validate", Phase::Validate,
                 "validate " + what + " " + name + " of " + table, "SHARE UPDATE EXCLUSIVE", table);
    validate.up = {alter_table(ctx, table) + "VALIDATE CONSTRAINT " + quote_ident(name)};
    validate.after = {add.id};
    validate.hazards = {
        {HazardClass::LongRunning, "scans " + table + " to check existing rows (writes continue)"}};
    return {add, validate};
}

} // namespace

std::vector<plan::Step> add_primary_key_steps(const StepContext& ctx,
                                              const diff::AddPrimaryKey& c) {
    auto steps = keyed(ctx, c.table, c.key.name, c.key.columns, "PRIMARY KEY");
    const model::Table* now = ctx.from.find_table(c.table);
    for (const auto& name : c.key.columns) {
        const model::Column* col = now ? now->find_column(name) : nullptr;
        if (col && col->nullable)
            steps[1].hazards.push_back({HazardClass::BlockingLock,
                                        "column " + name + " is nullable: PostgreSQL scans " +
                                            c.table +
                                            " under an ACCESS EXCLUSIVE lock to set it NOT NULL"});
    }
    return steps;
}

std::vector<plan::Step> drop_primary_key_steps(const StepContext& ctx,
                                               const diff::DropPrimaryKey& c) {
    auto s = drop_step(ctx, c.table, c.key.name, "primary key",
                       "PRIMARY KEY " + column_list(c.key.columns));
    s.hazards = {{HazardClass::BlockingLock, "its down rebuilds the index under a lock"}};
    return {s};
}

std::vector<plan::Step> add_unique_steps(const StepContext& ctx, const diff::AddUnique& c) {
    return keyed(ctx, c.table, c.unique.name, c.unique.columns, "UNIQUE");
}

std::vector<plan::Step> drop_unique_steps(const StepContext& ctx, const diff::DropUnique& c) {
    return {drop_step(ctx, c.table, c.unique.name, "unique constraint",
                      "UNIQUE " + column_list(c.unique.columns))};
}

std::vector<plan::Step> add_foreign_key_steps(const StepContext& ctx,
                                              const diff::AddForeignKey& c) {
    return unvalidated(ctx, c.table, c.key.name, foreign_key_clause(ctx.names, c.key),
                       "foreign key", "SHARE ROW EXCLUSIVE");
}

std::vector<plan::Step> drop_foreign_key_steps(const StepContext& ctx,
                                               const diff::DropForeignKey& c) {
    return {
        drop_step(ctx, c.table, c.key.name, "foreign key", foreign_key_clause(ctx.names, c.key))};
}

std::vector<plan::Step> add_check_steps(const StepContext& ctx, const diff::AddCheck& c) {
    return unvalidated(ctx, c.table, c.check.name, check_clause(c.check), "check",
                       "ACCESS EXCLUSIVE");
}

std::vector<plan::Step> drop_check_steps(const StepContext& ctx, const diff::DropCheck& c) {
    return {drop_step(ctx, c.table, c.check.name, "check", check_clause(c.check))};
}

} // namespace stepwise::postgres
