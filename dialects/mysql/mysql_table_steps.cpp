#include "dialects/mysql/mysql_inspect.h"
#include "dialects/mysql/mysql_quote.h"
#include "dialects/mysql/mysql_resumable.h"
#include "dialects/mysql/mysql_steps.h"

#include <openssl/sha.h>

namespace stepwise::mysql {

std::string fit_name(const std::string& full) {
    if (full.size() <= 64)
        return full;
    // Too long for MySQL: keep a readable head and make it unique with a digest.
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(full.data()), full.size(), digest);
    static const char* hex = "0123456789abcdef";
    std::string tail;
    for (int i = 0; i < 6; ++i)
        tail += {hex[digest[i] >> 4], hex[digest[i] & 15]};
    return full.substr(0, 64 - 13) + "_" + tail;
}

std::string StepContext::tombstone(const std::string& name) const {
    return fit_name("_stepwise_dropped_" + options.plan_id + "_" + name);
}

plan::Step StepContext::step(std::string id, plan::Phase phase, std::string summary,
                             const std::string& table) const {
    plan::Step s;
    s.id = std::move(id);
    s.phase = phase;
    s.summary = std::move(summary);
    s.lock = {"metadata", table};
    s.transactional = false;
    s.lock_timeout = options.lock_timeout;
    return s;
}

std::string alter(const std::string& table, const std::string& clause, Algorithm algorithm) {
    const char* how = algorithm == Algorithm::Instant   ? ", ALGORITHM=INSTANT"
                      : algorithm == Algorithm::Inplace ? ", ALGORITHM=INPLACE, LOCK=NONE"
                                                        : ", ALGORITHM=COPY, LOCK=SHARED";
    return "ALTER TABLE " + quote_ident(table) + " " + clause + how;
}

void copy_hazards(plan::Step& step, const std::string& what) {
    step.hazards.push_back(
        {plan::HazardClass::TableRewrite, what + " copies the whole table (ALGORITHM=COPY)"});
    step.hazards.push_back({plan::HazardClass::BlockingLock,
                            "writes to " + step.lock.object + " wait until the copy ends"});
    step.lock.mode = "shared (writes blocked)";
}

std::vector<std::string> enum_registry(const std::string& table, const model::Column& column) {
    if (column.type.kind != model::TypeKind::Enum)
        return {};
    std::string reg = quote_ident(kEnumRegistry);
    return {"CREATE TABLE IF NOT EXISTS " + reg +
                " (`table_name` VARCHAR(64) NOT NULL, `column_name` VARCHAR(64) NOT NULL, "
                "`enum_name` VARCHAR(255) NOT NULL, PRIMARY KEY (`table_name`, `column_name`))",
            "REPLACE INTO " + reg + " VALUES (" + quote_literal(table) + ", " +
                quote_literal(column.name) + ", " + quote_literal(column.type.name) + ")"};
}

std::string create_table_step_id(const std::string& table) {
    return table + ":create";
}

plan::Step create_table_step(const StepContext& ctx, const model::Table& table) {
    plan::Step s = ctx.step(create_table_step_id(table.name), plan::Phase::Expand,
                            "create table " + table.name, table.name);
    for (const auto& c : table.columns)
        for (auto& stmt : enum_registry(table.name, c))
            s.up.push_back(stmt);
    s.up.push_back(create_table(ctx.to_ddl(), table, ctx.mariadb()));
    s.down.push_back("DROP TABLE IF EXISTS " + quote_ident(table.name));
    return s;
}

plan::Step drop_table_step(const StepContext& ctx, const model::Table& table) {
    std::string tomb = ctx.tombstone(table.name);
    plan::Step s = ctx.step(table.name + ":drop", plan::Phase::Contract,
                            "drop table " + table.name + " (kept as " + tomb + ")", table.name);
    s.up.push_back("RENAME TABLE " + ctx.if_exists() + quote_ident(table.name) + " TO " +
                   quote_ident(tomb));
    s.down.push_back("RENAME TABLE " + ctx.if_exists() + quote_ident(tomb) + " TO " +
                     quote_ident(table.name));
    s.hazards.push_back({plan::HazardClass::DataLoss, "the rows of " + table.name + " stay in " +
                                                          tomb + " until `stepwise purge`"});
    s.hazards.push_back(
        {plan::HazardClass::AppIncompatible, "code that still uses " + table.name + " fails"});
    s.deploy_note = "deploy code that no longer uses table `" + table.name + "`";
    return s;
}

plan::Step rename_table_view_step(const StepContext& ctx, const std::string& from,
                                  const std::string& to) {
    // New code reads and writes `to` while old code still uses `from`: a view of every column
    // is a simple updatable view, so its inserts and updates reach the table (and its
    // triggers).
    plan::Step s = ctx.step(to + ":view", plan::Phase::Expand,
                            "let code use table " + from + " as " + to + " (a view)", from);
    s.up.push_back("CREATE OR REPLACE VIEW " + quote_ident(to) + " AS SELECT * FROM " +
                   quote_ident(from));
    s.down.push_back("DROP VIEW IF EXISTS " + quote_ident(to));
    return s;
}

std::string rename_table_step_id(const std::string& to) {
    return to + ":rename";
}

plan::Step rename_table_step(const StepContext& ctx, const std::string& from, const std::string& to,
                             const std::map<std::string, std::string>& later_parents) {
    plan::Step s = ctx.step(rename_table_step_id(to), plan::Phase::Contract,
                            "rename table " + from + " to " + to, from);
    // One RENAME TABLE moves the view aside and the table in, so `to` never goes missing.
    std::string aside = quote_ident(fit_name("_stepwise_view_" + ctx.options.plan_id + "_" + to));
    KeptKeyNames kept = keep_foreign_key_names(ctx, from, to, later_parents);
    s.up = kept.before;
    // Run again after it took effect, the swap would move the table aside: it runs only while
    // the table still has its old name, and its down only while the table has the new one.
    s.up.push_back(only_if(ctx, table_exists(from),
                           {"RENAME TABLE " + quote_ident(to) + " TO " + aside + ", " +
                            quote_ident(from) + " TO " + quote_ident(to)}));
    s.up.push_back("DROP VIEW IF EXISTS " + aside);
    // The kept keys come back under `<from>_ibfk_N`, which renaming the table back leaves
    // alone; the down adds back only those an up stopped before their re-add left missing.
    for (auto& sql : kept.after)
        s.up.push_back(std::move(sql));
    // An up stopped between the swap and the drop leaves the view aside: a later apply's swap
    // would find its name taken.
    s.down.push_back("DROP VIEW IF EXISTS " + aside);
    s.down.push_back(only_if(ctx, table_exists(to),
                             {"RENAME TABLE " + quote_ident(to) + " TO " + quote_ident(from)}));
    for (auto& sql : kept.undo)
        s.down.push_back(std::move(sql));
    s.down.push_back("CREATE OR REPLACE VIEW " + quote_ident(to) + " AS SELECT * FROM " +
                     quote_ident(from));
    if (const model::Table* t = ctx.to.find_table(to))
        for (const auto& c : t->columns)
            if (c.type.kind == model::TypeKind::Enum) {
                for (auto& stmt : enum_registry(to, c))
                    s.up.push_back(stmt);
            }
    s.hazards.push_back({plan::HazardClass::AppIncompatible,
                         "code that still uses the name " + from + " fails after this step"});
    s.deploy_note = "deploy code that uses table `" + to + "`";
    return s;
}

plan::Step table_comment_step(const StepContext& ctx, const std::string& table,
                              const diff::SetTableComment& change) {
    plan::Step s = ctx.step(table + ":comment", plan::Phase::Expand,
                            "set the comment of table " + table, table);
    // A table comment is metadata only; MariaDB does not accept ALGORITHM=INSTANT for it on
    // every version, so no algorithm is forced.
    s.up.push_back("ALTER TABLE " + quote_ident(table) +
                   " COMMENT = " + quote_literal(change.to.value_or("")));
    s.down.push_back("ALTER TABLE " + quote_ident(table) +
                     " COMMENT = " + quote_literal(change.from.value_or("")));
    return s;
}

} // namespace stepwise::mysql
