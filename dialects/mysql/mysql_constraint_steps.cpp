#include "dialects/mysql/mysql_quote.h"
#include "dialects/mysql/mysql_resumable.h"
#include "dialects/mysql/mysql_steps.h"

namespace stepwise::mysql {

plan::Step add_foreign_key_step(const StepContext& ctx, const std::string& table,
                                const model::ForeignKey& key) {
    plan::Step s = ctx.step(table + "." + key.name + ":add_foreign_key", plan::Phase::Expand,
                            "add foreign key " + key.name + " on " + table, table);
    // With foreign_key_checks off InnoDB adds the key in place without reading the rows
    // (the NOT VALID of MySQL); the step's check then validates them without a lock.
    s.up = without_key_checks(
        ctx, alter(table, "ADD " + foreign_key_clause(key, ctx.mariadb()), Algorithm::Inplace),
        "NOT " + foreign_key_exists(table, key.name));
    std::string join, missing = "", present = "";
    for (size_t i = 0; i < key.columns.size(); ++i) {
        join += (i ? " AND " : "") + std::string("`p`.") + quote_ident(key.ref_columns[i]) +
                " = `c`." + quote_ident(key.columns[i]);
        present +=
            (i ? " AND " : "") + std::string("`c`.") + quote_ident(key.columns[i]) + " IS NOT NULL";
    }
    s.checks.push_back("SELECT `c`.* FROM " + quote_ident(table) + " AS `c` WHERE " + present +
                       " AND NOT EXISTS (SELECT 1 FROM " + quote_ident(key.ref_table) +
                       " AS `p` WHERE " + join + ") LIMIT 1");
    // The index InnoDB made for the key stays unless it goes too.
    s.down.push_back(alter(table, "DROP FOREIGN KEY " + ctx.if_exists() + quote_ident(key.name),
                           Algorithm::Inplace));
    if (ctx.mariadb())
        s.down.push_back(
            alter(table, "DROP INDEX IF EXISTS " + quote_ident(key.name), Algorithm::Inplace));
    else
        s.down.push_back("SET SESSION foreign_key_checks = 1");
    s.hazards.push_back({plan::HazardClass::AppIncompatible,
                         "writes of rows without a parent fail once the key exists"});
    return s;
}

plan::Step drop_foreign_key_step(const StepContext& ctx, const std::string& table,
                                 const model::ForeignKey& key) {
    plan::Step s = ctx.step(table + "." + key.name + ":drop_foreign_key", plan::Phase::Contract,
                            "drop foreign key " + key.name + " on " + table, table);
    s.up.push_back(alter(table, "DROP FOREIGN KEY " + ctx.if_exists() + quote_ident(key.name),
                         Algorithm::Inplace));
    // MySQL 8 has no DROP INDEX IF EXISTS in ALTER TABLE: there the index InnoDB made stays.
    if (ctx.mariadb())
        s.up.push_back(
            alter(table, "DROP INDEX IF EXISTS " + quote_ident(key.name), Algorithm::Inplace));
    // On MariaDB the down also works when the up never ran, or ran before: MySQL 8 cannot say
    // IF NOT EXISTS.
    s.down = without_key_checks(
        ctx, alter(table, "ADD " + foreign_key_clause(key, ctx.mariadb()), Algorithm::Inplace));
    return s;
}

plan::Step add_check_step(const StepContext& ctx, const std::string& table,
                          const model::Check& check) {
    plan::Step s = ctx.step(table + "." + check.name + ":add_check", plan::Phase::Expand,
                            "add check " + check.name + " on " + table, table);
    // Adding a CHECK reads every row and copies the table on MariaDB and MySQL alike.
    s.up.push_back(alter(table, "ADD " + check_clause(check, ctx.mariadb()), Algorithm::Copy));
    s.down.push_back(alter(table, "DROP CONSTRAINT " + ctx.if_exists() + quote_ident(check.name),
                           Algorithm::Instant));
    copy_hazards(s, "adding a CHECK");
    return s;
}

plan::Step drop_check_step(const StepContext& ctx, const std::string& table,
                           const model::Check& check) {
    plan::Step s = ctx.step(table + "." + check.name + ":drop_check", plan::Phase::Contract,
                            "drop check " + check.name + " on " + table, table);
    s.up.push_back(alter(table, "DROP CONSTRAINT " + ctx.if_exists() + quote_ident(check.name),
                         Algorithm::Instant));
    s.down.push_back(alter(table, "ADD " + check_clause(check, ctx.mariadb()), Algorithm::Copy));
    s.hazards.push_back(
        {plan::HazardClass::BlockingLock, "rolling back copies the table to re-check every row"});
    return s;
}

} // namespace stepwise::mysql
