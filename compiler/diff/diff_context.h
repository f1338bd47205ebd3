#pragma once
// Internal to the differ: the renames found in a diff, and the sorted sink changes go into.

#include "compiler/diff/changeset.h"
#include "compiler/diff/differ.h"

#include <map>
#include <string>
#include <vector>

namespace stepwise::diff::detail {

// Old name -> new name.
using NameMap = std::map<std::string, std::string>;

// Renames decided for this diff. Objects of the current catalog are compared with the
// desired ones after their names are carried through these maps.
struct Renames {
    NameMap tables;                         // old table -> new table
    std::map<std::string, NameMap> columns; // old table name -> (old column -> new column)

    std::string table(const std::string& old_name) const;
    const NameMap& columns_of(const std::string& old_table) const;
};

std::string map_name(const NameMap& map, const std::string& name);
std::vector<std::string> map_names(const NameMap& map, const std::vector<std::string>& names);

// Replaces references to renamed columns inside an expression's SQL text (map_expr.cpp).
// Words inside string literals and words followed by "(" (function names) are left alone.
// Names quoted with " or ` are read as names (a dialect that reads " as a string: as a
// string); a new name is written plain when it reads back as itself, else by the driver's
// quote_ident, as the dialect that runs the SQL reads it.
model::Expr map_expr(const NameMap& columns, const model::Expr& expr, const DiffDriver& driver);

// A current-side object with its column and table references following the renames.
model::Index map_index(const NameMap& columns, const model::Index& index, const DiffDriver& driver);
model::ForeignKey map_foreign_key(const Renames& renames, const std::string& old_table,
                                  const model::ForeignKey& key);

// Collects changes with their sort key; `sorted()` gives the ChangeSet's order.
class Sink {
public:
    void add_enum(const std::string& name, Change change);
    // `position` orders column changes by declaration; other kinds pass 0 and sort by name.
    void add(const std::string& table, Change change, int position = 0,
             const std::string& object = {});
    ChangeSet sorted();

private:
    struct Entry {
        int group;
        std::string table;
        int kind;
        int position;
        std::string object;
        size_t seq;
        Change change;
    };
    std::vector<Entry> entries_;
};

// Column-level changes of one matched table pair; returns the column renames (old -> new).
NameMap pair_columns(const model::Table& from, const model::Table& to);
void diff_columns(const model::Table& from, const model::Table& to, const NameMap& renames,
                  const DiffDriver& driver, Sink& sink);

// Primary key, uniques, indexes, foreign keys, checks and the comment of a matched pair.
// Returns the objects that only follow the table's rename (RenameTable::objects).
std::vector<ObjectRename> diff_constraints(const model::Table& from, const model::Table& to,
                                           const Renames& renames, const DiffDriver& driver,
                                           Sink& sink);

} // namespace stepwise::diff::detail
