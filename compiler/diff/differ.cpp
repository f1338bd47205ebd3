#include "compiler/diff/differ.h"

#include "compiler/diff/diff_context.h"

#include <map>
#include <set>

namespace stepwise::diff {

namespace {

using detail::Renames;
using detail::Sink;

void diff_enums(const model::Catalog& from, const model::Catalog& to, Sink& sink) {
    for (const auto& want : to.enums) {
        const model::Enum* have = from.find_enum(want.name);
        if (!have)
            sink.add_enum(want.name, CreateEnum{want});
        else if (have->labels != want.labels)
            sink.add_enum(want.name, AlterEnum{*have, want});
    }
    for (const auto& have : from.enums)
        if (!to.find_enum(have.name))
            sink.add_enum(have.name, DropEnum{have});
}

struct TablePair {
    const model::Table* from;
    const model::Table* to;
};

} // namespace

ChangeSet diff(const model::Catalog& from, const model::Catalog& to, const DiffDriver& driver) {
    Sink sink;
    diff_enums(from, to, sink);

    // Renames first: a hint claims its old table before a same-named desired table can.
    // By-name lookup, as catalogs may hold thousands of tables.
    std::map<std::string, const model::Table*> current;
    for (const auto& t : from.tables)
        current.emplace(t.name, &t);
    auto find = [&](const std::string& name) -> const model::Table* {
        auto it = current.find(name);
        return it == current.end() ? nullptr : it->second;
    };

    Renames renames;
    std::set<std::string> taken;
    std::map<std::string, const model::Table*> matched; // desired name -> current table
    for (const auto& want : to.tables) {
        if (!want.renamed_from || *want.renamed_from == want.name)
            continue;
        const std::string& old = *want.renamed_from;
        const model::Table* have = find(old);
        if (have && !find(want.name) && !taken.count(old)) {
            renames.tables[old] = want.name;
            taken.insert(old);
            matched[want.name] = have;
        }
    }
    for (const auto& want : to.tables) {
        if (matched.count(want.name))
            continue;
        const model::Table* have = find(want.name);
        if (have && !taken.count(want.name)) {
            taken.insert(want.name);
            matched[want.name] = have;
        }
    }

    // Column renames of every matched table are needed before any table's foreign keys
    // can be compared, since a key may reference a renamed column of another table.
    std::vector<TablePair> pairs;
    for (const auto& want : to.tables) {
        auto it = matched.find(want.name);
        if (it == matched.end()) {
            sink.add(want.name, CreateTable{want}, 0, want.name);
            continue;
        }
        pairs.push_back({it->second, &want});
        auto cols = detail::pair_columns(*it->second, want);
        if (!cols.empty())
            renames.columns[it->second->name] = std::move(cols);
    }

    for (const auto& [have, want] : pairs) {
        detail::diff_columns(*have, *want, renames.columns_of(have->name), driver, sink);
        auto objects = detail::diff_constraints(*have, *want, renames, driver, sink);
        if (have->name != want->name)
            sink.add(want->name, RenameTable{have->name, want->name, std::move(objects)}, 0,
                     want->name);
    }

    for (const auto& have : from.tables) {
        if (taken.count(have.name))
            continue;
        model::Table dropped = have;
        for (auto& k : dropped.foreign_keys)
            k = detail::map_foreign_key(renames, have.name, k);
        sink.add(have.name, DropTable{std::move(dropped)}, 0, have.name);
    }
    return sink.sorted();
}

} // namespace stepwise::diff
