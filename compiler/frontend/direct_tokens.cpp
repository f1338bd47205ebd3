#include "compiler/frontend/direct_tokens.h"

#include "SchemaLexer.h"
#include "compiler/frontend/dsl_lexer.h"
#include "compiler/frontend/lexical.h"

#include <string_view>

namespace stepwise::frontend {

namespace {

using L = stepwise_schema_grammar::SchemaLexer;

using lexical::is_digit;
using lexical::is_id_part;
using lexical::is_id_start;
using lexical::is_space;

} // namespace

std::optional<DirectToken> DirectScanner::next() {
    for (;;) {
        while (pos_ < text_.size() && is_space(text_[pos_]))
            advance(pos_ + 1);
        DirectToken token{kDirectEof, static_cast<uint32_t>(pos_), static_cast<uint32_t>(pos_),
                          line_, col_ + 1};
        if (pos_ >= text_.size())
            return token;
        size_t end = 0;
        uint32_t type = token_at(&end);
        if (type == 0)
            return std::nullopt;
        if (type == L::LPAREN || type == L::LBRACE) {
            if (++depth_ > kMaxNesting)
                return std::nullopt;
        } else if (type == L::RPAREN || type == L::RBRACE) {
            depth_ = depth_ > 0 ? depth_ - 1 : 0;
        }
        advance(end);
        if (type == L::LINE_COMMENT || type == L::BLOCK_COMMENT)
            continue;
        token.type = type;
        token.end = static_cast<uint32_t>(end);
        return token;
    }
}

// Columns count code points, as the ANTLR lexers do: continuation bytes do not count.
void DirectScanner::advance(size_t to) {
    for (; pos_ < to; ++pos_) {
        char c = text_[pos_];
        if (c == '\n') {
            ++line_;
            col_ = 0;
        } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
            ++col_;
        }
    }
}

size_t DirectScanner::number_end(size_t i) const {
    return lexical::number_end([this](size_t k) { return at(k); }, i);
}

// One past a quoted token's closing quote (a doubled quote stands for one), or 0 when the
// text ends first.
size_t DirectScanner::quoted_end(size_t start, char quote) const {
    for (size_t i = start + 1; i < text_.size(); ++i) {
        if (text_[i] != quote)
            continue;
        if (at(i + 1) == quote && i + 1 < text_.size()) {
            ++i;
            continue;
        }
        return i + 1;
    }
    return 0;
}

// The type of the token at pos_ and its end in *end; 0 for the forms left to DslLexer.
uint32_t DirectScanner::token_at(size_t* end) const {
    const size_t start = pos_;
    const char c = text_[start];
    const char following = at(start + 1);
    if (is_id_start(c)) {
        size_t e = start + 1;
        while (is_id_part(at(e)))
            ++e;
        *end = e;
        return static_cast<uint32_t>(
            keyword_token_type(std::string_view(text_.data() + start, e - start)));
    }
    if (size_t n = number_end(start)) {
        *end = n;
        return L::NUMBER;
    }
    if (c == '\'' || c == '"' || c == '`') {
        *end = quoted_end(start, c);
        if (*end == 0)
            return 0;
        return c == '\'' ? L::STRING : c == '"' ? L::QUOTED_ID : L::BACKQUOTED_ID;
    }
    if ((c == '/' && following == '/') || (c == '-' && following == '-')) {
        size_t e = start + 2;
        while (e < text_.size() && text_[e] != '\r' && text_[e] != '\n')
            ++e;
        *end = e;
        return L::LINE_COMMENT;
    }
    if (c == '/' && following == '*') {
        size_t close = text_.find("*/", start + 2);
        if (close == std::string::npos)
            return 0;
        *end = close + 2;
        return L::BLOCK_COMMENT;
    }
    *end = start + 1;
    switch (c) {
    case '(':
        return L::LPAREN;
    case ')':
        return L::RPAREN;
    case '{':
        return L::LBRACE;
    case '}':
        return L::RBRACE;
    case ',':
        return L::COMMA;
    case '-':
        return L::MINUS;
    default:
        break;
    }
    // Any other code point, whole: the text is valid UTF-8.
    auto lead = static_cast<unsigned char>(c);
    *end = start + (lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2);
    return L::OTHER;
}

} // namespace stepwise::frontend
