#pragma once
// Words MariaDB and MySQL 8 reserve: a name spelled as one must stay backquoted in SQL that is
// sent again (a check read back by the inspector and re-added on rollback).

#include <string>

namespace stepwise::mysql {

// Whether `word` (any case) is a reserved word.
bool is_reserved_word(const std::string& word);

} // namespace stepwise::mysql
