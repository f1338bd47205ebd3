#pragma once
// CREATE TABLE / CREATE INDEX text for SQLite, shaped so introspection reads back exactly
// the same model::Table (see sqlite_ddl_reader.h):
//  - every constraint is written with an explicit `CONSTRAINT "name"` so names survive;
//  - an enum column is declared text with a column check named `_stepwise_enum_<enum>`
//    listing the labels in order;
//  - identity is `integer PRIMARY KEY AUTOINCREMENT` on a single-column primary key (the
//    rowid alias); when the portable type is not int, a `-- stepwise:type` line keeps it;
//  - comments live in the CREATE TABLE text as `-- stepwise:comment "<json string>"` before a
//    column and `-- stepwise:table-comment "<json string>"` after the opening parenthesis
//    (SQLite has no COMMENT; SQL comments are kept verbatim in sqlite_master).

#include "compiler/model/catalog.h"

#include <string>

namespace stepwise::sqlite {

inline constexpr const char* kEnumCheckPrefix = "_stepwise_enum_";
inline constexpr const char* kCommentMarker = "stepwise:comment";
inline constexpr const char* kTableCommentMarker = "stepwise:table-comment";
inline constexpr const char* kTypeMarker = "stepwise:type";

// Whether the column is written as `integer PRIMARY KEY AUTOINCREMENT`.
bool is_rowid_identity(const model::Table& table, const model::Column& column);

// One column definition, without a trailing comma or comment lines.
std::string render_column(const model::Table& table, const model::Column& column);

// CREATE TABLE for `table` named `name` (the table's own name when empty). Enum columns
// take their labels from `catalog`; a missing enum is an error (std::invalid_argument).
std::string render_create_table(const model::Table& table, const model::Catalog& catalog,
                                const std::string& name = {});

std::string render_create_index(const std::string& table, const model::Index& index);
std::string render_drop_index(const model::Index& index);

// The FOREIGN KEY clause body after `CONSTRAINT "name"`.
std::string render_foreign_key(const model::ForeignKey& key);

} // namespace stepwise::sqlite
