#pragma once
// Introspection of one schema in five bulk pg_catalog queries (enums, tables, columns,
// constraints, indexes), never one query per table. Objects that belong to an extension,
// the tool's own schema `stepwise` and names starting with `_stepwise_` are left out.
// Checks and foreign keys added NOT VALID read back with `validated` false.
//
// An index left invalid by a failed CREATE INDEX CONCURRENTLY is left out too, so the plan
// builds it again (its step drops the dead one first). An invalid index that is still being
// built (it shows in pg_stat_progress_create_index) is not dead: inspect refuses, saying so.

#include "compiler/model/catalog.h"
#include "dialects/common/connection.h"

namespace stepwise::postgres {

model::Catalog inspect_schema(dialect::Connection& connection, const std::string& schema);

} // namespace stepwise::postgres
