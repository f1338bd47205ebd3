#include "compiler/frontend/parse_file.h"

#include "SchemaLexer.h"
#include "SchemaParser.h"
#include "compiler/frontend/direct_parser.h"
#include "compiler/frontend/direct_tokens.h"
#include "compiler/frontend/dsl_lexer.h"
#include "compiler/frontend/source_check.h"
#include "compiler/frontend/syntax_error_listener.h"
#include "compiler/frontend/transform.h"
#include "compiler/frontend/utf8_input.h"

namespace stepwise::frontend {

namespace {

using Lexer = stepwise_schema_grammar::SchemaLexer;

// Errors the lexer can see on its own: unterminated tokens and runaway nesting.
bool check_tokens(const std::string& path, antlr4::CommonTokenStream& tokens, Diagnostics& diags) {
    int depth = 0;
    for (auto* token : tokens.getTokens()) {
        auto loc = loc_of(token);
        switch (token->getType()) {
        case Lexer::UNTERMINATED_STRING:
            diags.error(path, loc.line, loc.col, "unterminated string literal");
            return false;
        case Lexer::UNTERMINATED_QUOTED_ID:
            diags.error(path, loc.line, loc.col, "unterminated quoted identifier");
            return false;
        case Lexer::UNTERMINATED_COMMENT:
            diags.error(path, loc.line, loc.col, "unterminated /* comment");
            return false;
        case Lexer::LPAREN:
        case Lexer::LBRACE:
            if (++depth > kMaxNesting) {
                diags.error(path, loc.line, loc.col,
                            "nesting deeper than " + std::to_string(kMaxNesting) + " levels");
                return false;
            }
            break;
        case Lexer::RPAREN:
        case Lexer::RBRACE:
            depth = depth > 0 ? depth - 1 : 0;
            break;
        default:
            break;
        }
    }
    return true;
}

} // namespace

std::optional<ast::File> parse_file(const std::string& path, const std::string& text,
                                    Diagnostics& diags) {
    if (!check_source_text(path, text, diags))
        return std::nullopt;
    // Well-formed files take the direct parser; ANTLR stays the reference and reports errors.
    if (auto file = parse_direct(path, text))
        return file;
    return parse_file_antlr(path, text, diags);
}

std::optional<ast::File> parse_file_antlr(const std::string& path, const std::string& text,
                                          Diagnostics& diags) {
    if (!check_source_text(path, text, diags))
        return std::nullopt;
    Utf8Input input(text);
    DslLexer lexer(input); // OTHER matches any character: the lexer cannot fail
    antlr4::CommonTokenStream tokens(&lexer);
    tokens.fill();
    if (!check_tokens(path, tokens, diags))
        return std::nullopt;

    Parser parser(&tokens);
    parser.removeErrorListeners();
    // SLL is much faster and nearly always enough; fall back to full LL when it gives up.
    parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
        antlr4::atn::PredictionMode::SLL);
    parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
    Parser::FileContext* tree = nullptr;
    try {
        tree = parser.file();
    } catch (const antlr4::ParseCancellationException&) {
        tree = nullptr;
    }
    SyntaxErrorListener listener(path, diags);
    if (!tree) {
        tokens.seek(0);
        parser.reset();
        parser.setErrorHandler(std::make_shared<antlr4::DefaultErrorStrategy>());
        parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
            antlr4::atn::PredictionMode::LL);
        parser.addErrorListener(&listener);
        tree = parser.file();
    }
    if (listener.failed())
        return std::nullopt;
    return transform_file(*tree, path);
}

} // namespace stepwise::frontend
