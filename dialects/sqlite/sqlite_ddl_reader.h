#pragma once
// Reads the CREATE TABLE / CREATE INDEX text SQLite keeps in sqlite_master back into the
// model: constraint names, CHECK text, defaults as written, enums, identity and comments,
// none of which the pragmas expose. Unnamed constraints get the default names (NamingStyle
// SQLite), so tables written by hand diff cleanly.

#include "compiler/model/catalog.h"

#include <stdexcept>
#include <string>
#include <vector>

namespace stepwise::sqlite {

class DdlReadError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct ReadTable {
    model::Table table;
    std::vector<model::Enum> enums; // from `_stepwise_enum_*` column checks, in column order
    bool without_rowid = false;
};

ReadTable read_create_table(const std::string& sql);

// A name as SQLite's DDL text spells it ("x", 'x', `x`, [x], or bare) without its quotes.
std::string unquote_name(const std::string& text);

struct ReadIndex {
    std::string table;
    model::Index index;
};

ReadIndex read_create_index(const std::string& sql);

} // namespace stepwise::sqlite
