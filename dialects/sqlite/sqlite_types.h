#pragma once
// Portable column types to SQLite declared types and back. The mapping is exact both ways
// for every builtin kind, so a rendered table inspects to the same types:
// bool->boolean, int->integer, double->double precision, bytes->blob, the rest by name;
// sql('x') is declared as x verbatim. Enums are declared text (see sqlite_ddl.h).

#include "compiler/model/types.h"

#include <string>

namespace stepwise::sqlite {

std::string declared_type(const model::Type& type);

// The portable type of a declared type as SQLite stores it (case-insensitive); anything
// unknown comes back as sql('<text as written>').
model::Type type_from_declared(const std::string& declared);

} // namespace stepwise::sqlite
