#include "dialects/sqlite/sqlite_ddl.h"
#include "dialects/sqlite/sqlite_steps.h"

namespace stepwise::sqlite {

plan::Step add_index_step(const StepContext& ctx, const std::string& table_now,
                          const std::string& target_table, const model::Index& index) {
    plan::Step s = ctx.step(target_table + "." + index.name + ":add-index", plan::Phase::Expand,
                            "create index " + index.name + " on " + target_table);
    s.up.push_back(render_create_index(table_now, index));
    s.down.push_back(render_drop_index(index));
    // SQLite has no concurrent build: writers wait for the whole build.
    s.hazards.push_back(
        {plan::HazardClass::BlockingLock,
         "CREATE INDEX holds the database write lock while it reads " + target_table});
    return s;
}

plan::Step drop_index_step(const StepContext& ctx, const std::string& table_now,
                           const std::string& target_table, const model::Index& index) {
    plan::Step s = ctx.step(target_table + "." + index.name + ":drop-index", plan::Phase::Contract,
                            "drop index " + index.name);
    s.up.push_back(render_drop_index(index));
    s.down.push_back(render_create_index(table_now, index));
    return s;
}

// A new definition under the same name: one step, so the old index is never missing while
// the new one is not there yet, and the name is free when CREATE runs.
plan::Step replace_index_step(const StepContext& ctx, const std::string& table_now,
                              const std::string& target_table, const model::Index& from,
                              const model::Index& to) {
    plan::Step s = ctx.step(target_table + "." + to.name + ":replace-index", plan::Phase::Expand,
                            "redefine index " + to.name + " on " + target_table);
    s.up = {render_drop_index(from), render_create_index(table_now, to)};
    s.down = {render_drop_index(to), render_create_index(table_now, from)};
    s.hazards.push_back(
        {plan::HazardClass::BlockingLock,
         "CREATE INDEX holds the database write lock while it reads " + target_table});
    return s;
}

} // namespace stepwise::sqlite
