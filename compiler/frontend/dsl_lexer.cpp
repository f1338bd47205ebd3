#include "compiler/frontend/dsl_lexer.h"

#include "SchemaLexer.h"
#include "compiler/frontend/lexical.h"

#include <array>
#include <cstring>
#include <string_view>

namespace stepwise::frontend {

namespace {

using L = stepwise_schema_grammar::SchemaLexer;

using lexical::is_digit;
using lexical::is_id_part;
using lexical::is_id_start;
using lexical::is_space;

struct Keyword {
    std::string_view word;
    size_t type;
};

// Every keyword rule of Schema.g4. A word matching one (in any case) is that keyword: the
// keyword rules come before ID, which wins a tie of equal length.
const std::array<Keyword, 35> kKeywords{{
    {"namespace", L::NAMESPACE},
    {"enum", L::ENUM},
    {"table", L::TABLE},
    {"renamed", L::RENAMED},
    {"from", L::FROM},
    {"not", L::NOT},
    {"null", L::NULL_},
    {"primary", L::PRIMARY},
    {"key", L::KEY},
    {"unique", L::UNIQUE},
    {"identity", L::IDENTITY},
    {"default", L::DEFAULT},
    {"check", L::CHECK},
    {"references", L::REFERENCES},
    {"on", L::ON},
    {"delete", L::DELETE},
    {"update", L::UPDATE},
    {"collate", L::COLLATE},
    {"comment", L::COMMENT},
    {"backfill", L::BACKFILL},
    {"using", L::USING},
    {"down", L::DOWN},
    {"index", L::INDEX},
    {"asc", L::ASC},
    {"desc", L::DESC},
    {"where", L::WHERE},
    {"foreign", L::FOREIGN},
    {"cascade", L::CASCADE},
    {"restrict", L::RESTRICT},
    {"set", L::SET},
    {"no", L::NO},
    {"action", L::ACTION},
    {"true", L::TRUE},
    {"false", L::FALSE},
    {"sql", L::SQL},
}};

} // namespace

DslLexer::DslLexer(Utf8Input& input) : input_(input), data_(input.code_points()) {}

antlr4::TokenFactory<antlr4::CommonToken>* DslLexer::getTokenFactory() {
    return antlr4::CommonTokenFactory::DEFAULT.get();
}

void DslLexer::advance(size_t to) {
    for (; pos_ < to; ++pos_) {
        if (data_[pos_] == '\n') {
            ++line_;
            column_ = 0;
        } else {
            ++column_;
        }
    }
}

size_t DslLexer::keyword_or_id(size_t start, size_t end) const {
    size_t length = end - start;
    if (length > 10)
        return L::ID;
    char word[10];
    for (size_t i = 0; i < length; ++i)
        word[i] = static_cast<char>(data_[start + i]); // ASCII: an ID is [A-Za-z0-9_]
    return keyword_token_type(std::string_view(word, length));
}

size_t keyword_token_type(std::string_view word) {
    size_t length = word.size();
    if (length > 10)
        return L::ID;
    char lower[10];
    for (size_t i = 0; i < length; ++i) {
        char c = word[i];
        lower[i] = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    }
    for (const auto& k : kKeywords)
        if (k.word.size() == length && std::memcmp(k.word.data(), lower, length) == 0)
            return k.type;
    return L::ID;
}

size_t DslLexer::number_end(size_t i) const {
    return lexical::number_end([this](size_t k) { return at(k); }, i);
}

std::unique_ptr<antlr4::Token> DslLexer::nextToken() {
    while (more(pos_) && is_space(data_[pos_])) // WS -> skip
        advance(pos_ + 1);
    const size_t start = pos_;
    const size_t line = line_;
    const size_t column = column_;
    size_t type = L::OTHER;
    size_t channel = antlr4::Token::DEFAULT_CHANNEL;
    size_t end = start + 1; // one past the token's last code point
    if (!more(start)) {
        type = antlr4::Token::EOF;
        end = start;
    } else {
        char32_t c = data_[start];
        char32_t next = at(start + 1);
        auto quoted = [&](char32_t quote, size_t done, size_t unterminated) {
            size_t i = start + 1;
            while (more(i)) {
                if (data_[i] == quote) {
                    if (at(i + 1) == quote && more(i + 1)) {
                        i += 2;
                        continue;
                    }
                    end = i + 1;
                    type = done;
                    return;
                }
                ++i;
            }
            end = data_.size();
            type = unterminated;
        };
        if (is_id_start(c)) {
            end = start + 1;
            while (is_id_part(at(end)))
                ++end;
            type = keyword_or_id(start, end);
        } else if (size_t n = number_end(start)) {
            end = n;
            type = L::NUMBER;
        } else if (c == '\'') {
            quoted('\'', L::STRING, L::UNTERMINATED_STRING);
        } else if (c == '"') {
            quoted('"', L::QUOTED_ID, L::UNTERMINATED_QUOTED_ID);
        } else if (c == '`') {
            // BACKQUOTED_ID has no unterminated form, so at the end of the input the generated
            // lexer falls back to its last complete match: up to the first quote of the last
            // doubled pair seen (`a`` gives `a`), else a lone backquote as OTHER.
            size_t fallback = start + 1;
            type = L::OTHER;
            for (size_t i = start + 1; more(i); ++i) {
                if (data_[i] != '`')
                    continue;
                if (!(more(i + 1) && data_[i + 1] == '`')) {
                    end = i + 1;
                    type = L::BACKQUOTED_ID;
                    break;
                }
                fallback = i + 1;
                type = L::BACKQUOTED_ID;
                ++i;
            }
            if (type == L::BACKQUOTED_ID && end <= start + 1)
                end = fallback;
            else if (type == L::OTHER)
                end = start + 1;
        } else if ((c == '/' && next == '/') || (c == '-' && next == '-')) {
            end = start + 2;
            while (more(end) && data_[end] != '\r' && data_[end] != '\n')
                ++end;
            type = L::LINE_COMMENT;
            channel = antlr4::Token::HIDDEN_CHANNEL;
        } else if (c == '/' && next == '*') {
            auto close = data_.find(U"*/", start + 2);
            if (close == std::u32string::npos) {
                end = data_.size();
                type = L::UNTERMINATED_COMMENT;
            } else {
                end = close + 2;
                type = L::BLOCK_COMMENT;
                channel = antlr4::Token::HIDDEN_CHANNEL;
            }
        } else {
            switch (c) {
            case '(':
                type = L::LPAREN;
                break;
            case ')':
                type = L::RPAREN;
                break;
            case '{':
                type = L::LBRACE;
                break;
            case '}':
                type = L::RBRACE;
                break;
            case ',':
                type = L::COMMA;
                break;
            case '-':
                type = L::MINUS;
                break;
            default:
                break; // OTHER
            }
        }
    }
    auto token = std::make_unique<antlr4::CommonToken>(std::make_pair(this, &input_), type, channel,
                                                       start, end - 1);
    token->setLine(line);
    token->setCharPositionInLine(column);
    advance(end);
    return token;
}

} // namespace stepwise::frontend
