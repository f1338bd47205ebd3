#pragma once
// Introspection: the user's schema in a SQLite database, canonical. Tables named sqlite_*
// and _stepwise_* (the tool's own: state, helpers, tombstones) are left out, and so are the
// sqlite_autoindex_* indexes that back UNIQUE and PRIMARY KEY constraints.

#include "compiler/model/catalog.h"
#include "dialects/common/connection.h"

namespace stepwise::sqlite {

// Throws dialect::DatabaseError when the catalog cannot be read or a stored definition does
// not parse (naming the table).
model::Catalog inspect_catalog(dialect::Connection& connection);

// True for names stepwise owns or SQLite reserves.
bool is_internal_name(const std::string& name);

} // namespace stepwise::sqlite
