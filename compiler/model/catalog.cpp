#include "compiler/model/catalog.h"

#include <algorithm>

namespace stepwise::model {

namespace {

template <typename T> void sort_by_name(std::vector<T>& items) {
    std::stable_sort(items.begin(), items.end(),
                     [](const T& a, const T& b) { return a.name < b.name; });
}

template <typename T, typename Same>
bool same_list(const std::vector<T>& a, const std::vector<T>& b, Same same) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), same);
}

bool same_index(const Index& a, const Index& b) {
    return a.name == b.name && a.unique == b.unique && a.parts == b.parts && a.method == b.method &&
           a.where == b.where;
}

bool same_fk(const ForeignKey& a, const ForeignKey& b) {
    return a.name == b.name && a.columns == b.columns && a.ref_table == b.ref_table &&
           a.ref_columns == b.ref_columns && a.on_delete == b.on_delete &&
           a.on_update == b.on_update;
}

} // namespace

const Column* Table::find_column(const std::string& n) const {
    for (const auto& c : columns)
        if (c.name == n)
            return &c;
    return nullptr;
}

Column* Table::find_column(const std::string& n) {
    return const_cast<Column*>(static_cast<const Table*>(this)->find_column(n));
}

const Index* Table::find_index(const std::string& n) const {
    for (const auto& i : indexes)
        if (i.name == n)
            return &i;
    return nullptr;
}

namespace {

// Canonical lists are sorted by name, so a binary search finds a name in O(log n); plans of
// 10,000 tables look names up millions of times. A list still being built may be unsorted,
// so a miss falls back to a scan and the answer never depends on the order.
template <typename T> const T* find_by_name(const std::vector<T>& items, const std::string& n) {
    size_t lo = 0, hi = items.size();
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (items[mid].name < n)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < items.size() && items[lo].name == n)
        return &items[lo];
    for (const auto& x : items)
        if (x.name == n)
            return &x;
    return nullptr;
}

} // namespace

const Table* Catalog::find_table(const std::string& n) const {
    return find_by_name(tables, n);
}

Table* Catalog::find_table(const std::string& n) {
    return const_cast<Table*>(static_cast<const Catalog*>(this)->find_table(n));
}

const Enum* Catalog::find_enum(const std::string& n) const {
    return find_by_name(enums, n);
}

void canonicalize(Catalog& catalog) {
    sort_by_name(catalog.enums);
    sort_by_name(catalog.tables);
    for (auto& t : catalog.tables) {
        sort_by_name(t.uniques);
        sort_by_name(t.indexes);
        sort_by_name(t.foreign_keys);
        sort_by_name(t.checks);
    }
}

bool same_column(const Column& a, const Column& b) {
    return a.name == b.name && a.type == b.type && a.nullable == b.nullable &&
           a.identity == b.identity && a.default_value == b.default_value &&
           a.collation == b.collation && a.comment == b.comment;
}

bool same_table(const Table& a, const Table& b) {
    auto same_pk = [](const std::optional<PrimaryKey>& x, const std::optional<PrimaryKey>& y) {
        if (x.has_value() != y.has_value())
            return false;
        return !x || (x->name == y->name && x->columns == y->columns);
    };
    return a.name == b.name && a.comment == b.comment &&
           same_list(a.columns, b.columns, same_column) && same_pk(a.primary_key, b.primary_key) &&
           same_list(a.uniques, b.uniques,
                     [](const auto& x, const auto& y) {
                         return x.name == y.name && x.columns == y.columns;
                     }) &&
           same_list(a.indexes, b.indexes, same_index) &&
           same_list(a.foreign_keys, b.foreign_keys, same_fk) &&
           same_list(a.checks, b.checks, [](const auto& x, const auto& y) {
               return x.name == y.name && x.expr == y.expr;
           });
}

bool same_schema(const Catalog& a, const Catalog& b) {
    return a.ns == b.ns &&
           same_list(a.enums, b.enums,
                     [](const Enum& x, const Enum& y) {
                         return x.name == y.name && x.labels == y.labels;
                     }) &&
           same_list(a.tables, b.tables, same_table);
}

const char* to_string(FkAction action) {
    switch (action) {
    case FkAction::NoAction:
        return "no action";
    case FkAction::Restrict:
        return "restrict";
    case FkAction::Cascade:
        return "cascade";
    case FkAction::SetNull:
        return "set null";
    case FkAction::SetDefault:
        return "set default";
    }
    return "no action";
}

} // namespace stepwise::model
