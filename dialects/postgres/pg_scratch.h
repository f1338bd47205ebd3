#pragma once
// Normalising the desired catalog on a live server: its enums and tables are created in a
// scratch schema, 200 tables per transaction (a savepoint when one is open) so the server's lock
// table never fills, each always rolled back, read back with the same bulk
// queries as inspect, and the stored spellings of defaults, checks, index expressions and
// predicates and generated columns are copied onto the desired catalog. 'pending' and
// 'pending'::order_status, IN (...) and = ANY (ARRAY[...]), BETWEEN, casts and parentheses then
// compare equal because the server spelt both sides.

#include "compiler/model/catalog.h"
#include "dialects/common/connection.h"

#include <string>

namespace stepwise::postgres {

struct ScratchResult {
    model::Catalog catalog;
    std::string warning; // one line when it could not be done; the catalog is then unchanged
};

// Never leaves the scratch schema behind. A server error (no CREATE privilege, a read-only
// server, an expression the server rejects) gives the desired catalog back unchanged with a
// warning; other failures (the connection lost during rollback) propagate.
ScratchResult normalise_in_scratch(dialect::Connection& connection, const model::Catalog& desired,
                                   const std::string& scratch_schema);

// A schema name no user object has: _stepwise_scratch_<backend pid>.
std::string scratch_schema_name(dialect::Connection& connection);

// `desired` with the spellings of `stored` (the same objects as the server stores them)
// wherever an object of the same name exists on both sides. A spelling that names
// `scratch_schema` is not taken (it would not exist when the plan runs).
model::Catalog adopt_spellings(const model::Catalog& desired, const model::Catalog& stored,
                               const std::string& scratch_schema);

} // namespace stepwise::postgres
