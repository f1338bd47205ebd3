#pragma once
// Which desired tables are worth sending to the database to be spelt as it stores them
// (Dialect::normalise_desired). That costs a few DDL statements per table, so a no-op plan of
// 10,000 tables spent most of its time there although nothing could compare differently.

#include "compiler/model/catalog.h"

namespace stepwise::diff {

// `desired` (namespace and enums kept, tables in their order) restricted to the tables whose
// comparison with `current` could depend on the stored spelling. A table is left out when it
// carries no rename hint, its columns keep their live types and collations, and each of its
// defaults, native (`sql(...)`) types, checks and expression or partial indexes equals the live
// object of the same name exactly: identical text compares equal however it is spelt, so
// leaving it out cannot change the diff. Tables absent from `current` are left out too: they
// are created, not compared.
model::Catalog respell_candidates(const model::Catalog& current, const model::Catalog& desired);

} // namespace stepwise::diff
