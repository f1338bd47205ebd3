#include "compiler/frontend/syntax_error_listener.h"

#include "SchemaParser.h"

#include <algorithm>
#include <set>

namespace stepwise::frontend {

namespace {

using Parser = stepwise_schema_grammar::SchemaParser;

constexpr size_t kMaxExpected = 6;

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::string shown(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == '\n')
            out += "\\n";
        else if (c == '\r')
            out += "\\r";
        else if (c == '\t')
            out += "\\t";
        else
            out += c;
    }
    if (out.size() > 40)
        out = out.substr(0, 37) + "...";
    return out;
}

std::string expected_list(Parser& parser) {
    antlr4::misc::IntervalSet expected;
    try {
        expected = parser.getExpectedTokens();
    } catch (...) {
        return "";
    }
    bool identifier = expected.contains(static_cast<size_t>(Parser::ID));
    std::set<std::string> names;
    for (ssize_t t : expected.toList()) {
        if (identifier && t >= Parser::NAMESPACE && t <= Parser::SQL)
            continue; // keywords are identifiers here too
        names.insert(describe_token_type(parser.getVocabulary(), static_cast<size_t>(t)));
    }
    if (names.empty() || names.size() > kMaxExpected)
        return "";
    std::string out;
    for (const auto& n : names)
        out += (out.empty() ? "" : ", ") + n;
    return names.size() == 1 ? ", expected " + out : ", expected one of " + out;
}

} // namespace

std::string describe_token_type(const antlr4::dfa::Vocabulary& vocabulary, size_t type) {
    switch (type) {
    case antlr4::Token::EOF:
        return "end of file";
    case Parser::ID:
    case Parser::QUOTED_ID:
        return "identifier";
    case Parser::STRING:
        return "string";
    case Parser::NUMBER:
        return "number";
    default:
        break;
    }
    if (type >= Parser::NAMESPACE && type <= Parser::SQL) {
        std::string name = lower(vocabulary.getSymbolicName(type));
        if (!name.empty() && name.back() == '_')
            name.pop_back();
        return "'" + name + "'";
    }
    return vocabulary.getDisplayName(type);
}

void SyntaxErrorListener::syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offending,
                                      size_t line, size_t col, const std::string& msg,
                                      std::exception_ptr e) {
    if (failed_)
        return;
    failed_ = true;
    std::string message;
    if (!offending) {
        message = "syntax error: " + msg;
    } else if (offending->getType() == antlr4::Token::EOF) {
        message = "syntax error: unexpected end of file";
    } else {
        message = "syntax error: unexpected '" + shown(offending->getText()) + "'";
    }
    // After a failed prediction the parser's state says little about what would have fit.
    bool no_viable = false;
    if (e) {
        try {
            std::rethrow_exception(e);
        } catch (const antlr4::NoViableAltException&) {
            no_viable = true;
        } catch (...) {
        }
    }
    auto* parser = dynamic_cast<Parser*>(recognizer);
    if (parser && !no_viable)
        message += expected_list(*parser);
    diags_.error(file_, static_cast<int>(line), static_cast<int>(col) + 1, message);
}

} // namespace stepwise::frontend
