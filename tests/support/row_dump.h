#pragma once
// Every row of some tables as text in a stable order, so a test can compare a database's rows
// before and after (a rollback must restore them byte for byte).

#include "dialects/common/connection.h"

#include <algorithm>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

namespace stepwise::testing {

// `SELECT *` of each of `tables` (named with the dialect's `quote_ident`): a heading with the
// row count, then one sorted line per row, `column=value | ...`, NULL spelled NULL.
inline std::string dump_rows(dialect::Connection& c, const std::vector<std::string>& tables,
                             const std::function<std::string(const std::string&)>& quote_ident) {
    std::ostringstream out;
    for (const auto& table : tables) {
        auto rs = c.query("SELECT * FROM " + quote_ident(table));
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
