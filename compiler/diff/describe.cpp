#include "compiler/diff/changeset.h"

#include <type_traits>

namespace stepwise::diff {

namespace {

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& s : items)
        out += (out.empty() ? "" : ", ") + s;
    return out;
}

std::string column_changes(const AlterColumn& c) {
    std::vector<std::string> what;
    if (c.type)
        what.push_back("type " + model::to_dsl(c.from.type) + " -> " + model::to_dsl(c.to.type));
    if (c.nullability)
        what.push_back(c.to.nullable ? "drop not null" : "set not null");
    if (c.default_value)
        what.push_back(c.to.default_value ? "set default" : "drop default");
    if (c.identity)
        what.push_back(c.to.identity ? "add identity" : "drop identity");
    if (c.collation)
        what.push_back("collation");
    if (c.comment)
        what.push_back("comment");
    return join(what);
}

} // namespace

std::string describe(const Change& change) {
    return std::visit(
        [](const auto& c) -> std::string {
            using T = std::decay_t<decltype(c)>;
            if constexpr (std::is_same_v<T, CreateTable>)
                return "create table " + c.table.name;
            else if constexpr (std::is_same_v<T, DropTable>)
                return "drop table " + c.table.name;
            else if constexpr (std::is_same_v<T, RenameTable>) {
                std::string out = "rename table " + c.from + " to " + c.to;
                for (size_t i = 0; i < c.objects.size(); ++i)
                    out += (i ? ", " : " (with ") + c.objects[i].from + " -> " + c.objects[i].to;
                return out + (c.objects.empty() ? "" : ")");
            } else if constexpr (std::is_same_v<T, AddColumn>)
                return "add column " + c.table + "." + c.column.name;
            else if constexpr (std::is_same_v<T, DropColumn>)
                return "drop column " + c.table + "." + c.column.name;
            else if constexpr (std::is_same_v<T, RenameColumn>)
                return "rename column " + c.table + "." + c.from + " to " + c.to;
            else if constexpr (std::is_same_v<T, AlterColumn>)
                return "alter column " + c.table + "." + c.to.name + ": " + column_changes(c);
            else if constexpr (std::is_same_v<T, AddPrimaryKey>)
                return "add primary key " + c.key.name + " on " + c.table + " (" +
                       join(c.key.columns) + ")";
            else if constexpr (std::is_same_v<T, DropPrimaryKey>)
                return "drop primary key " + c.key.name + " on " + c.table;
            else if constexpr (std::is_same_v<T, AddUnique>)
                return "add unique " + c.unique.name + " on " + c.table + " (" +
                       join(c.unique.columns) + ")";
            else if constexpr (std::is_same_v<T, DropUnique>)
                return "drop unique " + c.unique.name + " on " + c.table;
            else if constexpr (std::is_same_v<T, AddForeignKey>)
                return "add foreign key " + c.key.name + " on " + c.table + " -> " +
                       c.key.ref_table;
            else if constexpr (std::is_same_v<T, DropForeignKey>)
                return "drop foreign key " + c.key.name + " on " + c.table;
            else if constexpr (std::is_same_v<T, AddCheck>)
                return "add check " + c.check.name + " on " + c.table;
            else if constexpr (std::is_same_v<T, DropCheck>)
                return "drop check " + c.check.name + " on " + c.table;
            else if constexpr (std::is_same_v<T, AddIndex>)
                return "add index " + c.index.name + " on " + c.table;
            else if constexpr (std::is_same_v<T, DropIndex>)
                return "drop index " + c.index.name + " on " + c.table;
            else if constexpr (std::is_same_v<T, SetTableComment>)
                return "set comment on table " + c.table;
            else if constexpr (std::is_same_v<T, ValidateConstraint>)
                return std::string("validate ") + (c.foreign_key ? "foreign key " : "check ") +
                       c.name + " on " + c.table;
            else if constexpr (std::is_same_v<T, CreateEnum>)
                return "create enum " + c.e.name;
            else if constexpr (std::is_same_v<T, DropEnum>)
                return "drop enum " + c.e.name;
            else
                return "alter enum " + c.to.name;
        },
        change);
}

} // namespace stepwise::diff
