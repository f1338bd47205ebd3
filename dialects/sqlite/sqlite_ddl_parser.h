#pragma once
// The ANTLR set-up every reader of SQLite's DDL text shares (sqlite_ddl_reader.cpp,
// sqlite_tombstone_keys.cpp): lexer, token stream and parser over one statement, with the
// caller's error listener in place of ANTLR's console one. Readers differ only in what a
// syntax error means to them (an exception, or a count that makes them leave the text alone).
// Internal to dialects/sqlite: the generated grammar headers stay out of public headers.

#include "SqliteDdlLexer.h"
#include "SqliteDdlParser.h"

#include <antlr4-runtime.h>
#include <string>

namespace stepwise::sqlite {

// Returns fn(parser, tokens) for `sql`; `listener` hears every lexer and parser error.
template <typename Fn>
auto with_ddl_parser(const std::string& sql, antlr4::BaseErrorListener& listener, Fn fn) {
    antlr4::ANTLRInputStream input(sql);
    stepwise_sqlite_ddl_grammar::SqliteDdlLexer lexer(&input);
    lexer.removeErrorListeners();
    lexer.addErrorListener(&listener);
    antlr4::CommonTokenStream tokens(&lexer);
    stepwise_sqlite_ddl_grammar::SqliteDdlParser parser(&tokens);
    parser.removeErrorListeners();
    parser.addErrorListener(&listener);
    return fn(parser, tokens);
}

} // namespace stepwise::sqlite
