#pragma once
// The scale benchmark's generated schema: N tables of ten columns, two secondary indexes and
// a foreign key to the previous table (the first refers to itself), as .schema text and as
// the PostgreSQL DDL that builds the same catalog directly.

#include <string>

namespace stepwise::bench {

std::string table_name(int i); // t00001, ...

// `touch_every` > 0: every touch_every-th table also gets a column c9 and an index on c2.
std::string generate_schema(int tables, int touch_every = 0);
std::string generate_postgres_ddl(int tables);

} // namespace stepwise::bench
