#pragma once
// Binds the ASTs of a set of files (one desired state) into a canonical model::Catalog:
// resolves types and names, moves column-level constraints to the table, gives unnamed
// constraints their default names, and reports every semantic error it finds.

#include "compiler/frontend/ast.h"
#include "compiler/frontend/diagnostics.h"
#include "compiler/model/catalog.h"
#include "compiler/model/naming.h"

#include <map>
#include <string>
#include <vector>

namespace stepwise::frontend {

// Consumes the ASTs: each table's declaration is released once bound, so that the catalog
// reuses its memory (a large schema's AST and catalog are each some tens of megabytes).
model::Catalog bind(std::vector<ast::File> files, model::NamingStyle style, Diagnostics& diags);

// Internals shared by the binder's files.
namespace binder {

model::SourceLoc where(const std::string& file, const ast::Loc& loc);

// " (first declared at line 3)" or " (first declared at other.schema:3)".
std::string first_at(const model::SourceLoc& first, const std::string& file);

struct PendingForeignKey {
    size_t table = 0; // index into Binder::tables_
    std::string name;
    std::vector<ast::Name> columns;
    ast::References refs;
    std::string file;
    model::SourceLoc loc;
};

class Binder {
public:
    Binder(model::NamingStyle style, Diagnostics& diags) : style_(style), diags_(diags) {}
    model::Catalog run(std::vector<ast::File>& files); // releases each table once bound

private:
    void bind_namespace(const ast::File& file);
    void bind_enum(const ast::File& file, const ast::EnumDecl& decl);
    void bind_table(const ast::File& file, const ast::TableDecl& decl);

    // bind_column.cpp
    model::Column bind_column(const std::string& file, const ast::ColumnDecl& decl,
                              const std::string& table);
    std::optional<model::Type> bind_type(const std::string& file, const ast::TypeNode& node);

    // bind_constraints.cpp: members other than columns, in source order.
    void bind_constraints(const std::string& file, const ast::TableDecl& decl, size_t table);
    void resolve_foreign_keys();

    bool check_name(const std::string& file, const ast::Name& name);
    void error(const std::string& file, const ast::Loc& loc, std::string message);

    model::NamingStyle style_;
    Diagnostics& diags_;
    model::Catalog catalog_;
    model::SourceLoc ns_loc_;
    std::map<std::string, size_t> table_index_; // name -> position in catalog_.tables
    std::vector<PendingForeignKey> pending_fks_;
};

} // namespace binder

} // namespace stepwise::frontend
