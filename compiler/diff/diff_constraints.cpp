#include "compiler/diff/diff_context.h"
#include "compiler/model/naming.h"

#include <map>

namespace stepwise::diff::detail {

namespace {

bool same_opt_expr(const std::optional<model::Expr>& a, const std::optional<model::Expr>& b,
                   const DiffDriver& driver) {
    if (a.has_value() != b.has_value())
        return false;
    return !a || driver.same_expr(*a, *b);
}

bool same_index(const model::Index& a, const model::Index& b, const DiffDriver& driver) {
    if (a.unique != b.unique || a.method != b.method || a.parts.size() != b.parts.size() ||
        !same_opt_expr(a.where, b.where, driver))
        return false;
    for (size_t i = 0; i < a.parts.size(); ++i) {
        const auto& x = a.parts[i];
        const auto& y = b.parts[i];
        if (x.column != y.column || x.order != y.order || !same_opt_expr(x.expr, y.expr, driver))
            return false;
    }
    return true;
}

bool same_foreign_key(const model::ForeignKey& a, const model::ForeignKey& b,
                      const DiffDriver& driver) {
    return a.columns == b.columns && a.ref_table == b.ref_table && a.ref_columns == b.ref_columns &&
           driver.same_fk_action(a.on_delete, b.on_delete) &&
           driver.same_fk_action(a.on_update, b.on_update);
}

// Compares two by-name lists: a name on one side only is an add or a drop; a name on both
// sides with another definition is a drop and an add of the same name.
template <typename T, typename Same, typename OnDrop, typename OnAdd>
void diff_named(const std::vector<T>& have, const std::vector<T>& want, Same same, OnDrop drop,
                OnAdd add) {
    std::map<std::string, const T*> by_name;
    for (const auto& x : have)
        by_name.emplace(x.name, &x);
    for (const auto& w : want) {
        auto it = by_name.find(w.name);
        if (it == by_name.end()) {
            add(w);
            continue;
        }
        if (!same(*it->second, w)) {
            drop(*it->second);
            add(w);
        }
        by_name.erase(it);
    }
    for (const auto& [name, x] : by_name)
        drop(*x);
}

template <typename T> const T* find_named(const std::vector<T>& list, const std::string& name) {
    for (const auto& x : list)
        if (x.name == name)
            return &x;
    return nullptr;
}

// Live objects of a renamed table named for its old name take the new table's name when the
// desired table has no object under the old name, has one under the new name with the same
// definition, and the live table does not already use the new name. Returns what was renamed.
template <typename T, typename Same>
void follow_rename(std::vector<T>& have, const std::vector<T>& want, const std::string& old_table,
                   const std::string& new_table, ObjectRename::Kind kind, Same same,
                   std::vector<ObjectRename>& out) {
    std::vector<std::pair<T*, std::string>> found;
    for (auto& x : have) {
        auto name = model::follow_table_rename(x.name, old_table, new_table);
        if (!name || find_named(want, x.name) || find_named(have, *name))
            continue;
        const T* w = find_named(want, *name);
        if (w && same(x, *w))
            found.emplace_back(&x, *name);
    }
    for (auto& [x, name] : found) {
        out.push_back({kind, x->name, name});
        x->name = name;
    }
}

} // namespace

std::vector<ObjectRename> diff_constraints(const model::Table& from, const model::Table& to,
                                           const Renames& renames, const DiffDriver& driver,
                                           Sink& sink) {
    const std::string& t = to.name;
    const NameMap& cols = renames.columns_of(from.name);
    std::vector<ObjectRename> followed;
    using Kind = ObjectRename::Kind;

    // Current-side objects with their references following this diff's renames, so an
    // object that only follows a rename is not changed.
    std::optional<model::PrimaryKey> have_pk = from.primary_key;
    if (have_pk)
        have_pk->columns = map_names(cols, have_pk->columns);
    if (have_pk && to.primary_key && have_pk->columns == to.primary_key->columns &&
        model::follow_table_rename(have_pk->name, from.name, t) == to.primary_key->name) {
        followed.push_back({Kind::PrimaryKey, have_pk->name, to.primary_key->name});
        have_pk->name = to.primary_key->name;
    }
    if (have_pk && to.primary_key) {
        if (have_pk->name != to.primary_key->name || have_pk->columns != to.primary_key->columns) {
            sink.add(t, DropPrimaryKey{t, *have_pk}, 0, have_pk->name);
            sink.add(t, AddPrimaryKey{t, *to.primary_key}, 0, to.primary_key->name);
        }
    } else if (have_pk) {
        sink.add(t, DropPrimaryKey{t, *have_pk}, 0, have_pk->name);
    } else if (to.primary_key) {
        sink.add(t, AddPrimaryKey{t, *to.primary_key}, 0, to.primary_key->name);
    }

    std::vector<model::UniqueConstraint> uniques = from.uniques;
    for (auto& u : uniques)
        u.columns = map_names(cols, u.columns);
    auto same_unique = [](const auto& a, const auto& b) { return a.columns == b.columns; };
    follow_rename(uniques, to.uniques, from.name, t, Kind::Unique, same_unique, followed);
    diff_named(
        uniques, to.uniques, same_unique,
        [&](const auto& u) {
            sink.add(t, DropUnique{t, u}, 0, u.name);
        },
        [&](const auto& u) {
            sink.add(t, AddUnique{t, u}, 0, u.name);
        });

    std::vector<model::Index> indexes;
    for (const auto& i : from.indexes)
        indexes.push_back(map_index(cols, i, driver));
    auto same_ix = [&](const auto& a, const auto& b) { return same_index(a, b, driver); };
    follow_rename(indexes, to.indexes, from.name, t, Kind::Index, same_ix, followed);
    diff_named(
        indexes, to.indexes, same_ix,
        [&](const auto& i) {
            sink.add(t, DropIndex{t, i}, 0, i.name);
        },
        [&](const auto& i) {
            sink.add(t, AddIndex{t, i}, 0, i.name);
        });

    std::vector<model::ForeignKey> keys;
    for (const auto& k : from.foreign_keys)
        keys.push_back(map_foreign_key(renames, from.name, k));
    auto same_fk = [&](const auto& a, const auto& b) { return same_foreign_key(a, b, driver); };
    follow_rename(keys, to.foreign_keys, from.name, t, Kind::ForeignKey, same_fk, followed);
    diff_named(
        keys, to.foreign_keys, same_fk,
        [&](const auto& k) {
            sink.add(t, DropForeignKey{t, k}, 0, k.name);
        },
        [&](const auto& k) {
            sink.add(t, AddForeignKey{t, k}, 0, k.name);
        });

    std::vector<model::Check> checks = from.checks;
    for (auto& c : checks)
        c.expr = map_expr(cols, c.expr, driver);
    auto same_check = [&](const auto& a, const auto& b) {
        return driver.same_expr(a.expr, b.expr);
    };
    follow_rename(checks, to.checks, from.name, t, Kind::Check, same_check, followed);
    diff_named(
        checks, to.checks, same_check,
        [&](const auto& c) {
            sink.add(t, DropCheck{t, c}, 0, c.name);
        },
        [&](const auto& c) {
            sink.add(t, AddCheck{t, c}, 0, c.name);
        });

    // Same definition, left NOT VALID on the live side: only the validation is missing.
    for (const auto& k : keys)
        if (const auto* w = find_named(to.foreign_keys, k.name))
            if (!k.validated && w->validated && same_foreign_key(k, *w, driver))
                sink.add(t, ValidateConstraint{t, k.name, true}, 0, k.name);
    for (const auto& c : checks)
        if (const auto* w = find_named(to.checks, c.name))
            if (!c.validated && w->validated && driver.same_expr(c.expr, w->expr))
                sink.add(t, ValidateConstraint{t, c.name, false}, 0, c.name);

    if (from.comment != to.comment)
        sink.add(t, SetTableComment{t, from.comment, to.comment});
    return followed;
}

} // namespace stepwise::diff::detail
