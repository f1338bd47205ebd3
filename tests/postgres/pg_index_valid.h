#pragma once
// What the catalog says of an index the PostgreSQL tests build concurrently.

#include "dialects/common/connection.h"

#include <string>

namespace stepwise::testing {

// pg_index.indisvalid of `index` ("true" / "false"), or "missing".
inline std::string index_valid(dialect::Connection& c, const std::string& index) {
    auto rs = c.query("SELECT indisvalid::text FROM pg_index WHERE indexrelid = to_regclass($1)",
                      {index});
    return rs.rows.empty() ? "missing" : rs.rows[0][0].value_or("NULL");
}

} // namespace stepwise::testing
