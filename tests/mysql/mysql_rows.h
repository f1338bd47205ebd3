#pragma once
// What a MySQL/MariaDB test compares before and after: the user tables of the current
// database and every row of them, sorted, as text. Shared by the acceptance cases and the
// run-twice suite.

#include "dialects/common/connection.h"
#include "dialects/mysql/mysql_quote.h"
#include "tests/support/row_dump.h"

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
    return dump_rows(c, mysql_user_tables(c), mysql::quote_ident);
}

} // namespace stepwise::testing
