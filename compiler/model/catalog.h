#pragma once
// The one schema model both sides of a diff share: the desired state bound from .schema
// files and the current state read from a live database are both a Catalog.

#include <optional>
#include <string>
#include <vector>

#include "compiler/model/types.h"

namespace stepwise::model {

// Where a desired-side object was declared; empty for objects read from a database.
struct SourceLoc {
    std::string file;
    int line = 0;
    int col = 0;
    bool known() const { return line > 0; }
};

// An expression kept as SQL text. `Raw` is text the user wrote in parentheses; literals and
// calls are kept as written (keywords lower-cased, whitespace collapsed).
struct Expr {
    enum class Kind { Number, String, Bool, Null, Call, Raw };
    Kind kind = Kind::Raw;
    std::string text; // Number: "-1.5"; String: the unquoted value; Bool: "true"/"false";
                      // Null: "null"; Call: "now()"; Raw: text inside the parentheses
    bool operator==(const Expr& o) const { return kind == o.kind && text == o.text; }
    bool operator!=(const Expr& o) const { return !(*this == o); }
};

struct Column {
    std::string name;
    Type type;
    bool nullable = true;
    bool identity = false;
    std::optional<Expr> default_value;
    std::optional<std::string> collation;
    std::optional<std::string> comment;

    // Migration hints: used while the live database still differs, never compared.
    std::optional<std::string> renamed_from;
    std::optional<Expr> backfill;
    std::optional<Expr> using_expr;
    std::optional<Expr> down_using;

    SourceLoc loc;
    SourceLoc renamed_from_loc; // where `renamed from` was written, for hint diagnostics
};

enum class SortOrder { Asc, Desc };

// One key part of an index: a column or an expression.
struct IndexPart {
    std::string column;        // empty when `expr` is set
    std::optional<Expr> expr;
    SortOrder order = SortOrder::Asc;
    bool operator==(const IndexPart& o) const {
        return column == o.column && expr == o.expr && order == o.order;
    }
};

struct Index {
    std::string name;
    bool unique = false;
    std::vector<IndexPart> parts;
    std::string method;              // empty: the dialect's default (btree)
    std::optional<Expr> where;
    SourceLoc loc;
};

struct PrimaryKey {
    std::string name;
    std::vector<std::string> columns;
    SourceLoc loc;
};

struct UniqueConstraint {
    std::string name;
    std::vector<std::string> columns;
    SourceLoc loc;
};

enum class FkAction { NoAction, Restrict, Cascade, SetNull, SetDefault };

struct ForeignKey {
    std::string name;
    std::vector<std::string> columns;
    std::string ref_table;
    std::vector<std::string> ref_columns;
    FkAction on_delete = FkAction::NoAction;
    FkAction on_update = FkAction::NoAction;
    SourceLoc loc;
    // False for a live key added NOT VALID and not yet validated (PostgreSQL); the desired
    // side is always validated. Not part of structural equality.
    bool validated = true;
};

struct Check {
    std::string name;
    Expr expr;
    SourceLoc loc;
    bool validated = true; // as ForeignKey::validated
};

struct Table {
    std::string name;
    std::vector<Column> columns; // declaration order is significant and kept
    std::optional<PrimaryKey> primary_key;
    std::vector<UniqueConstraint> uniques; // canonical: sorted by name
    std::vector<Index> indexes;            // canonical: sorted by name
    std::vector<ForeignKey> foreign_keys;  // canonical: sorted by name
    std::vector<Check> checks;             // canonical: sorted by name
    std::optional<std::string> comment;

    std::optional<std::string> renamed_from; // hint
    SourceLoc loc;
    SourceLoc renamed_from_loc; // where `renamed from` was written, for hint diagnostics

    const Column* find_column(const std::string& name) const;
    Column* find_column(const std::string& name);
    const Index* find_index(const std::string& name) const;
};

struct Enum {
    std::string name;
    std::vector<std::string> labels; // order is significant
    SourceLoc loc;
};

struct Catalog {
    std::string ns;             // namespace; empty when not given
    std::vector<Enum> enums;    // canonical: sorted by name
    std::vector<Table> tables;  // canonical: sorted by name

    const Table* find_table(const std::string& name) const;
    Table* find_table(const std::string& name);
    const Enum* find_enum(const std::string& name) const;
};

// Sorts tables, enums, indexes and constraints by name. Columns and labels keep their order.
void canonicalize(Catalog& catalog);

// Structural equality of the schema: names, types, constraints. Ignores hints and source
// locations. Both catalogs must be canonical.
bool same_schema(const Catalog& a, const Catalog& b);
bool same_column(const Column& a, const Column& b);
bool same_table(const Table& a, const Table& b);

const char* to_string(FkAction action); // "no action", "cascade", ...

} // namespace stepwise::model
