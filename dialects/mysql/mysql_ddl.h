#pragma once
// MySQL DDL text for the model's objects. Every name goes through quote_ident, every string
// through quote_literal.
//
// A `unique index` (as opposed to a unique constraint) carries the index comment
// `stepwise:unique-index`: MySQL has no other way to tell the two apart, and without it a
// plan would flip one into the other forever.

#include "compiler/model/catalog.h"
#include "dialects/mysql/mysql_connection.h"

#include <string>

namespace stepwise::mysql {

inline constexpr const char* kUniqueIndexComment = "stepwise:unique-index";

struct DdlContext {
    const model::Catalog& catalog; // resolves enum types
    const ServerVersion& server;
};

// `name` type [COLLATE] NOT NULL DEFAULT ... AUTO_INCREMENT COMMENT ...
std::string column_definition(const DdlContext& ctx, const model::Column& column);
std::string index_parts(const std::vector<model::IndexPart>& parts);
// "UNIQUE INDEX `n` (...) COMMENT '...'" / "INDEX `n` (...)"; for ADD and CREATE TABLE.
// `if_not_exists` (MariaDB only) lets ALTER TABLE ... ADD skip an object already there.
std::string index_clause(const model::Index& index, bool if_not_exists = false);
std::string unique_clause(const model::UniqueConstraint& unique, bool if_not_exists = false);
std::string primary_key_clause(const model::PrimaryKey& key);
std::string foreign_key_clause(const model::ForeignKey& key, bool if_not_exists = false);
std::string check_clause(const model::Check& check, bool if_not_exists = false);
std::string create_table(const DdlContext& ctx, const model::Table& table,
                         bool if_not_exists = false);
std::string column_list(const std::vector<std::string>& columns);

} // namespace stepwise::mysql
