#pragma once
// The syntax tree of one .schema file, as written: names unresolved, constraints where the
// user put them. The binder turns a set of these into a model::Catalog.

#include "compiler/model/catalog.h"

#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace stepwise::frontend::ast {

struct Loc {
    int line = 0;
    int col = 0;
};

struct Name {
    std::string text;    // unquoted
    bool quoted = false; // written in double quotes
    Loc loc;
};

struct ExprNode {
    model::Expr expr;
    std::vector<std::string> identifiers; // identifiers mentioned, in order (raw SQL only)
    Loc loc;
};

struct TypeNode {
    bool sql = false; // sql('...'): `name` is the native type text
    Name name;
    std::vector<std::string> params; // numbers as written: varchar(320), numeric(10, 2)
};

struct References {
    Name table;
    std::vector<Name> columns; // empty: the target's primary key
    std::optional<model::FkAction> on_delete;
    std::optional<model::FkAction> on_update;
    Loc loc;
};

enum class AttrKind {
    NotNull,
    Null,
    PrimaryKey,
    Unique,
    Identity,
    Default,
    Check,
    References,
    Collate,
    Comment,
    RenamedFrom,
    Backfill,
    Using,
    DownUsing,
};

struct ColumnAttr {
    AttrKind kind = AttrKind::Null;
    Loc loc;
    std::optional<ExprNode> expr;   // Default, Check, Backfill, Using, DownUsing
    std::string text;               // Collate, Comment
    Name name;                      // RenamedFrom
    std::optional<References> refs; // References
};

struct ColumnDecl {
    Name name;
    TypeNode type;
    std::vector<ColumnAttr> attrs;
    Loc loc;
};

struct KeyDecl {
    bool primary = false; // else unique
    std::optional<Name> name;
    std::vector<Name> columns;
    Loc loc;
};

struct IndexPartNode {
    std::optional<Name> column;
    std::optional<ExprNode> expr;
    model::SortOrder order = model::SortOrder::Asc;
};

struct IndexDecl {
    bool unique = false;
    std::optional<Name> name;
    std::vector<IndexPartNode> parts;
    std::optional<Name> method;
    std::optional<ExprNode> where;
    Loc loc;
};

struct CheckDecl {
    std::optional<Name> name;
    ExprNode expr;
    Loc loc;
};

struct ForeignKeyDecl {
    std::optional<Name> name;
    std::vector<Name> columns;
    References refs;
    Loc loc;
};

struct CommentDecl {
    std::string text;
    Loc loc;
};

using Member = std::variant<ColumnDecl, KeyDecl, IndexDecl, CheckDecl, ForeignKeyDecl, CommentDecl>;

struct TableDecl {
    Name name;
    std::optional<Name> renamed_from;
    Loc renamed_loc;             // of the `renamed` keyword
    std::vector<Member> members; // source order
    Loc loc;
};

struct EnumLabel {
    std::string text;
    Loc loc;
};

struct EnumDecl {
    Name name;
    std::vector<EnumLabel> labels;
    Loc loc;
};

struct NamespaceDecl {
    Name name;
    Loc loc;
};

struct File {
    std::string path;
    std::vector<NamespaceDecl> namespaces;
    std::vector<EnumDecl> enums;
    std::vector<TableDecl> tables;
};

} // namespace stepwise::frontend::ast
