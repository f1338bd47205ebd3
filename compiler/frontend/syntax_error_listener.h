#pragma once
// ANTLR error listener that turns the first syntax error of a file into a Diagnostic.
// Internal: includes ANTLR headers.

#include "antlr4-runtime.h"
#include "compiler/frontend/diagnostics.h"

#include <string>

namespace stepwise::frontend {

class SyntaxErrorListener : public antlr4::BaseErrorListener {
public:
    SyntaxErrorListener(std::string file, Diagnostics& diags)
        : file_(std::move(file)), diags_(diags) {}

    void syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offending, size_t line,
                     size_t col, const std::string& msg, std::exception_ptr e) override;

    bool failed() const { return failed_; }

private:
    std::string file_;
    Diagnostics& diags_;
    bool failed_ = false; // later errors are mostly echoes of the first: report one
};

// How a token type reads in a message: "'('", "identifier", "table".
std::string describe_token_type(const antlr4::dfa::Vocabulary& vocabulary, size_t type);

} // namespace stepwise::frontend
