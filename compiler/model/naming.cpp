#include "compiler/model/naming.h"

#include <string>

namespace stepwise::model {

namespace {

// PostgreSQL's own choice: table, then the columns joined by '_', then a suffix. It cuts to
// 63 bytes (NAMEDATALEN - 1); names here are cut the same way so they match the server.
std::string pg_name(const std::string& table, const std::vector<std::string>& columns,
                    const std::string& suffix) {
    std::string cols;
    for (const auto& c : columns)
        cols += (cols.empty() ? "" : "_") + c;
    std::string name = table + (cols.empty() ? "" : "_" + cols) + "_" + suffix;
    if (name.size() > 63) {
        // PostgreSQL shortens the longer of table and column part until it fits.
        std::string t = table, c = cols;
        while (t.size() + c.size() + suffix.size() + 2 > 63) {
            if (t.size() >= c.size())
                t.pop_back();
            else
                c.pop_back();
        }
        name = t + (c.empty() ? "" : "_" + c) + "_" + suffix;
    }
    return name;
}

} // namespace

std::string default_primary_key_name(NamingStyle style, const std::string& table) {
    if (style == NamingStyle::MySQL)
        return "PRIMARY";
    return pg_name(table, {}, "pkey");
}

std::string default_unique_name(NamingStyle style, const std::string& table,
                                const std::vector<std::string>& columns) {
    if (style == NamingStyle::MySQL && !columns.empty())
        return columns.front();
    return pg_name(table, columns, "key");
}

std::string default_index_name(NamingStyle style, const std::string& table,
                               const std::vector<std::string>& columns) {
    if (style == NamingStyle::MySQL && !columns.empty())
        return columns.front();
    return pg_name(table, columns.empty() ? std::vector<std::string>{"expr"} : columns, "idx");
}

std::string default_foreign_key_name(NamingStyle style, const std::string& table,
                                     const std::vector<std::string>& columns, int ordinal) {
    if (style == NamingStyle::MySQL)
        return table + "_ibfk_" + std::to_string(ordinal);
    return pg_name(table, columns, "fkey");
}

std::string default_check_name(NamingStyle style, const std::string& table,
                               const std::vector<std::string>& columns, int ordinal) {
    if (style == NamingStyle::MySQL)
        return table + "_chk_" + std::to_string(ordinal);
    // PostgreSQL names a column check after its column, a table check after the table.
    return pg_name(table, columns, "check");
}

std::optional<std::string> follow_table_rename(const std::string& name,
                                               const std::string& old_table,
                                               const std::string& new_table) {
    // Every default name is the table's name, '_', then columns and a suffix. A name cut to
    // fit 63 bytes may have lost part of the table's name: it does not follow, and the
    // differ falls back to a drop and an add.
    if (old_table == new_table || name.size() <= old_table.size() + 1 ||
        name.compare(0, old_table.size(), old_table) != 0 || name[old_table.size()] != '_')
        return std::nullopt;
    return new_table + name.substr(old_table.size());
}

} // namespace stepwise::model
