#include "SchemaLexer.h"
#include "compiler/frontend/dsl_lexer.h"
#include "compiler/frontend/loader.h"

namespace stepwise::frontend {

// The lexer keeps comments on the hidden channel, so strings and quoted names that contain
// `--` or `//` are not mistaken for comments.
bool has_comments(const std::string& text) {
    using Lexer = stepwise_schema_grammar::SchemaLexer;
    Utf8Input input(text);
    DslLexer lexer(input);
    for (auto token = lexer.nextToken(); token->getType() != antlr4::Token::EOF;
         token = lexer.nextToken()) {
        auto type = token->getType();
        if (type == Lexer::LINE_COMMENT || type == Lexer::BLOCK_COMMENT ||
            type == Lexer::UNTERMINATED_COMMENT)
            return true;
    }
    return false;
}

} // namespace stepwise::frontend
