#include "compiler/frontend/binder.h"
#include "compiler/frontend/suggest.h"
#include "compiler/model/types.h"

#include <set>

namespace stepwise::frontend::binder {

namespace {

constexpr int kMaxNumericPrecision = 1000;
constexpr int kMaxLength = 10485760; // PostgreSQL's varchar limit

const char* attr_word(ast::AttrKind kind) {
    switch (kind) {
    case ast::AttrKind::NotNull:
        return "not null";
    case ast::AttrKind::Null:
        return "null";
    case ast::AttrKind::PrimaryKey:
        return "primary key";
    case ast::AttrKind::Unique:
        return "unique";
    case ast::AttrKind::Identity:
        return "identity";
    case ast::AttrKind::Default:
        return "default";
    case ast::AttrKind::Check:
        return "check";
    case ast::AttrKind::References:
        return "references";
    case ast::AttrKind::Collate:
        return "collate";
    case ast::AttrKind::Comment:
        return "comment";
    case ast::AttrKind::RenamedFrom:
        return "renamed from";
    case ast::AttrKind::Backfill:
        return "backfill";
    case ast::AttrKind::Using:
        return "using";
    case ast::AttrKind::DownUsing:
        return "down using";
    }
    return "?";
}

// A whole number in [0, limit], else nullopt.
std::optional<int> whole_number(const std::string& text, long limit) {
    if (text.empty() || text.size() > 9)
        return std::nullopt;
    for (char c : text)
        if (c < '0' || c > '9')
            return std::nullopt;
    long v = std::stol(text);
    if (v > limit)
        return std::nullopt;
    return static_cast<int>(v);
}

std::vector<std::string> type_candidates(const model::Catalog& catalog) {
    std::vector<std::string> out;
    for (int k = 0; k <= static_cast<int>(model::TypeKind::Jsonb); ++k)
        out.push_back(model::keyword(static_cast<model::TypeKind>(k)));
    for (const auto& e : catalog.enums)
        out.push_back(e.name);
    return out;
}

} // namespace

std::optional<model::Type> Binder::bind_type(const std::string& file, const ast::TypeNode& node) {
    model::Type type;
    if (node.sql) {
        if (node.name.text.empty()) {
            error(file, node.name.loc, "sql('') needs the native type text");
            return std::nullopt;
        }
        type.kind = model::TypeKind::Sql;
        type.name = node.name.text;
        return type;
    }
    // A quoted name is never a builtin: that is how an enum named like one is written.
    auto builtin = node.name.quoted ? std::nullopt : model::kind_from_keyword(node.name.text);
    if (!builtin) {
        if (!catalog_.find_enum(node.name.text)) {
            error(file, node.name.loc,
                  "unknown type '" + node.name.text + "'" +
                      did_you_mean(node.name.text, type_candidates(catalog_)));
            return std::nullopt;
        }
        if (!node.params.empty()) {
            error(file, node.name.loc, "enum type " + node.name.text + " takes no parameters");
            return std::nullopt;
        }
        type.kind = model::TypeKind::Enum;
        type.name = node.name.text;
        return type;
    }
    type.kind = *builtin;
    const std::string word = model::keyword(type.kind);
    switch (type.kind) {
    case model::TypeKind::Numeric: {
        if (node.params.empty())
            return type;
        auto p = whole_number(node.params[0], kMaxNumericPrecision);
        if (!p || *p < 1) {
            error(file, node.name.loc,
                  "numeric precision must be between 1 and " +
                      std::to_string(kMaxNumericPrecision) + ", got " + node.params[0]);
            return std::nullopt;
        }
        type.precision = p;
        if (node.params.size() > 1) {
            auto s = whole_number(node.params[1], kMaxNumericPrecision);
            if (!s) {
                error(file, node.name.loc,
                      "numeric scale must be a whole number, got " + node.params[1]);
                return std::nullopt;
            }
            if (*s > *p) {
                error(file, node.name.loc,
                      "numeric scale " + std::to_string(*s) + " exceeds precision " +
                          std::to_string(*p));
                return std::nullopt;
            }
            type.scale = s;
        }
        return type;
    }
    case model::TypeKind::Varchar:
    case model::TypeKind::Char: {
        if (node.params.empty())
            return type;
        if (node.params.size() > 1) {
            error(file, node.name.loc, word + " takes one length, not two");
            return std::nullopt;
        }
        auto n = whole_number(node.params[0], kMaxLength);
        if (!n || *n < 1) {
            error(file, node.name.loc,
                  word + " length must be between 1 and " + std::to_string(kMaxLength) + ", got " +
                      node.params[0]);
            return std::nullopt;
        }
        type.length = n;
        return type;
    }
    default:
        if (!node.params.empty()) {
            error(file, node.name.loc, "type " + word + " takes no parameters");
            return std::nullopt;
        }
        return type;
    }
}

model::Column Binder::bind_column(const std::string& file, const ast::ColumnDecl& decl,
                                  const std::string& table) {
    model::Column col;
    col.name = decl.name.text;
    col.loc = where(file, decl.loc);
    auto type = bind_type(file, decl.type);
    bool type_ok = type.has_value();
    if (type)
        col.type = *type;
    const std::string what = "column " + table + "." + col.name;

    std::set<ast::AttrKind> seen;
    const ast::ColumnAttr* null_attr = nullptr;
    const ast::ColumnAttr* not_null_attr = nullptr;
    const ast::ColumnAttr* pk_attr = nullptr;
    const ast::ColumnAttr* using_attr = nullptr;
    const ast::ColumnAttr* down_using_attr = nullptr;
    for (const auto& attr : decl.attrs) {
        bool repeatable =
            attr.kind == ast::AttrKind::Check || attr.kind == ast::AttrKind::References;
        if (!repeatable && !seen.insert(attr.kind).second) {
            error(file, attr.loc,
                  std::string("'") + attr_word(attr.kind) + "' given twice on " + what);
            continue;
        }
        switch (attr.kind) {
        case ast::AttrKind::NotNull:
            not_null_attr = &attr;
            col.nullable = false;
            break;
        case ast::AttrKind::Null:
            null_attr = &attr;
            break;
        case ast::AttrKind::PrimaryKey:
            pk_attr = &attr;
            col.nullable = false;
            break;
        case ast::AttrKind::Identity:
            col.identity = true;
            if (type_ok && !model::is_integer(col.type.kind))
                error(file, attr.loc,
                      "identity requires an integer type, " + what + " is " +
                          model::to_dsl(col.type));
            break;
        case ast::AttrKind::Default:
            col.default_value = attr.expr->expr;
            break;
        case ast::AttrKind::Collate:
            col.collation = attr.text;
            if (type_ok && !model::is_text(col.type.kind) && col.type.kind != model::TypeKind::Sql)
                error(file, attr.loc,
                      "collate needs a text type, " + what + " is " + model::to_dsl(col.type));
            break;
        case ast::AttrKind::Comment:
            col.comment = attr.text;
            break;
        case ast::AttrKind::RenamedFrom:
            col.renamed_from = attr.name.text;
            col.renamed_from_loc = where(file, attr.loc);
            if (attr.name.text == col.name)
                error(file, attr.name.loc, what + " is renamed from itself");
            break;
        case ast::AttrKind::Backfill:
            col.backfill = attr.expr->expr;
            break;
        case ast::AttrKind::Using:
            using_attr = &attr;
            col.using_expr = attr.expr->expr;
            break;
        case ast::AttrKind::DownUsing:
            down_using_attr = &attr;
            col.down_using = attr.expr->expr;
            break;
        case ast::AttrKind::Unique:
        case ast::AttrKind::Check:
        case ast::AttrKind::References:
            break; // table-level objects: bind_constraints
        }
    }
    if (null_attr && not_null_attr)
        error(file, null_attr->loc, what + " is declared both null and not null");
    if (null_attr && pk_attr)
        error(file, null_attr->loc, what + " is in the primary key and cannot be null");
    if (down_using_attr && !using_attr)
        error(file, down_using_attr->loc, "'down using' without 'using' on " + what);
    if (col.identity && col.default_value)
        error(file, decl.loc, what + " is an identity column and cannot have a default");
    if (type_ok && col.type.kind == model::TypeKind::Enum && col.default_value &&
        col.default_value->kind != model::Expr::Kind::Null &&
        col.default_value->kind != model::Expr::Kind::Call &&
        col.default_value->kind != model::Expr::Kind::Raw) {
        const auto* e = catalog_.find_enum(col.type.name);
        bool ok = false;
        if (col.default_value->kind == model::Expr::Kind::String)
            for (const auto& label : e->labels)
                ok = ok || label == col.default_value->text;
        if (!ok) {
            for (const auto& attr : decl.attrs)
                if (attr.kind == ast::AttrKind::Default)
                    error(file, attr.expr->loc,
                          "default " +
                              (col.default_value->kind == model::Expr::Kind::String
                                   ? "'" + col.default_value->text + "'"
                                   : col.default_value->text) +
                              " of " + what + " is not a label of enum " + e->name +
                              did_you_mean(col.default_value->text, e->labels));
        }
    }
    return col;
}

} // namespace stepwise::frontend::binder
