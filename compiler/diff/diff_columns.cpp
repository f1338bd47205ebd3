#include "compiler/diff/diff_context.h"

#include <set>

namespace stepwise::diff::detail {

namespace {

int position_of(const model::Table& table, const std::string& column) {
    for (size_t i = 0; i < table.columns.size(); ++i)
        if (table.columns[i].name == column)
            return static_cast<int>(i);
    return 0;
}

bool same_default(const model::Column& a, const model::Column& b, const DiffDriver& driver) {
    if (a.default_value.has_value() != b.default_value.has_value())
        return false;
    return !a.default_value || driver.same_expr(*a.default_value, *b.default_value);
}

} // namespace

// A hint renames a column only when its old name exists and its new name does not; the same
// rule as for tables, so a hint left in the files after the rename is done is ignored.
NameMap pair_columns(const model::Table& from, const model::Table& to) {
    NameMap renames;
    std::set<std::string> taken;
    for (const auto& c : to.columns) {
        if (!c.renamed_from || *c.renamed_from == c.name)
            continue;
        const std::string& old = *c.renamed_from;
        if (from.find_column(old) && !from.find_column(c.name) && !taken.count(old)) {
            renames[old] = c.name;
            taken.insert(old);
        }
    }
    return renames;
}

void diff_columns(const model::Table& from, const model::Table& to, const NameMap& renames,
                  const DiffDriver& driver, Sink& sink) {
    std::map<std::string, std::string> new_to_old;
    for (const auto& [old_name, new_name] : renames)
        new_to_old[new_name] = old_name;

    std::set<std::string> matched_old;
    for (size_t i = 0; i < to.columns.size(); ++i) {
        const model::Column& want = to.columns[i];
        int pos = static_cast<int>(i);
        const model::Column* have = nullptr;
        auto renamed = new_to_old.find(want.name);
        if (renamed != new_to_old.end()) {
            have = from.find_column(renamed->second);
            sink.add(to.name, RenameColumn{to.name, renamed->second, want.name}, pos);
        } else if (!renames.count(want.name)) {
            have = from.find_column(want.name);
        }
        if (!have) {
            sink.add(to.name, AddColumn{to.name, want}, pos);
            continue;
        }
        matched_old.insert(have->name);

        AlterColumn alter{to.name, *have, want};
        alter.type = !driver.same_type(have->type, want.type);
        alter.nullability = have->nullable != want.nullable;
        alter.default_value = !same_default(*have, want, driver);
        alter.identity = have->identity != want.identity;
        alter.collation = have->collation != want.collation;
        alter.comment = have->comment != want.comment;
        if (alter.type || alter.nullability || alter.default_value || alter.identity ||
            alter.collation || alter.comment)
            sink.add(to.name, std::move(alter), pos);
    }

    for (const auto& c : from.columns)
        if (!matched_old.count(c.name))
            sink.add(to.name, DropColumn{to.name, c}, position_of(from, c.name));
}

} // namespace stepwise::diff::detail
