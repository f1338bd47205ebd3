#pragma once
// DDL text for PostgreSQL objects. Every name goes through quote_ident; tables and types are
// qualified with the working schema when one is known.

#include "compiler/model/catalog.h"
#include "compiler/plan/step.h"

#include <string>
#include <vector>

namespace stepwise::postgres {

// The working schema and the renderers that qualify names with it.
struct Names {
    std::string schema; // empty: unqualified

    std::string table(const std::string& name) const;
    std::string type(const model::Type& type) const;
    std::string object(const std::string& name) const; // an index or a type by name
};

std::string column_definition(const Names& n, const model::Column& column);
// CREATE TABLE with its columns and constraints (FKs included), then its indexes and comments.
std::vector<std::string> create_table_sql(const Names& n, const model::Table& table);
std::string index_sql(const Names& n, const std::string& table, const model::Index& index,
                      bool concurrently);
// Appends CREATE INDEX CONCURRENTLY of `index` on `table` to the `side` list of `step`, marked
// with its index_build plan::Guard, so that a resumed run finds out from the catalog whether
// the build is done (pg_statement_guard.h). Every concurrent build goes through here.
void add_index_build(plan::Step& step, plan::Side side, const Names& n, const std::string& table,
                     const model::Index& index);
std::string foreign_key_clause(const Names& n, const model::ForeignKey& fk);
std::string check_clause(const model::Check& check);
std::string column_list(const std::vector<std::string>& columns);
const char* fk_action_sql(model::FkAction action);
std::string comment_literal(const std::optional<std::string>& text); // NULL or a literal

} // namespace stepwise::postgres
