#pragma once
// The live database as a Catalog, from information_schema in six bulk queries whatever the
// number of tables. `ns` is the connection's database. Tables, columns and triggers named
// `_stepwise_*` are the tool's own and are left out.
//
// Read back as MySQL stores it: an index InnoDB made for a foreign key (same name as the
// key) is not reported; a MariaDB json column (longtext + json_valid check) reads as json;
// a collation equal to the table's default is not reported. Enum columns become the
// catalog's enums, named from the `_stepwise_enums` registry the steps keep (falling back to
// `<table>_<column>`); columns with the same labels and name share one enum.

#include "compiler/model/catalog.h"
#include "dialects/mysql/mysql_connection.h"

namespace stepwise::mysql {

inline constexpr const char* kEnumRegistry = "_stepwise_enums";

model::Catalog inspect_catalog(MysqlConnection& connection);

} // namespace stepwise::mysql
