#include "compiler/diff/diff_context.h"

#include <algorithm>
#include <set>
#include <tuple>
#include <type_traits>

namespace stepwise::diff::detail {

namespace {

// Within a table: renames first so later changes can use new names, drops of dependent
// objects before the columns they use, adds after the columns they need.
template <typename T> constexpr int kind_rank() {
    if constexpr (std::is_same_v<T, CreateEnum>)
        return 0;
    else if constexpr (std::is_same_v<T, AlterEnum>)
        return 1;
    else if constexpr (std::is_same_v<T, DropEnum>)
        return 2;
    else if constexpr (std::is_same_v<T, RenameTable>)
        return 0;
    else if constexpr (std::is_same_v<T, DropTable>)
        return 1;
    else if constexpr (std::is_same_v<T, CreateTable>)
        return 2;
    else if constexpr (std::is_same_v<T, RenameColumn>)
        return 3;
    else if constexpr (std::is_same_v<T, DropForeignKey>)
        return 4;
    else if constexpr (std::is_same_v<T, DropCheck>)
        return 5;
    else if constexpr (std::is_same_v<T, DropIndex>)
        return 6;
    else if constexpr (std::is_same_v<T, DropUnique>)
        return 7;
    else if constexpr (std::is_same_v<T, DropPrimaryKey>)
        return 8;
    else if constexpr (std::is_same_v<T, DropColumn>)
        return 9;
    else if constexpr (std::is_same_v<T, AddColumn>)
        return 10;
    else if constexpr (std::is_same_v<T, AlterColumn>)
        return 11;
    else if constexpr (std::is_same_v<T, AddPrimaryKey>)
        return 12;
    else if constexpr (std::is_same_v<T, AddUnique>)
        return 13;
    else if constexpr (std::is_same_v<T, AddIndex>)
        return 14;
    else if constexpr (std::is_same_v<T, AddCheck>)
        return 15;
    else if constexpr (std::is_same_v<T, AddForeignKey>)
        return 16;
    else if constexpr (std::is_same_v<T, ValidateConstraint>)
        return 17;
    else
        return 18; // SetTableComment
}

int rank_of(const Change& change) {
    return std::visit([](const auto& c) { return kind_rank<std::decay_t<decltype(c)>>(); }, change);
}

} // namespace

std::string Renames::table(const std::string& old_name) const {
    return map_name(tables, old_name);
}

const NameMap& Renames::columns_of(const std::string& old_table) const {
    static const NameMap none;
    auto it = columns.find(old_table);
    return it == columns.end() ? none : it->second;
}

std::string map_name(const NameMap& map, const std::string& name) {
    auto it = map.find(name);
    return it == map.end() ? name : it->second;
}

std::vector<std::string> map_names(const NameMap& map, const std::vector<std::string>& names) {
    std::vector<std::string> out;
    out.reserve(names.size());
    for (const auto& n : names)
        out.push_back(map_name(map, n));
    return out;
}

model::ForeignKey map_foreign_key(const Renames& renames, const std::string& old_table,
                                  const model::ForeignKey& key) {
    model::ForeignKey out = key;
    out.columns = map_names(renames.columns_of(old_table), key.columns);
    out.ref_columns = map_names(renames.columns_of(key.ref_table), key.ref_columns);
    out.ref_table = renames.table(key.ref_table);
    return out;
}

void Sink::add_enum(const std::string& name, Change change) {
    int kind = rank_of(change);
    entries_.push_back(Entry{0, name, kind, 0, {}, entries_.size(), std::move(change)});
}

void Sink::add(const std::string& table, Change change, int position, const std::string& object) {
    int kind = rank_of(change);
    entries_.push_back(Entry{1, table, kind, position, object, entries_.size(), std::move(change)});
}

ChangeSet Sink::sorted() {
    std::sort(entries_.begin(), entries_.end(), [](const Entry& a, const Entry& b) {
        return std::tie(a.group, a.table, a.kind, a.position, a.object, a.seq) <
               std::tie(b.group, b.table, b.kind, b.position, b.object, b.seq);
    });
    ChangeSet out;
    out.changes.reserve(entries_.size());
    for (auto& e : entries_)
        out.changes.push_back(std::move(e.change));
    entries_.clear();
    return out;
}

} // namespace stepwise::diff::detail
