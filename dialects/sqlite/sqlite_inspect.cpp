#include "dialects/sqlite/sqlite_inspect.h"

#include "dialects/sqlite/sqlite_ddl_reader.h"

#include <map>

namespace stepwise::sqlite {

namespace {

bool starts_with_ci(const std::string& s, const std::string& prefix) {
    if (s.size() < prefix.size())
        return false;
    for (size_t i = 0; i < prefix.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i])
            return false;
    return true;
}

} // namespace

bool is_internal_name(const std::string& name) {
    return starts_with_ci(name, "sqlite_") || starts_with_ci(name, "_stepwise_");
}

model::Catalog inspect_catalog(dialect::Connection& connection) {
    auto rows = connection
                    .query("SELECT type, name, tbl_name, sql FROM sqlite_master "
                           "WHERE type IN ('table', 'index') AND sql IS NOT NULL ORDER BY name")
                    .rows;
    model::Catalog catalog;
    std::map<std::string, model::Enum> enums;
    for (const auto& row : rows) {
        if (row[0] != std::string("table") || is_internal_name(row[1].value_or("")))
            continue;
        try {
            ReadTable read = read_create_table(row[3].value_or(""));
            read.table.name = *row[1];
            // The model's primary key implies NOT NULL, as the binder makes it; SQLite only
            // enforces that for rowid aliases unless NOT NULL is written, but stepwise always
            // writes it, and a table written by hand means the same thing.
            if (read.table.primary_key)
                for (const auto& name : read.table.primary_key->columns)
                    if (auto* column = read.table.find_column(name))
                        column->nullable = false;
            for (auto& e : read.enums)
                enums.emplace(e.name, e);
            catalog.tables.push_back(std::move(read.table));
        } catch (const DdlReadError& e) {
            throw dialect::DatabaseError("sqlite: cannot read the definition of table '" +
                                         row[1].value_or("") + "': " + e.what());
        }
    }
    for (const auto& row : rows) {
        if (row[0] != std::string("index") || is_internal_name(row[1].value_or("")))
            continue;
        model::Table* table = catalog.find_table(row[2].value_or(""));
        if (!table)
            continue; // an index on one of the tool's own tables
        try {
            table->indexes.push_back(read_create_index(row[3].value_or("")).index);
        } catch (const DdlReadError& e) {
            throw dialect::DatabaseError("sqlite: cannot read the definition of index '" +
                                         row[1].value_or("") + "': " + e.what());
        }
    }
    // `REFERENCES parent` without columns means the parent's primary key.
    for (auto& t : catalog.tables)
        for (auto& fk : t.foreign_keys)
            if (fk.ref_columns.empty())
                if (const model::Table* parent = catalog.find_table(fk.ref_table))
                    if (parent->primary_key)
                        fk.ref_columns = parent->primary_key->columns;
    for (auto& [name, e] : enums)
        catalog.enums.push_back(e);
    model::canonicalize(catalog);
    return catalog;
}

} // namespace stepwise::sqlite
