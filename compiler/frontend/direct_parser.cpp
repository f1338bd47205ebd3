#include "compiler/frontend/direct_parser.h"

#include "SchemaLexer.h"
#include "compiler/frontend/direct_tokens.h"

#include <algorithm>
#include <array>
#include <iterator>
#include <limits>
#include <string_view>

namespace stepwise::frontend {

namespace {

using L = stepwise_schema_grammar::SchemaLexer;

// Thrown where the direct parser gives up; caught by parse_direct, never seen outside.
struct NotDirect {};

bool is_keyword(uint32_t type) {
    return type >= L::NAMESPACE && type <= L::SQL;
}

bool is_identifier(uint32_t type) {
    return type == L::ID || type == L::QUOTED_ID || is_keyword(type);
}

// Keywords that can start a table member other than a column.
bool starts_constraint(uint32_t type) {
    return type == L::PRIMARY || type == L::UNIQUE || type == L::INDEX || type == L::CHECK ||
           type == L::FOREIGN || type == L::COMMENT;
}

bool starts_attr(uint32_t type) {
    switch (type) {
    case L::NOT:
    case L::NULL_:
    case L::PRIMARY:
    case L::UNIQUE:
    case L::IDENTITY:
    case L::DEFAULT:
    case L::CHECK:
    case L::REFERENCES:
    case L::COLLATE:
    case L::COMMENT:
    case L::RENAMED:
    case L::BACKFILL:
    case L::USING:
    case L::DOWN:
        return true;
    default:
        return false;
    }
}

std::string unquote(std::string_view text, char quote) {
    std::string out;
    out.reserve(text.size());
    for (size_t i = 1; i + 1 < text.size(); ++i) {
        out += text[i];
        if (text[i] == quote)
            ++i; // a doubled quote stands for one
    }
    return out;
}

class DirectParser {
public:
    explicit DirectParser(const std::string& text) : text_(text), scanner_(text) {}

    ast::File file(const std::string& path) {
        ast::File out;
        out.path = path;
        while (type() != kDirectEof) {
            switch (type()) {
            case L::NAMESPACE: {
                ast::Loc loc = loc_of(take());
                out.namespaces.push_back({ident(), loc});
                break;
            }
            case L::ENUM:
                out.enums.push_back(enum_decl());
                break;
            case L::TABLE:
                out.tables.push_back(table_decl());
                break;
            default:
                throw NotDirect{};
            }
        }
        return out;
    }

private:
    // Tokens are scanned as the parser reaches them, into a small ring: the whole file's
    // tokens at once were tens of megabytes of fresh pages for a large schema.
    const DirectToken& peek(size_t ahead = 0) {
        while (scanned_ <= pos_ + ahead) {
            auto next = scanner_.next();
            if (!next)
                throw NotDirect{};
            ring_[scanned_++ % ring_.size()] = *next;
        }
        return ring_[(pos_ + ahead) % ring_.size()];
    }
    uint32_t type(size_t ahead = 0) { return peek(ahead).type; }
    DirectToken take() {
        DirectToken t = peek();
        if (t.type != kDirectEof)
            ++pos_;
        return t;
    }
    DirectToken expect(uint32_t wanted) {
        if (type() != wanted)
            throw NotDirect{};
        return take();
    }
    std::string_view text_of(const DirectToken& t) const {
        return std::string_view(text_.data() + t.begin, t.end - t.begin);
    }
    static ast::Loc loc_of(const DirectToken& t) { return {t.line, t.col}; }

    ast::Name ident() {
        if (!is_identifier(type()))
            throw NotDirect{};
        DirectToken t = take();
        ast::Name name;
        name.loc = loc_of(t);
        if (t.type == L::QUOTED_ID) {
            name.text = unquote(text_of(t), '"');
            name.quoted = true;
        } else {
            name.text = std::string(text_of(t));
        }
        return name;
    }

    std::optional<ast::Name> optional_ident() {
        if (type() == L::LPAREN)
            return std::nullopt;
        return ident();
    }

    std::string string_value() { return unquote(text_of(expect(L::STRING)), '\''); }

    ast::EnumDecl enum_decl() {
        ast::EnumDecl decl;
        decl.loc = loc_of(take());
        decl.name = ident();
        expect(L::LBRACE);
        if (type() == L::STRING) {
            for (;;) {
                ast::Loc loc = loc_of(peek());
                decl.labels.push_back({string_value(), loc});
                if (type() != L::COMMA)
                    break;
                take();
                if (type() != L::STRING)
                    break; // a trailing comma
            }
        }
        expect(L::RBRACE);
        return decl;
    }

    ast::TableDecl table_decl() {
        ast::TableDecl table;
        table.loc = loc_of(take());
        table.name = ident();
        if (type() == L::RENAMED) {
            table.renamed_loc = loc_of(take());
            expect(L::FROM);
            table.renamed_from = ident();
        }
        expect(L::LBRACE);
        // Collected in a reused vector, then moved into one of the exact size: growing the
        // table's own vector would copy members and fragment the heap.
        members_.clear();
        while (type() != L::RBRACE)
            members_.push_back(member());
        take();
        table.members.reserve(members_.size());
        std::move(members_.begin(), members_.end(), std::back_inserter(table.members));
        return table;
    }

    // Whether the member at the current token cannot be a column: the tokens that would be
    // its type, and the one after, rule it out. false when unsure.
    bool column_ruled_out() {
        size_t q = 1;
        if (!is_identifier(type(q)))
            return true; // no type
        if (type(q) == L::SQL && type(q + 1) == L::LPAREN)
            return false;
        ++q;
        if (type(q) == L::LPAREN)
            return type(q + 1) != L::NUMBER; // no size: a column cannot go on with '('
        uint32_t after = type(q);
        if (after == L::RBRACE || starts_attr(after) || starts_constraint(after))
            return false;
        if (!is_identifier(after))
            return true;
        return !is_identifier(type(q + 1)); // the next column's name, then its type
    }

    ast::Member member() {
        uint32_t first = type();
        bool constraint = false;
        switch (first) {
        case L::PRIMARY:
        case L::FOREIGN:
            constraint = type(1) == L::KEY;
            break;
        case L::COMMENT:
            constraint = type(1) == L::STRING;
            break;
        case L::UNIQUE:
        case L::INDEX:
        case L::CHECK:
            constraint = true;
            break;
        default:
            break;
        }
        if (!constraint)
            return column();
        if (!column_ruled_out())
            throw NotDirect{}; // both could fit: leave the choice to ANTLR
        switch (first) {
        case L::PRIMARY:
        case L::UNIQUE:
            if (first == L::UNIQUE && type(1) == L::INDEX) {
                if (type(2) == L::LPAREN)
                    throw NotDirect{}; // `unique index (`: a unique key named "index" too
                return index_member();
            }
            return key_member(first == L::PRIMARY);
        case L::INDEX:
            return index_member();
        case L::CHECK: {
            ast::CheckDecl check;
            check.loc = loc_of(take());
            check.name = optional_ident();
            check.expr = raw_expr();
            return check;
        }
        case L::FOREIGN: {
            ast::ForeignKeyDecl fk;
            fk.loc = loc_of(take());
            take(); // KEY
            fk.name = optional_ident();
            fk.columns = column_list();
            fk.refs = references();
            return fk;
        }
        default: { // COMMENT
            ast::Loc loc = loc_of(take());
            return ast::CommentDecl{string_value(), loc};
        }
        }
    }

    ast::KeyDecl key_member(bool primary) {
        ast::KeyDecl key;
        key.primary = primary;
        key.loc = loc_of(take());
        if (primary)
            expect(L::KEY);
        key.name = optional_ident();
        key.columns = column_list();
        return key;
    }

    ast::IndexDecl index_member() {
        ast::IndexDecl index;
        index.loc = loc_of(peek());
        if (type() == L::UNIQUE) {
            index.unique = true;
            take();
        }
        expect(L::INDEX);
        index.name = optional_ident();
        expect(L::LPAREN);
        for (;;) {
            ast::IndexPartNode part;
            if (type() == L::LPAREN)
                part.expr = raw_expr();
            else
                part.column = ident();
            if (type() == L::ASC || type() == L::DESC) {
                if (take().type == L::DESC)
                    part.order = model::SortOrder::Desc;
            }
            index.parts.push_back(std::move(part));
            if (type() != L::COMMA)
                break;
            take();
        }
        expect(L::RPAREN);
        if (type() == L::USING) { // greedy, as ANTLR's optional block
            take();
            index.method = ident();
        }
        if (type() == L::WHERE) {
            take();
            index.where = raw_expr();
        }
        return index;
    }

    std::vector<ast::Name> column_list() {
        std::vector<ast::Name> out;
        expect(L::LPAREN);
        out.push_back(ident());
        while (type() == L::COMMA) {
            take();
            out.push_back(ident());
        }
        expect(L::RPAREN);
        return out;
    }

    ast::References references() {
        ast::References refs;
        refs.loc = loc_of(expect(L::REFERENCES));
        refs.table = ident();
        if (type() == L::LPAREN)
            refs.columns = column_list();
        while (type() == L::ON) {
            take();
            uint32_t which = take().type;
            if (which != L::DELETE && which != L::UPDATE)
                throw NotDirect{}; // maybe a column named "on"
            model::FkAction action = fk_action();
            (which == L::DELETE ? refs.on_delete : refs.on_update) = action;
        }
        return refs;
    }

    model::FkAction fk_action() {
        switch (take().type) {
        case L::CASCADE:
            return model::FkAction::Cascade;
        case L::RESTRICT:
            return model::FkAction::Restrict;
        case L::SET:
            switch (take().type) {
            case L::NULL_:
                return model::FkAction::SetNull;
            case L::DEFAULT:
                return model::FkAction::SetDefault;
            default:
                throw NotDirect{};
            }
        case L::NO:
            expect(L::ACTION);
            return model::FkAction::NoAction;
        default:
            throw NotDirect{};
        }
    }

    ast::ColumnDecl column() {
        ast::ColumnDecl column;
        column.loc = loc_of(peek());
        column.name = ident();
        column.type = type_ref();
        // Greedy, as ANTLR's loop: an attribute that can start here continues the column.
        attrs_.clear();
        while (attr_can_start())
            attrs_.push_back(attr());
        column.attrs.reserve(attrs_.size());
        std::move(attrs_.begin(), attrs_.end(), std::back_inserter(column.attrs));
        return column;
    }

    // Whether the next tokens can begin a column attribute. When they cannot, the keyword
    // begins the next member (`check name (..)` after a column), as ANTLR decides by looking
    // ahead; when both can, the attribute wins, as ANTLR's loop is greedy.
    bool attr_can_start() {
        auto key_follows = [&](size_t at) { // after `primary key` or `unique`
            uint32_t next = type(at);
            if (next == L::LPAREN)
                return false; // nothing after an attribute starts with '('
            return !(is_identifier(next) && type(at + 1) == L::LPAREN && !starts_attr(next) &&
                     !starts_constraint(next)); // a key's name: no column's type is '('
        };
        switch (type()) {
        case L::NULL_:
        case L::IDENTITY:
            return true;
        case L::NOT:
            return type(1) == L::NULL_;
        case L::PRIMARY:
            return type(1) == L::KEY && key_follows(2);
        case L::UNIQUE:
            return type(1) != L::INDEX && key_follows(1);
        case L::DEFAULT:
            switch (type(1)) {
            case L::LPAREN:
            case L::NUMBER:
            case L::STRING:
            case L::TRUE:
            case L::FALSE:
            case L::NULL_:
                return true;
            case L::MINUS:
                return type(2) == L::NUMBER;
            default:
                return is_identifier(type(1)) && type(2) == L::LPAREN;
            }
        case L::CHECK:
        case L::BACKFILL:
        case L::USING:
            return type(1) == L::LPAREN;
        case L::REFERENCES:
            return is_identifier(type(1));
        case L::COLLATE:
        case L::COMMENT:
            return type(1) == L::STRING;
        case L::RENAMED:
            return type(1) == L::FROM && is_identifier(type(2));
        case L::DOWN:
            return type(1) == L::USING && type(2) == L::LPAREN;
        default:
            return false;
        }
    }

    ast::TypeNode type_ref() {
        ast::TypeNode t;
        if (type() == L::SQL && type(1) == L::LPAREN) {
            if (type(2) != L::STRING)
                throw NotDirect{};
            t.sql = true;
            t.name.loc = loc_of(take());
            take();
            t.name.text = string_value();
            expect(L::RPAREN);
            return t;
        }
        t.name = ident();
        if (type() == L::LPAREN) {
            take();
            t.params.emplace_back(text_of(expect(L::NUMBER)));
            if (type() == L::COMMA) {
                take();
                t.params.emplace_back(text_of(expect(L::NUMBER)));
            }
            expect(L::RPAREN);
        }
        return t;
    }

    ast::ColumnAttr attr() {
        ast::ColumnAttr a;
        a.loc = loc_of(peek());
        uint32_t kind = type();
        if (kind != L::REFERENCES) // references() reads its keyword
            take();
        switch (kind) {
        case L::NOT:
            expect(L::NULL_);
            a.kind = ast::AttrKind::NotNull;
            break;
        case L::NULL_:
            a.kind = ast::AttrKind::Null;
            break;
        case L::PRIMARY:
            expect(L::KEY);
            a.kind = ast::AttrKind::PrimaryKey;
            break;
        case L::UNIQUE:
            a.kind = ast::AttrKind::Unique;
            break;
        case L::IDENTITY:
            a.kind = ast::AttrKind::Identity;
            break;
        case L::DEFAULT:
            a.kind = ast::AttrKind::Default;
            a.expr = expr();
            break;
        case L::CHECK:
            a.kind = ast::AttrKind::Check;
            a.expr = raw_expr();
            break;
        case L::REFERENCES:
            a.kind = ast::AttrKind::References;
            a.refs = references();
            break;
        case L::COLLATE:
            a.kind = ast::AttrKind::Collate;
            a.text = string_value();
            break;
        case L::COMMENT:
            a.kind = ast::AttrKind::Comment;
            a.text = string_value();
            break;
        case L::RENAMED:
            expect(L::FROM);
            a.kind = ast::AttrKind::RenamedFrom;
            a.name = ident();
            break;
        case L::BACKFILL:
            a.kind = ast::AttrKind::Backfill;
            a.expr = raw_expr();
            break;
        case L::USING:
            a.kind = ast::AttrKind::Using;
            a.expr = raw_expr();
            break;
        default: // DOWN
            expect(L::USING);
            a.kind = ast::AttrKind::DownUsing;
            a.expr = raw_expr();
            break;
        }
        return a;
    }

    // '(' any tokens with balanced parentheses ')', kept as text without the outer pair.
    ast::ExprNode raw_expr() {
        ast::ExprNode node;
        node.loc = loc_of(expect(L::LPAREN));
        node.expr.kind = model::Expr::Kind::Raw;
        int depth = 1;
        std::optional<DirectToken> previous;
        for (;;) {
            DirectToken t = take();
            if (t.type == kDirectEof)
                throw NotDirect{};
            if (t.type == L::LPAREN) {
                ++depth;
            } else if (t.type == L::RPAREN && --depth == 0) {
                return node;
            }
            if (previous && t.begin > previous->end)
                node.expr.text += ' '; // whitespace or a comment between the two
            node.expr.text += text_of(t);
            previous = t;
            if (t.type == L::QUOTED_ID)
                node.identifiers.push_back(unquote(text_of(t), '"'));
            else if (is_identifier(t.type))
                node.identifiers.emplace_back(text_of(t));
        }
    }

    // TRUE, FALSE and NULL are also names: followed by '(' they would start a call.
    bool at_literal() {
        switch (type()) {
        case L::NUMBER:
        case L::STRING:
            return true;
        case L::MINUS:
            return type(1) == L::NUMBER;
        case L::TRUE:
        case L::FALSE:
        case L::NULL_:
            if (type(1) == L::LPAREN)
                throw NotDirect{};
            return true;
        default:
            return false;
        }
    }

    // A literal as written in a call (strings keep their quotes), its kind in *kind.
    std::string literal(model::Expr::Kind* kind) {
        DirectToken t = take();
        switch (t.type) {
        case L::MINUS:
            *kind = model::Expr::Kind::Number;
            return "-" + std::string(text_of(take()));
        case L::NUMBER:
            *kind = model::Expr::Kind::Number;
            return std::string(text_of(t));
        case L::STRING:
            *kind = model::Expr::Kind::String;
            return std::string(text_of(t));
        case L::NULL_:
            *kind = model::Expr::Kind::Null;
            return "null";
        default:
            *kind = model::Expr::Kind::Bool;
            return t.type == L::TRUE ? "true" : "false";
        }
    }

    // Calls are kept in one spelling: name(arg, arg).
    std::string call() {
        std::string out(text_of(take()));
        out += '(';
        expect(L::LPAREN);
        if (type() != L::RPAREN) {
            out += call_arg();
            while (type() == L::COMMA) {
                take();
                out += ", " + call_arg();
            }
        }
        expect(L::RPAREN);
        return out + ')';
    }

    std::string call_arg() {
        if (at_literal()) {
            model::Expr::Kind kind;
            return literal(&kind);
        }
        if (type() == L::LPAREN)
            return '(' + raw_expr().expr.text + ')';
        if (is_identifier(type()) && type(1) == L::LPAREN)
            return call();
        if (is_identifier(type()))
            return std::string(text_of(take()));
        throw NotDirect{};
    }

    ast::ExprNode expr() {
        if (type() == L::LPAREN)
            return raw_expr();
        ast::ExprNode node;
        node.loc = loc_of(peek());
        if (at_literal()) {
            node.expr.text = literal(&node.expr.kind);
            if (node.expr.kind == model::Expr::Kind::String)
                node.expr.text = unquote(node.expr.text, '\'');
            return node;
        }
        if (!is_identifier(type()) || type(1) != L::LPAREN)
            throw NotDirect{};
        node.expr.kind = model::Expr::Kind::Call;
        node.expr.text = call();
        return node;
    }

    const std::string& text_;
    DirectScanner scanner_;
    std::array<DirectToken, 16> ring_{}; // the parser looks at most 5 tokens ahead
    size_t scanned_ = 0;                 // tokens scanned so far
    size_t pos_ = 0;                     // the current token's number
    std::vector<ast::Member> members_;   // of the table being parsed
    std::vector<ast::ColumnAttr> attrs_; // of the column being parsed
};

} // namespace

std::optional<ast::File> parse_direct(const std::string& path, const std::string& text) {
    if (text.size() >= std::numeric_limits<uint32_t>::max())
        return std::nullopt;
    try {
        return DirectParser(text).file(path);
    } catch (const NotDirect&) {
        return std::nullopt;
    }
}

} // namespace stepwise::frontend
