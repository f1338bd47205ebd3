#pragma once
// Typed transformer from ANTLR parse-tree contexts to the AST. Internal to the frontend:
// this header includes the generated parser and must not be included by public headers.

#include "SchemaParser.h"
#include "compiler/frontend/ast.h"

#include <string>

namespace stepwise::frontend {

using Parser = stepwise_schema_grammar::SchemaParser;

ast::File transform_file(Parser::FileContext& ctx, const std::string& path);
ast::TableDecl transform_table(Parser::TableDeclContext& ctx);
ast::EnumDecl transform_enum(Parser::EnumDeclContext& ctx);
ast::ColumnDecl transform_column(Parser::ColumnContext& ctx);
ast::References transform_references(Parser::ReferencesClauseContext& ctx);

ast::Name transform_ident(Parser::IdentContext& ctx);
ast::TypeNode transform_type(Parser::TypeRefContext& ctx);
ast::ExprNode transform_expr(Parser::ExprContext& ctx);
ast::ExprNode transform_raw(Parser::RawExprContext& ctx);

ast::Loc loc_of(const antlr4::Token* token);
ast::Loc loc_of(antlr4::ParserRuleContext& ctx);
// The value of a 'single-quoted' string token.
std::string unquote_string(const std::string& token_text);

} // namespace stepwise::frontend
