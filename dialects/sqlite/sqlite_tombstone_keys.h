#pragma once
// A rebuild keeps the old table as a tombstone, foreign keys included. A key whose parent key
// the plan drops would leave the tombstone referencing columns that are no longer unique, and
// SQLite then refuses every DELETE on the parent ("foreign key mismatch"). The swap hides such
// keys in the tombstone's stored CREATE TABLE text (PRAGMA writable_schema; removing a FOREIGN
// KEY so is one of the changes SQLite's ALTER TABLE documentation allows) and its down puts
// them back, byte for byte, before the tombstone becomes the table again.

#include <string>

struct sqlite3;

namespace stepwise::sqlite {

// `sql` with every foreign key that references `parent` replaced by a comment holding its
// text. Unchanged when it does not parse.
std::string hide_references(const std::string& sql, const std::string& parent);
// The foreign keys hide_references hid, back in place.
std::string unhide_references(const std::string& sql);

// The SQL functions the swap steps call: _stepwise_hide_references(sql, parent) and
// _stepwise_unhide_references(sql). Every stepwise connection has them.
void register_tombstone_functions(sqlite3* db);

} // namespace stepwise::sqlite
