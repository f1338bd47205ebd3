#include "compiler/frontend/binder.h"

#include "compiler/frontend/suggest.h"

#include <algorithm>

namespace stepwise::frontend {

namespace binder {

model::SourceLoc where(const std::string& file, const ast::Loc& loc) {
    return {file, loc.line, loc.col};
}

std::string first_at(const model::SourceLoc& first, const std::string& file) {
    if (first.file == file)
        return " (first declared at line " + std::to_string(first.line) + ")";
    return " (first declared at " + first.file + ":" + std::to_string(first.line) + ")";
}

void Binder::error(const std::string& file, const ast::Loc& loc, std::string message) {
    diags_.error(file, loc.line, loc.col, std::move(message));
}

bool Binder::check_name(const std::string& file, const ast::Name& name) {
    if (!name.text.empty())
        return true;
    error(file, name.loc, "empty identifier");
    return false;
}

void Binder::bind_namespace(const ast::File& file) {
    for (const auto& decl : file.namespaces) {
        if (!check_name(file.path, decl.name))
            continue;
        if (catalog_.ns.empty()) {
            catalog_.ns = decl.name.text;
            ns_loc_ = where(file.path, decl.loc);
        } else if (catalog_.ns != decl.name.text) {
            std::string at = ns_loc_.file == file.path
                                 ? "line " + std::to_string(ns_loc_.line)
                                 : ns_loc_.file + ":" + std::to_string(ns_loc_.line);
            error(file.path, decl.name.loc,
                  "namespace '" + decl.name.text + "' conflicts with namespace '" + catalog_.ns +
                      "' declared at " + at);
        }
    }
}

void Binder::bind_enum(const ast::File& file, const ast::EnumDecl& decl) {
    if (!check_name(file.path, decl.name))
        return;
    if (const auto* first = catalog_.find_enum(decl.name.text)) {
        error(file.path, decl.name.loc,
              "duplicate enum '" + decl.name.text + "'" + first_at(first->loc, file.path));
        return;
    }
    model::Enum e;
    e.name = decl.name.text;
    e.loc = where(file.path, decl.loc);
    for (const auto& label : decl.labels) {
        bool seen = false;
        for (const auto& l : e.labels)
            seen = seen || l == label.text;
        if (seen) {
            error(file.path, label.loc,
                  "duplicate label '" + label.text + "' in enum " + decl.name.text);
            continue;
        }
        e.labels.push_back(label.text);
    }
    catalog_.enums.push_back(std::move(e));
}

void Binder::bind_table(const ast::File& file, const ast::TableDecl& decl) {
    if (!check_name(file.path, decl.name))
        return;
    auto known = table_index_.find(decl.name.text);
    if (known != table_index_.end()) {
        error(file.path, decl.name.loc,
              "duplicate table '" + decl.name.text + "'" +
                  first_at(catalog_.tables[known->second].loc, file.path));
        return;
    }
    model::Table table;
    table.name = decl.name.text;
    table.loc = where(file.path, decl.loc);
    if (decl.renamed_from) {
        table.renamed_from = decl.renamed_from->text;
        table.renamed_from_loc = where(file.path, decl.renamed_loc);
        if (*table.renamed_from == table.name)
            error(file.path, decl.renamed_from->loc,
                  "table " + table.name + " is renamed from itself");
    }
    std::map<std::string, model::SourceLoc> columns;
    model::SourceLoc comment_loc;
    // Sized once: growing a vector of columns copies them (a large schema spent a third of
    // binding in reallocation).
    table.columns.reserve(static_cast<size_t>(
        std::count_if(decl.members.begin(), decl.members.end(), [](const ast::Member& m) {
            return std::holds_alternative<ast::ColumnDecl>(m);
        })));
    for (const auto& member : decl.members) {
        if (const auto* col = std::get_if<ast::ColumnDecl>(&member)) {
            if (!check_name(file.path, col->name))
                continue;
            auto first = columns.find(col->name.text);
            if (first != columns.end()) {
                error(file.path, col->name.loc,
                      "duplicate column '" + col->name.text + "' in table " + table.name +
                          first_at(first->second, file.path));
                continue;
            }
            columns[col->name.text] = where(file.path, col->loc);
            table.columns.push_back(bind_column(file.path, *col, table.name));
        } else if (const auto* comment = std::get_if<ast::CommentDecl>(&member)) {
            if (table.comment) {
                error(file.path, comment->loc,
                      "table " + table.name + " has more than one comment" +
                          first_at(comment_loc, file.path));
                continue;
            }
            table.comment = comment->text;
            comment_loc = where(file.path, comment->loc);
        }
    }
    if (table.columns.empty())
        error(file.path, decl.name.loc, "table " + table.name + " has no columns");
    table_index_[table.name] = catalog_.tables.size();
    catalog_.tables.push_back(std::move(table));
    bind_constraints(file.path, decl, catalog_.tables.size() - 1);
}

model::Catalog Binder::run(std::vector<ast::File>& files) {
    for (const auto& file : files)
        bind_namespace(file);
    for (const auto& file : files)
        for (const auto& decl : file.enums)
            bind_enum(file, decl);
    size_t tables = 0;
    for (const auto& file : files)
        tables += file.tables.size();
    catalog_.tables.reserve(tables);
    for (auto& file : files) {
        for (auto& decl : file.tables) {
            bind_table(file, decl);
            decl = ast::TableDecl{}; // nothing later reads it: pending keys hold copies
        }
    }
    resolve_foreign_keys();
    model::canonicalize(catalog_);
    return std::move(catalog_);
}

} // namespace binder

model::Catalog bind(std::vector<ast::File> files, model::NamingStyle style, Diagnostics& diags) {
    return binder::Binder(style, diags).run(files);
}

} // namespace stepwise::frontend
