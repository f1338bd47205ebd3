#pragma once
// The difference between two catalogs as a closed set of typed changes.

#include <string>
#include <variant>
#include <vector>

#include "compiler/model/catalog.h"

namespace stepwise::diff {

// Changes name tables by their name in the *target* catalog; a RenameTable comes first.
// Column changes name columns by their target name, except `AlterColumn::from`, which is
// the column as it is now (old name, old type).

struct CreateTable { model::Table table; };
struct DropTable { model::Table table; };
// An index or constraint of a renamed table whose name is derived from the table's old name
// (`people_pkey`, `people_ibfk_1`) and whose desired twin, same definition, has the name
// derived from the new one: the same object, renamed with the table.
struct ObjectRename {
    enum class Kind { PrimaryKey, Unique, Index, ForeignKey, Check };
    Kind kind;
    std::string from, to;
};
struct RenameTable {
    std::string from, to;
    std::vector<ObjectRename> objects; // by kind, then by old name
};

struct AddColumn { std::string table; model::Column column; };
struct DropColumn { std::string table; model::Column column; };
struct RenameColumn { std::string table; std::string from, to; };

// One column whose definition changed. The flags say which parts differ.
struct AlterColumn {
    std::string table;
    model::Column from;
    model::Column to; // carries the hints: backfill, using, down using
    bool type = false;
    bool nullability = false;
    bool default_value = false;
    bool identity = false;
    bool collation = false;
    bool comment = false;
};

struct AddPrimaryKey { std::string table; model::PrimaryKey key; };
struct DropPrimaryKey { std::string table; model::PrimaryKey key; };
struct AddUnique { std::string table; model::UniqueConstraint unique; };
struct DropUnique { std::string table; model::UniqueConstraint unique; };
struct AddForeignKey { std::string table; model::ForeignKey key; };
struct DropForeignKey { std::string table; model::ForeignKey key; };
struct AddCheck { std::string table; model::Check check; };
struct DropCheck { std::string table; model::Check check; };
struct AddIndex { std::string table; model::Index index; };
struct DropIndex { std::string table; model::Index index; };
struct SetTableComment {
    std::string table;
    std::optional<std::string> from, to;
};

// A check or foreign key that exists with the desired definition but is not yet validated
// (added NOT VALID): only the existing rows are left to check.
struct ValidateConstraint {
    std::string table;
    std::string name;
    bool foreign_key = false; // else a check
};

struct CreateEnum { model::Enum e; };
struct DropEnum { model::Enum e; };
struct AlterEnum { model::Enum from, to; };

using Change = std::variant<CreateTable, DropTable, RenameTable, AddColumn, DropColumn,
                            RenameColumn, AlterColumn, AddPrimaryKey, DropPrimaryKey, AddUnique,
                            DropUnique, AddForeignKey, DropForeignKey, AddCheck, DropCheck,
                            AddIndex, DropIndex, SetTableComment, CreateEnum, DropEnum,
                            AlterEnum, ValidateConstraint>;

struct ChangeSet {
    std::vector<Change> changes; // deterministic order: by table, then by kind and name
    bool empty() const { return changes.empty(); }
};

// One line a person reads: "add column orders.note", "rename table clients to customers".
std::string describe(const Change& change);

} // namespace stepwise::diff
