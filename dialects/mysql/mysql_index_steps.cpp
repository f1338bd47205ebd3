#include "dialects/mysql/mysql_quote.h"
#include "dialects/mysql/mysql_resumable.h"
#include "dialects/mysql/mysql_steps.h"

namespace stepwise::mysql {

namespace {

// "add unique index `n` on t", without the IF NOT EXISTS the clause may carry.
std::string index_summary(std::string clause, const std::string& table) {
    clause = clause.substr(0, clause.find(" ("));
    if (auto at = clause.find("IF NOT EXISTS "); at != std::string::npos)
        clause.erase(at, 14);
    return clause + " on " + table;
}

} // namespace

Algorithm key_algorithm(const model::Table& target, const std::vector<std::string>& columns,
                        bool unique) {
    if (!unique)
        return Algorithm::Inplace;
    for (const auto& name : columns) {
        const model::Column* column = target.find_column(name);
        for (const auto& c : target.columns)
            if (!column && c.renamed_from == name)
                column = &c;
        if (!column)
            continue;
        switch (column->type.kind) {
        case model::TypeKind::Text:
        case model::TypeKind::Bytes:
        case model::TypeKind::Json:
        case model::TypeKind::Jsonb:
            return Algorithm::Copy;
        default:
            break;
        }
    }
    return Algorithm::Inplace;
}

plan::Step add_index_step(const StepContext& ctx, const std::string& table,
                          const std::string& target_table, const std::string& name,
                          const std::string& clause, bool unique, Algorithm algorithm) {
    plan::Step s = ctx.step(table + "." + name + ":add_index", plan::Phase::Expand,
                            "add " + index_summary(clause, table), table);
    s.up.push_back(alter(table, "ADD " + clause, algorithm));
    if (algorithm == Algorithm::Copy)
        copy_hazards(s, "building a unique key over a text column");
    // MariaDB drops InnoDB's own index of a foreign key once this one covers the key: the
    // down gives it back before dropping this one.
    s.down.push_back(drop_index_keeping_keys(ctx, table, target_table, name));
    s.hazards.push_back(
        {plan::HazardClass::LongRunning, "the index is built from every row (writes continue)"});
    if (unique)
        s.hazards.push_back({plan::HazardClass::AppIncompatible,
                             "fails if rows are duplicates; then inserts of duplicates fail"});
    return s;
}

plan::Step drop_index_step(const StepContext& ctx, const std::string& table,
                           const std::string& target_table, const std::string& name,
                           const std::string& readd_clause, Algorithm algorithm) {
    plan::Step s = ctx.step(table + "." + name + ":drop_index", plan::Phase::Contract,
                            "drop index " + name + " on " + table, table);
    s.up.push_back(drop_index_keeping_keys(ctx, table, target_table, name));
    s.down.push_back(
        add_index_dropping_key_copies(ctx, table, target_table, name, readd_clause, algorithm));
    s.hazards.push_back(
        {plan::HazardClass::LongRunning,
         algorithm == Algorithm::Copy
             ? "rolling back copies the table to rebuild the key (writes wait until it ends)"
             : "rolling back rebuilds the index from every row"});
    return s;
}

plan::Step add_primary_key_step(const StepContext& ctx, const std::string& table,
                                const model::PrimaryKey& key) {
    plan::Step s = ctx.step(table + ":add_primary_key", plan::Phase::Expand,
                            "add primary key on " + table, table);
    // MariaDB has no ADD PRIMARY KEY IF NOT EXISTS nor DROP PRIMARY KEY IF EXISTS.
    s.up.push_back(only_if(ctx, "NOT " + primary_key_exists(table),
                           {alter(table, "ADD " + primary_key_clause(key), Algorithm::Inplace)}));
    s.down.push_back(only_if(ctx, primary_key_exists(table),
                             {alter(table, "DROP PRIMARY KEY", Algorithm::Copy)}));
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
    s.up.push_back(only_if(ctx, primary_key_exists(table),
                           {alter(table, "DROP PRIMARY KEY", Algorithm::Copy)}));
    s.down.push_back(only_if(ctx, "NOT " + primary_key_exists(table),
                             {alter(table, "ADD " + primary_key_clause(key), Algorithm::Inplace)}));
    copy_hazards(s, "dropping the primary key");
    return s;
}

} // namespace stepwise::mysql
