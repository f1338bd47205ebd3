// MysqlDialect::before_column_purge: MySQL and MariaDB keep an index that loses one of its
// columns (with the others), so the indexes a soft-dropped column's step kept with it go
// first.

#include "dialects/mysql/mysql_dialect.h"
#include "dialects/mysql/mysql_quote.h"

namespace stepwise::mysql {

std::vector<std::string>
MysqlDialect::before_column_purge(dialect::Connection& connection, const std::string& table,
                                  const std::string& column,
                                  const std::vector<std::string>& kept_with) const {
    (void)column;
    const auto* mysql = dynamic_cast<const MysqlConnection*>(&connection);
    bool mariadb = !mysql || mysql->server().flavour == Flavour::MariaDB;
    std::vector<std::string> out;
    for (const auto& index : kept_with) {
        std::string drop = "ALTER TABLE " + quote_ident(table) + " DROP INDEX ";
        if (mariadb) {
            out.push_back(drop + "IF EXISTS " + quote_ident(index));
            continue;
        }
        // MySQL 8 has no IF EXISTS here; a purge run again after a kill finds it gone.
        auto found = connection.query(
            "SELECT 1 FROM information_schema.statistics WHERE table_schema = DATABASE() AND "
            "table_name = ?1 AND index_name = ?2 LIMIT 1",
            {table, index});
        if (!found.rows.empty())
            out.push_back(drop + quote_ident(index));
    }
    return out;
}

} // namespace stepwise::mysql
