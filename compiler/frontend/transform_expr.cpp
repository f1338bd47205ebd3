#include "compiler/frontend/transform.h"

#include <algorithm>
#include <cctype>

namespace stepwise::frontend {

namespace {

void collect_terminals(antlr4::tree::ParseTree* node, std::vector<antlr4::Token*>& out) {
    if (auto* t = dynamic_cast<antlr4::tree::TerminalNode*>(node)) {
        out.push_back(t->getSymbol());
        return;
    }
    for (auto* child : node->children)
        collect_terminals(child, out);
}

bool is_identifier_token(const antlr4::Token* t) {
    size_t type = t->getType();
    return type == Parser::ID || type == Parser::QUOTED_ID ||
           (type >= Parser::NAMESPACE && type <= Parser::SQL);
}

std::string unquote_identifier(const std::string& text) {
    std::string out;
    for (size_t i = 1; i + 1 < text.size(); ++i) {
        out += text[i];
        if (text[i] == '"')
            ++i; // "" stands for one quote
    }
    return out;
}

// Tokens joined as written; any whitespace or comment between two becomes one space.
std::string join_tokens(const std::vector<antlr4::Token*>& tokens, size_t from, size_t to) {
    std::string out;
    for (size_t i = from; i < to; ++i) {
        if (i > from && tokens[i]->getStartIndex() > tokens[i - 1]->getStopIndex() + 1)
            out += ' ';
        out += tokens[i]->getText();
    }
    return out;
}

std::string literal_text(Parser::LiteralContext& ctx, model::Expr::Kind* kind) {
    if (ctx.NUMBER()) {
        *kind = model::Expr::Kind::Number;
        return (ctx.MINUS() ? "-" : "") + ctx.NUMBER()->getText();
    }
    if (ctx.STRING()) {
        *kind = model::Expr::Kind::String;
        return ctx.STRING()->getText(); // caller unquotes where the value is wanted
    }
    if (ctx.NULL_()) {
        *kind = model::Expr::Kind::Null;
        return "null";
    }
    *kind = model::Expr::Kind::Bool;
    return ctx.TRUE() ? "true" : "false";
}

std::string call_text(Parser::CallContext& ctx);

std::string call_arg_text(Parser::CallArgContext& ctx) {
    if (auto* lit = ctx.literal()) {
        model::Expr::Kind kind;
        return literal_text(*lit, &kind);
    }
    if (auto* call = ctx.call())
        return call_text(*call);
    if (auto* raw = ctx.rawExpr())
        return "(" + transform_raw(*raw).expr.text + ")";
    return ctx.ident()->getText();
}

// Calls are kept in one spelling: name(arg, arg), so that spacing never makes a diff.
std::string call_text(Parser::CallContext& ctx) {
    std::string out = ctx.ident()->getText() + "(";
    bool first = true;
    for (auto* arg : ctx.callArg()) {
        out += (first ? "" : ", ") + call_arg_text(*arg);
        first = false;
    }
    return out + ")";
}

} // namespace

ast::Loc loc_of(const antlr4::Token* token) {
    return {static_cast<int>(token->getLine()),
            static_cast<int>(token->getCharPositionInLine()) + 1};
}

ast::Loc loc_of(antlr4::ParserRuleContext& ctx) {
    return loc_of(ctx.getStart());
}

std::string unquote_string(const std::string& text) {
    std::string out;
    for (size_t i = 1; i + 1 < text.size(); ++i) {
        out += text[i];
        if (text[i] == '\'')
            ++i;
    }
    return out;
}

ast::Name transform_ident(Parser::IdentContext& ctx) {
    ast::Name name;
    name.loc = loc_of(ctx);
    if (auto* q = ctx.QUOTED_ID()) {
        name.text = unquote_identifier(q->getText());
        name.quoted = true;
    } else {
        name.text = ctx.getStart()->getText(); // one token: ID or a keyword
    }
    return name;
}

ast::TypeNode transform_type(Parser::TypeRefContext& ctx) {
    ast::TypeNode type;
    if (auto* sql = dynamic_cast<Parser::SqlTypeContext*>(&ctx)) {
        type.sql = true;
        type.name.text = unquote_string(sql->STRING()->getText());
        type.name.loc = loc_of(ctx);
        return type;
    }
    auto& named = dynamic_cast<Parser::NamedTypeContext&>(ctx);
    type.name = transform_ident(*named.ident());
    for (auto* n : named.NUMBER())
        type.params.push_back(n->getText());
    return type;
}

ast::ExprNode transform_raw(Parser::RawExprContext& ctx) {
    std::vector<antlr4::Token*> tokens;
    collect_terminals(&ctx, tokens);
    ast::ExprNode node;
    node.loc = loc_of(ctx);
    node.expr.kind = model::Expr::Kind::Raw;
    // Drop the outer parentheses.
    node.expr.text = tokens.size() >= 2 ? join_tokens(tokens, 1, tokens.size() - 1) : "";
    for (size_t i = 1; i + 1 < tokens.size(); ++i) {
        if (!is_identifier_token(tokens[i]))
            continue;
        std::string text = tokens[i]->getText();
        node.identifiers.push_back(
            tokens[i]->getType() == Parser::QUOTED_ID ? unquote_identifier(text) : text);
    }
    return node;
}

ast::ExprNode transform_expr(Parser::ExprContext& ctx) {
    if (auto* raw = ctx.rawExpr())
        return transform_raw(*raw);
    ast::ExprNode node;
    node.loc = loc_of(ctx);
    if (auto* call = ctx.call()) {
        node.expr.kind = model::Expr::Kind::Call;
        node.expr.text = call_text(*call);
        return node;
    }
    node.expr.text = literal_text(*ctx.literal(), &node.expr.kind);
    if (node.expr.kind == model::Expr::Kind::String)
        node.expr.text = unquote_string(node.expr.text);
    return node;
}

} // namespace stepwise::frontend
