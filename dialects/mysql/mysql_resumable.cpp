#include "dialects/mysql/mysql_resumable.h"

#include "dialects/mysql/mysql_quote.h"

#include <set>
#include <utility>

namespace stepwise::mysql {

namespace {

std::string in_schema(const std::string& table) {
    return "table_schema = DATABASE() AND table_name = " + quote_literal(table);
}

// Whether an index other than `dropped` has `columns` as its leading columns, whole (a
// prefix index cannot serve a foreign key).
std::string indexed_elsewhere(const std::string& table, const std::string& dropped,
                              const std::vector<std::string>& columns) {
    std::string match;
    for (size_t i = 0; i < columns.size(); ++i)
        match += (i ? " OR " : "") + std::string("(seq_in_index = ") + std::to_string(i + 1) +
                 " AND column_name = " + quote_literal(columns[i]) + ")";
    return "EXISTS (SELECT 1 FROM information_schema.statistics WHERE " + in_schema(table) +
           " AND index_name <> " + quote_literal(dropped) + " AND sub_part IS NULL AND (" + match +
           ") GROUP BY index_name HAVING COUNT(*) = " + std::to_string(columns.size()) + ")";
}

} // namespace

std::string foreign_key_exists(const std::string& table, const std::string& key) {
    return "EXISTS (SELECT 1 FROM information_schema.table_constraints WHERE "
           "constraint_schema = DATABASE() AND table_name = " +
           quote_literal(table) + " AND constraint_name = " + quote_literal(key) +
           " AND constraint_type = 'FOREIGN KEY')";
}

std::string only_if(const StepContext& ctx, const std::string& condition,
                    const std::vector<std::string>& statements) {
    std::string body;
    for (const auto& s : statements)
        body += (body.empty() ? "" : " ") + s + ";";
    if (ctx.server.flavour != Flavour::MariaDB) {
        body.pop_back();
        return body;
    }
    return "BEGIN NOT ATOMIC IF " + condition + " THEN " + body + " END IF; END";
}

std::string table_exists(const std::string& table, const std::string& type) {
    return "EXISTS (SELECT 1 FROM information_schema.tables WHERE " + in_schema(table) +
           " AND table_type = " + quote_literal(type) + ")";
}

std::string column_exists(const std::string& table, const std::string& column) {
    return "EXISTS (SELECT 1 FROM information_schema.columns WHERE " + in_schema(table) +
           " AND column_name = " + quote_literal(column) + ")";
}

std::string index_exists(const std::string& table, const std::string& index) {
    return "EXISTS (SELECT 1 FROM information_schema.statistics WHERE " + in_schema(table) +
           " AND index_name = " + quote_literal(index) + ")";
}

std::string rename_index(const StepContext& ctx, const std::string& table, const std::string& from,
                         const std::string& to) {
    return only_if(ctx, index_exists(table, from) + " AND NOT " + index_exists(table, to),
                   {alter(table, "RENAME INDEX " + quote_ident(from) + " TO " + quote_ident(to),
                          Algorithm::Inplace)});
}

std::string mysql8_only_if(const std::string& condition, const std::string& statement) {
    return "SET @_stepwise_ddl = IF(" + condition + ", " + quote_literal(statement) +
           ", 'DO 0'); PREPARE _stepwise_ddl FROM @_stepwise_ddl; EXECUTE _stepwise_ddl; "
           "DEALLOCATE PREPARE _stepwise_ddl";
}

std::vector<std::string> without_key_checks(const StepContext& ctx, const std::string& statement,
                                            const std::string& condition) {
    if (ctx.mariadb())
        return {"SET STATEMENT foreign_key_checks = 0 FOR " + statement};
    // If the statement fails the checks stay off on this session; the step then fails and
    // the run stops, and a retry or resume sets them again first either way.
    return {"SET SESSION foreign_key_checks = 0; " +
            (condition.empty() ? statement : mysql8_only_if(condition, statement)) +
            "; SET SESSION foreign_key_checks = 1"};
}

std::string primary_key_exists(const std::string& table) {
    return "EXISTS (SELECT 1 FROM information_schema.statistics WHERE " + in_schema(table) +
           " AND index_name = 'PRIMARY')";
}

std::string create_trigger(const StepContext& ctx) {
    return ctx.server.flavour == Flavour::MariaDB ? "CREATE OR REPLACE TRIGGER "
                                                  : "CREATE TRIGGER ";
}

namespace {

// The foreign keys of `table` as either catalog names them (the live one is whichever the
// plan has reached), other than one named `except`.
std::set<std::pair<std::string, std::vector<std::string>>>
foreign_keys(const StepContext& ctx, const std::string& table, const std::string& target_table,
             const std::string& except) {
    std::set<std::pair<std::string, std::vector<std::string>>> keys;
    for (const model::Table* t : {ctx.from.find_table(table), ctx.to.find_table(target_table)})
        if (t)
            for (const auto& f : t->foreign_keys)
                if (f.name != except)
                    keys.insert({f.name, f.columns});
    return keys;
}

} // namespace

std::string add_index_dropping_key_copies(const StepContext& ctx, const std::string& table,
                                          const std::string& target_table, const std::string& index,
                                          const std::string& clause, Algorithm algorithm) {
    std::string add = alter(table, "ADD " + clause, algorithm);
    auto keys = foreign_keys(ctx, table, target_table, index);
    if (!ctx.mariadb() || keys.empty())
        return add;
    std::string body = add + "; ";
    for (const auto& [key, columns] : keys)
        body += "IF " + index_exists(table, key) + " AND " +
                indexed_elsewhere(table, key, columns) + " THEN " +
                alter(table, "DROP INDEX IF EXISTS " + quote_ident(key), Algorithm::Inplace) +
                "; END IF; ";
    return "BEGIN NOT ATOMIC " + body + "END";
}

std::string drop_index_keeping_keys(const StepContext& ctx, const std::string& table,
                                    const std::string& target_table, const std::string& index) {
    std::string drop =
        alter(table, "DROP INDEX " + ctx.if_exists() + quote_ident(index), Algorithm::Inplace);
    if (ctx.server.flavour != Flavour::MariaDB)
        return drop;
    auto keys = foreign_keys(ctx, table, target_table, index);
    if (keys.empty())
        return drop;
    std::string body;
    for (const auto& [key, columns] : keys)
        body +=
            "IF " + foreign_key_exists(table, key) + " AND NOT " +
            indexed_elsewhere(table, index, columns) + " THEN " +
            alter(table,
                  "ADD INDEX IF NOT EXISTS " + quote_ident(key) + " (" + column_list(columns) + ")",
                  Algorithm::Inplace) +
            "; END IF; ";
    return "BEGIN NOT ATOMIC " + body + drop + "; END";
}

} // namespace stepwise::mysql
