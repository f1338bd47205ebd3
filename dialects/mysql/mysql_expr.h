#pragma once
// DSL expressions as MySQL SQL, and the server's spelling read back into them.
//
// `now()` becomes CURRENT_TIMESTAMP(6) on the datetime(6) / timestamp(6) columns stepwise
// creates, and reads back as `now()`. Raw text is sent as written; the server rewrites it
// (backquoted names, its own case), so comparisons go through normalize().

#include "compiler/model/catalog.h"
#include "dialects/mysql/mysql_connection.h"

#include <optional>
#include <string>

namespace stepwise::mysql {

std::string render_expr(const model::Expr& expr);
// A column default: a literal, or a parenthesised expression, which MariaDB and MySQL 8 take.
std::string render_default(const model::Expr& expr);

// information_schema.columns.column_default (and `extra` on MySQL 8, which marks
// expression defaults); NULL or the text "NULL": no default.
std::optional<model::Expr> read_default(const std::optional<std::string>& text,
                                        const std::string& extra, Flavour flavour);

// A check clause or index expression as the server printed it.
model::Expr read_raw(const std::string& text);

// A comparison key: backquotes around plain names dropped, case folded and whitespace removed
// outside string literals, outer parentheses dropped.
std::string normalize(const std::string& sql);

} // namespace stepwise::mysql
