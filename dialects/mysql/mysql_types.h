#pragma once
// The DSL's portable types as MySQL / MariaDB column types, and back.
//
// bool -> tinyint(1); real -> float; numeric(p,s) -> decimal(p,s) (plain numeric: decimal(10,0),
// the server's own default); bytes -> longblob; timestamp -> datetime(6); timestamptz ->
// timestamp(6) (stored as UTC, shown in the session's zone); uuid -> uuid on MariaDB >= 10.7,
// else char(36); json and jsonb -> json (MariaDB stores longtext with a json_valid check and
// reads back as json); an enum -> ENUM('a', ...) on each column that uses it.

#include "compiler/model/catalog.h"
#include "dialects/mysql/mysql_connection.h"

#include <string>

namespace stepwise::mysql {

std::string render_type(const model::Type& type, const model::Catalog& catalog,
                        const ServerVersion& server);

// From information_schema.columns: data_type ("int") and column_type ("int(11) unsigned").
// Enum columns read back as TypeKind::Enum with `name` empty; the caller names them.
model::Type read_type(const std::string& data_type, const std::string& column_type);

// Labels of "enum('a','b')".
std::vector<std::string> enum_labels(const std::string& column_type);

} // namespace stepwise::mysql
