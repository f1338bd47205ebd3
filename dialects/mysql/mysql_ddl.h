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
std::string index_clause(const model::Index& index);
std::string unique_clause(const model::UniqueConstraint& unique);
std::string primary_key_clause(const model::PrimaryKey& key);
std::string foreign_key_clause(const model::ForeignKey& key);
std::string check_clause(const model::Check& check);
std::string create_table(const DdlContext& ctx, const model::Table& table);
std::string column_list(const std::vector<std::string>& columns);

} // namespace stepwise::mysql
