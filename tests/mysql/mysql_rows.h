#pragma once
// What a MySQL/MariaDB test compares before and after: the user tables of the current
// database and every row of them, sorted, as text. Shared by the acceptance cases and the
// run-twice suite.

#include "dialects/common/connection.h"
#include "dialects/mysql/mysql_quote.h"

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

namespace stepwise::testing {

inline std::vector<std::string> mysql_user_tables(dialect::Connection& c) {
    std::vector<std::string> out;
    auto rs = c.query("SELECT table_name FROM information_schema.tables WHERE table_schema = "
                      "DATABASE() AND table_name NOT LIKE '\\_stepwise\\_%' ORDER BY table_name");
    for (const auto& row : rs.rows)
        out.push_back(*row[0]);
    return out;
}

inline std::string mysql_dump_rows(dialect::Connection& c) {
    std::ostringstream out;
    for (const auto& table : mysql_user_tables(c)) {
        auto rs = c.query("SELECT * FROM " + mysql::quote_ident(table));
        std::vector<std::string> lines;
        for (const auto& row : rs.rows) {
            std::string line;
            for (size_t i = 0; i < row.size(); ++i)
                line += (i ? " | " : "") + rs.columns[i] + "=" + (row[i] ? *row[i] : "NULL");
            lines.push_back(line);
        }
        std::sort(lines.begin(), lines.end());
        out << "table " << table << " (" << lines.size() << " rows)\n";
        for (const auto& l : lines)
            out << "  " << l << "\n";
    }
    return out.str();
}

} // namespace stepwise::testing
