#include "dialects/mysql/mysql_quote.h"
#include "dialects/mysql/mysql_steps.h"

namespace stepwise::mysql {

plan::Step add_index_step(const StepContext& ctx, const std::string& table, const std::string& name,
                          const std::string& clause, bool unique) {
    plan::Step s = ctx.step(table + "." + name + ":add_index", plan::Phase::Expand,
                            "add " + clause.substr(0, clause.find(" (")) + " on " + table, table);
    s.up.push_back(alter(table, "ADD " + clause, Algorithm::Inplace));
    s.down.push_back(
        alter(table, "DROP INDEX " + ctx.if_exists() + quote_ident(name), Algorithm::Inplace));
    s.hazards.push_back(
        {plan::HazardClass::LongRunning, "the index is built from every row (writes continue)"});
    if (unique)
        s.hazards.push_back({plan::HazardClass::AppIncompatible,
                             "fails if rows are duplicates; then inserts of duplicates fail"});
    return s;
}

plan::Step drop_index_step(const StepContext& ctx, const std::string& table,
                           const std::string& name, const std::string& readd_clause) {
    plan::Step s = ctx.step(table + "." + name + ":drop_index", plan::Phase::Contract,
                            "drop index " + name + " on " + table, table);
    s.up.push_back(alter(table, "DROP INDEX " + quote_ident(name), Algorithm::Inplace));
    s.down.push_back(alter(table, "ADD " + readd_clause, Algorithm::Inplace));
    s.hazards.push_back(
        {plan::HazardClass::LongRunning, "rolling back rebuilds the index from every row"});
    return s;
}

plan::Step add_primary_key_step(const StepContext& ctx, const std::string& table,
                                const model::PrimaryKey& key) {
    plan::Step s = ctx.step(table + ":add_primary_key", plan::Phase::Expand,
                            "add primary key on " + table, table);
    s.up.push_back(alter(table, "ADD " + primary_key_clause(key), Algorithm::Inplace));
    s.down.push_back(alter(table, "DROP PRIMARY KEY", Algorithm::Copy));
    s.hazards.push_back({plan::HazardClass::TableRewrite,
                         "InnoDB rebuilds the table around the new key (writes continue)"});
    s.hazards.push_back(
        {plan::HazardClass::AppIncompatible, "fails if key columns hold NULLs or duplicates"});
    return s;
}

plan::Step drop_primary_key_step(const StepContext& ctx, const std::string& table,
                                 const model::PrimaryKey& key) {
    plan::Step s = ctx.step(table + ":drop_primary_key", plan::Phase::Contract,
                            "drop primary key on " + table, table);
    s.up.push_back(alter(table, "DROP PRIMARY KEY", Algorithm::Copy));
    s.down.push_back(alter(table, "ADD " + primary_key_clause(key), Algorithm::Inplace));
    copy_hazards(s, "dropping the primary key");
    return s;
}

} // namespace stepwise::mysql
