#include "compiler/frontend/binder.h"
#include "compiler/frontend/suggest.h"
#include "compiler/model/types.h"

#include <algorithm>
#include <set>

namespace stepwise::frontend::binder {

namespace {

std::vector<std::string> column_names(const model::Table& t) {
    std::vector<std::string> out;
    for (const auto& c : t.columns)
        out.push_back(c.name);
    return out;
}

std::vector<std::string> texts(const std::vector<ast::Name>& names) {
    std::vector<std::string> out;
    for (const auto& n : names)
        out.push_back(n.text);
    return out;
}

// Integers of any width reference each other, as do the text types; otherwise the kinds
// (and an enum's or native type's name) must match.
bool compatible(const model::Type& a, const model::Type& b) {
    if (model::is_integer(a.kind) && model::is_integer(b.kind))
        return true;
    if (model::is_text(a.kind) && model::is_text(b.kind))
        return true;
    if (a.kind != b.kind)
        return false;
    if (a.kind == model::TypeKind::Enum || a.kind == model::TypeKind::Sql)
        return a.name == b.name;
    return true;
}

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& i : items)
        out += (out.empty() ? "" : ", ") + i;
    return out;
}

// The table-level work of one table: one namespace of constraint and index names, and the
// MySQL-style ordinals of unnamed foreign keys and checks.
class TableConstraints {
public:
    TableConstraints(const std::string& file, model::Table& table, model::NamingStyle style,
                     Diagnostics& diags)
        : file_(file), table_(table), style_(style), diags_(diags) {}

    void primary_key(const std::optional<ast::Name>& name, const std::vector<ast::Name>& cols,
                     const ast::Loc& loc) {
        std::string n = name ? name->text : model::default_primary_key_name(style_, table_.name);
        if (table_.primary_key) {
            error(loc, "table " + table_.name + " has more than one primary key" +
                           first_at(table_.primary_key->loc, file_));
            return;
        }
        if (!claim(n, name ? name->loc : loc))
            return;
        auto columns = resolve(cols, "primary key " + n);
        for (const auto& c : columns)
            if (auto* col = table_.find_column(c))
                col->nullable = false;
        table_.primary_key = model::PrimaryKey{n, columns, where(file_, loc)};
    }

    void unique(const std::optional<ast::Name>& name, const std::vector<ast::Name>& cols,
                const ast::Loc& loc) {
        std::string n =
            name ? name->text : model::default_unique_name(style_, table_.name, texts(cols));
        if (!claim(n, name ? name->loc : loc))
            return;
        table_.uniques.push_back({n, resolve(cols, "unique constraint " + n), where(file_, loc)});
    }

    void index(const ast::IndexDecl& decl) {
        std::vector<std::string> parts;
        std::vector<ast::Name> cols;
        for (const auto& p : decl.parts) {
            parts.push_back(p.column ? p.column->text : "expr");
            if (p.column)
                cols.push_back(*p.column);
        }
        std::string n =
            decl.name ? decl.name->text : model::default_index_name(style_, table_.name, parts);
        if (!claim(n, decl.name ? decl.name->loc : decl.loc))
            return;
        resolve(cols, "index " + n, /*allow_repeats=*/true); // PostgreSQL accepts (a, a)
        model::Index index;
        index.name = n;
        index.unique = decl.unique;
        for (const auto& p : decl.parts) {
            model::IndexPart part;
            if (p.column)
                part.column = p.column->text;
            else
                part.expr = p.expr->expr;
            part.order = p.order;
            index.parts.push_back(std::move(part));
        }
        if (decl.method) {
            index.method = decl.method->text;
            if (!decl.method->quoted)
                std::transform(index.method.begin(), index.method.end(), index.method.begin(),
                               [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        }
        if (decl.where)
            index.where = decl.where->expr;
        index.loc = where(file_, decl.loc);
        table_.indexes.push_back(std::move(index));
    }

    void check(const std::optional<ast::Name>& name, const ast::ExprNode& expr,
               const std::optional<std::string>& column, const ast::Loc& loc) {
        ++check_ordinal_;
        std::string n;
        if (name) {
            n = name->text;
        } else {
            // PostgreSQL names a check after the first column it mentions.
            std::vector<std::string> cols;
            if (column) {
                cols.push_back(*column);
            } else {
                for (const auto& id : expr.identifiers)
                    if (table_.find_column(id)) {
                        cols.push_back(id);
                        break;
                    }
            }
            n = model::default_check_name(style_, table_.name, cols, check_ordinal_);
        }
        if (!claim(n, name ? name->loc : loc))
            return;
        table_.checks.push_back({n, expr.expr, where(file_, loc)});
    }

    // Returns the name; the reference is resolved once every table is bound.
    std::optional<std::string> foreign_key(const std::optional<ast::Name>& name,
                                           const std::vector<ast::Name>& cols,
                                           const ast::Loc& loc) {
        ++fk_ordinal_;
        std::string n =
            name ? name->text
                 : model::default_foreign_key_name(style_, table_.name, texts(cols), fk_ordinal_);
        if (!claim(n, name ? name->loc : loc))
            return std::nullopt;
        resolve(cols, "foreign key " + n);
        return n;
    }

private:
    void error(const ast::Loc& loc, std::string message) {
        diags_.error(file_, loc.line, loc.col, std::move(message));
    }

    bool claim(const std::string& name, const ast::Loc& loc) {
        if (name.empty()) {
            error(loc, "empty identifier");
            return false;
        }
        auto [it, fresh] = names_.emplace(name, where(file_, loc));
        if (!fresh)
            error(loc, "duplicate constraint or index name '" + name + "' in table " + table_.name +
                           first_at(it->second, file_));
        return fresh;
    }

    std::vector<std::string> resolve(const std::vector<ast::Name>& cols, const std::string& what,
                                     bool allow_repeats = false) {
        std::vector<std::string> out;
        std::set<std::string> seen;
        for (const auto& c : cols) {
            if (!table_.find_column(c.text))
                error(c.loc, "unknown column '" + c.text + "' in " + what +
                                 did_you_mean(c.text, column_names(table_)));
            else if (!seen.insert(c.text).second && !allow_repeats)
                error(c.loc, "column '" + c.text + "' appears twice in " + what);
            out.push_back(c.text);
        }
        return out;
    }

    const std::string& file_;
    model::Table& table_;
    model::NamingStyle style_;
    Diagnostics& diags_;
    std::map<std::string, model::SourceLoc> names_;
    int fk_ordinal_ = 0;
    int check_ordinal_ = 0;
};

} // namespace

void Binder::bind_constraints(const std::string& file, const ast::TableDecl& decl,
                              size_t table_pos) {
    model::Table& table = catalog_.tables[table_pos];
    TableConstraints tc(file, table, style_, diags_);
    auto add_fk = [&](const std::optional<ast::Name>& name, const std::vector<ast::Name>& cols,
                      const ast::References& refs, const ast::Loc& loc) {
        if (auto n = tc.foreign_key(name, cols, loc))
            pending_fks_.push_back({table_pos, *n, cols, refs, file, where(file, loc)});
    };
    for (const auto& member : decl.members) {
        if (const auto* col = std::get_if<ast::ColumnDecl>(&member)) {
            if (col->name.text.empty())
                continue;
            for (const auto& attr : col->attrs) {
                switch (attr.kind) {
                case ast::AttrKind::PrimaryKey:
                    tc.primary_key(std::nullopt, {col->name}, attr.loc);
                    break;
                case ast::AttrKind::Unique:
                    tc.unique(std::nullopt, {col->name}, attr.loc);
                    break;
                case ast::AttrKind::Check:
                    tc.check(std::nullopt, *attr.expr, col->name.text, attr.loc);
                    break;
                case ast::AttrKind::References:
                    add_fk(std::nullopt, {col->name}, *attr.refs, attr.loc);
                    break;
                default:
                    break;
                }
            }
        } else if (const auto* key = std::get_if<ast::KeyDecl>(&member)) {
            if (key->primary)
                tc.primary_key(key->name, key->columns, key->loc);
            else
                tc.unique(key->name, key->columns, key->loc);
        } else if (const auto* index = std::get_if<ast::IndexDecl>(&member)) {
            tc.index(*index);
        } else if (const auto* check = std::get_if<ast::CheckDecl>(&member)) {
            tc.check(check->name, check->expr, std::nullopt, check->loc);
        } else if (const auto* fk = std::get_if<ast::ForeignKeyDecl>(&member)) {
            add_fk(fk->name, fk->columns, fk->refs, fk->loc);
        }
    }
}

void Binder::resolve_foreign_keys() {
    std::vector<std::string> table_names;
    for (const auto& t : catalog_.tables)
        table_names.push_back(t.name);
    for (const auto& p : pending_fks_) {
        const std::string what = "foreign key " + p.name;
        model::Table& table = catalog_.tables[p.table];
        auto target_it = table_index_.find(p.refs.table.text);
        if (target_it == table_index_.end()) {
            error(p.file, p.refs.table.loc,
                  "unknown table '" + p.refs.table.text + "' in " + what +
                      did_you_mean(p.refs.table.text, table_names));
            continue;
        }
        const model::Table& target = catalog_.tables[target_it->second];
        std::vector<std::string> ref_cols = texts(p.refs.columns);
        if (ref_cols.empty()) {
            if (!target.primary_key) {
                error(p.file, p.refs.table.loc,
                      what + " references table " + target.name +
                          ", which has no primary key; name the referenced columns");
                continue;
            }
            ref_cols = target.primary_key->columns;
        }
        bool ok = true;
        for (const auto& c : p.refs.columns) {
            if (!target.find_column(c.text)) {
                error(p.file, c.loc,
                      "unknown column '" + c.text + "' in table " + target.name +
                          ", referenced by " + what + did_you_mean(c.text, column_names(target)));
                ok = false;
            }
        }
        if (!ok)
            continue;
        if (ref_cols.size() != p.columns.size()) {
            error(p.file, p.refs.loc,
                  what + " has " + std::to_string(p.columns.size()) + " column(s) but references " +
                      std::to_string(ref_cols.size()));
            continue;
        }
        for (size_t i = 0; i < ref_cols.size(); ++i) {
            const auto* local = table.find_column(p.columns[i].text);
            const auto* remote = target.find_column(ref_cols[i]);
            if (!local || !remote)
                continue;
            if (!compatible(local->type, remote->type))
                error(p.file, p.columns[i].loc,
                      what + ": column " + local->name + " (" + model::to_dsl(local->type) +
                          ") does not match " + target.name + "." + remote->name + " (" +
                          model::to_dsl(remote->type) + ")");
        }
        auto as_set = [](std::vector<std::string> v) {
            std::sort(v.begin(), v.end());
            return v;
        };
        auto wanted = as_set(ref_cols);
        bool keyed = target.primary_key && as_set(target.primary_key->columns) == wanted;
        for (const auto& u : target.uniques)
            keyed = keyed || as_set(u.columns) == wanted;
        for (const auto& ix : target.indexes) {
            if (!ix.unique || ix.where)
                continue;
            std::vector<std::string> cols;
            bool plain = true;
            for (const auto& part : ix.parts) {
                plain = plain && !part.expr;
                cols.push_back(part.column);
            }
            keyed = keyed || (plain && as_set(cols) == wanted);
        }
        if (!keyed)
            error(p.file, p.refs.table.loc,
                  what + " references " + target.name + " (" + join(ref_cols) +
                      "), which is neither the primary key nor a unique key of " + target.name);
        model::FkAction on_delete = p.refs.on_delete.value_or(model::FkAction::NoAction);
        model::FkAction on_update = p.refs.on_update.value_or(model::FkAction::NoAction);
        if (on_delete == model::FkAction::SetNull || on_update == model::FkAction::SetNull) {
            for (const auto& c : p.columns) {
                const auto* local = table.find_column(c.text);
                if (local && !local->nullable)
                    error(p.file, p.refs.loc,
                          what + " sets column " + c.text + " to null, but it is not null");
            }
        }
        table.foreign_keys.push_back(
            {p.name, texts(p.columns), target.name, ref_cols, on_delete, on_update, p.loc});
    }
}

} // namespace stepwise::frontend::binder
