#pragma once
// Default names for constraints and indexes the user left unnamed, as each dialect would
// give them, so that a plan never flaps between runs.

#include <optional>
#include <string>
#include <vector>

namespace stepwise::model {

enum class NamingStyle {
    Postgres, // orders_pkey, orders_customer_id_fkey, orders_email_key, orders_x_check, _idx
    MySQL,    // PRIMARY, first column for unique keys, orders_ibfk_N, orders_chk_N
    SQLite,   // SQLite stores no names of its own; stepwise names like PostgreSQL does
};

std::string default_primary_key_name(NamingStyle style, const std::string& table);
std::string default_unique_name(NamingStyle style, const std::string& table,
                                const std::vector<std::string>& columns);
std::string default_index_name(NamingStyle style, const std::string& table,
                               const std::vector<std::string>& columns);
// `ordinal` is 1-based among the table's unnamed foreign keys / checks (MySQL numbering).
std::string default_foreign_key_name(NamingStyle style, const std::string& table,
                                     const std::vector<std::string>& columns, int ordinal);
std::string default_check_name(NamingStyle style, const std::string& table,
                               const std::vector<std::string>& columns, int ordinal);

// The name `name` takes when its table `old_table` is renamed to `new_table`, if it is one
// derived from the old table's name (`people_email_key` -> `persons_email_key`, whatever the
// style); nullopt for any other name (MySQL's `PRIMARY`, a unique key named for its column).
std::optional<std::string> follow_table_rename(const std::string& name,
                                               const std::string& old_table,
                                               const std::string& new_table);

} // namespace stepwise::model
