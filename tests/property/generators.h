#pragma once
// RapidCheck generators: valid catalogs, rows that satisfy them, and edits that turn one
// catalog into another. Draw them inside a property (they use `*gen`).
//
// Names come from small pools that include ones needing quotes ("Order Items", "select",
// "it's", "x""y"), so quoting is exercised everywhere. Raw SQL in checks and hints quotes
// identifiers as the backend's Profile says (double quotes on SQLite and PostgreSQL,
// backquotes on MySQL / MariaDB).

#include "compiler/model/catalog.h"
#include "compiler/model/naming.h"
#include "dialects/common/connection.h"

#include <string>
#include <vector>

namespace stepwise::property {

// What one backend's database accepts, so that every drawn catalog, row and edit is one the
// dialect supports. Where a dialect legitimately differs the generator narrows for it; where a
// dialect compiler has a bug, the shape it fails on is excluded by a flag naming the bug, so
// the suite stays green and says what it skips. Defaults suit SQLite.
struct Profile {
    model::NamingStyle naming = model::NamingStyle::SQLite;
    // Raw SQL in checks, index predicates and hints names columns with these quotes.
    char ident_quote = '"';
    // The target types of `cast(x as ...)` in using / down using hints.
    std::string cast_to_text = "text";
    std::string cast_to_integer = "integer";
    // Columns of unbounded types (text, bytes, json) in keys and indexes: MySQL needs a
    // prefix length for them, which the generated catalogs do not write.
    bool unbounded_keys = true;
    // json in unique keys and indexes: PostgreSQL's json has no btree operator class (jsonb
    // has).
    bool json_keys = true;
    // Partial indexes (`where`): MySQL has none and the dialect refuses them at plan time.
    bool partial_indexes = true;
    // Timestamps with a UTC offset in row values: MariaDB's timestamp takes none.
    bool timestamp_offsets = true;

    // Setting NOT NULL on an existing column with a backfill. The PostgreSQL compiler marks
    // that backfill Irreversible (rollback keeps the values written into rows that were
    // NULL), so "rollback restores every row" cannot hold for it; declared, not hidden.
    bool backfill_existing_nulls = true;

    // Known bugs of a dialect compiler: shapes left out until they are fixed.
    //
    // PostgreSQL: renaming a json column fails. The rename's dual-write trigger and its
    // down compare the two columns with IS DISTINCT FROM, and json has no equality operator
    // ("operator does not exist: json = json" in users.<col>:backfill up and :contract
    // down).
    bool rename_json_columns = true;
    //
    // `on delete restrict` (every backend draws it today). On MySQL it was left out while an
    // in-place ADD FOREIGN KEY ... ON DELETE RESTRICT stored NO ACTION where a CREATE TABLE
    // stored RESTRICT; the MySQL compiler now writes neither
    // (mysql/change_foreign_key_action_to_restrict).
    bool fk_restrict = true;
    //
    // Names holding a quote (' or "); every backend draws them today. On MySQL they were left
    // out while raw SQL naming `it's` did not parse and a json column so named did not read
    // back as json (mysql/quotes_in_names).
    bool quotes_in_names = true;
    //
    // Renaming a column a foreign key references (a parent's `id`), the child's key following
    // the rename. SQLite resolves a key by the names in the child's stored text and failed
    // the parent's rebuild with "foreign key mismatch" (sqlite/rename_referenced_key_column).
    bool rename_referenced_columns = true;
    // Dropping a parent's primary key together with every foreign key that needs it. SQLite
    // kept the dropped key in the child's tombstone, which failed the parent's swap
    // (sqlite/drop_foreign_key_and_its_parent_key); PostgreSQL must drop the keys first.
    bool drop_referenced_keys = true;
    // The same for a unique key a foreign key references (not the primary key).
    bool drop_referenced_unique_keys = true;
    // Widening an integer key column other tables reference (int → bigint), together with
    // the columns referencing it; every backend draws it today. On MySQL it was left out
    // while the parent's `MODIFY` ran with the child's key holding the column, which MariaDB
    // refuses: "Cannot change column 'id': used in a foreign key constraint 'group_ibfk_1'"
    // (seed 1136128283740763234); the key is now dropped and re-added around both
    // (mysql/widen_foreign_key_both_sides).
    bool change_type_of_referenced_columns = true;
    //
    // SQLite: changing the type of a primary-key column that no foreign key references
    // (bigint → int). A one-column primary key of type `integer` is an alias of the rowid,
    // and the rebuild maps rows by rowid: the new table's rowid became the key's value, so
    // rollback matched no row and a backfilled NOT NULL column kept its filled value (seed
    // 15092586004857168809: id bigint → int with `set not null` on another column).
    bool change_type_of_primary_keys = true;
    //
    // A unique key and a new foreign key naming it, added in one plan; every backend draws
    // it today. On MySQL it was left out while the key's `add_foreign_key` step was not
    // ordered after the unique key's `add_index` (both expand, ordered by id), which MariaDB
    // refuses: "Missing index for constraint 'Order Items_ibfk_1' in the referenced table
    // 'group'" (seed 5352654882838839407; mysql/add_unique_key_and_foreign_key_to_it).
    // SQLite: left out since random runs after the merge found plans refused with a
    // dependency cycle when the same plan also drops a key the child had to the parent (seed
    // 13812306304462059028) or renames the parent's referenced column (seed
    // 281475061396591471 at 300 cases): the child's rebuild waits for the parent's swap
    // (sqlite/add_unique_key_and_foreign_key_to_it), which already waits for the child's.
    bool reference_new_unique_keys = true;
    //
    // SQLite, and PostgreSQL (a cycle through the key's `attach`, found in CI): a table
    // gaining a unique key that a new foreign key of another table names,
    // where the two tables already reference each other the other way: by a key to the
    // other's new unique key too (seed 4140575389669121825), or by a key of the parent to
    // the child renamed in the plan (seed 17683667697091682531). A child's rebuild waits for
    // the swap that gives its parent the key, and the parent's waits for the child's, so the
    // plan is refused: "dependency cycle between steps".
    bool new_keys_referencing_each_other = true;
    //
    // SQLite: renaming a table other tables reference. Found in CI on 2026-11-24: the parent
    // `users` renamed to `order` and rebuilt (a dropped column), the child's key column
    // renamed: the child's rebuild copied rows into a new table whose key named `order`
    // before the parent's swap ("no such table: main.order" in `group:rebuild:copy`).
    bool rename_referenced_tables = true;

    // `using` / `down using` when widening a referenced key: the MySQL dialect refuses them
    // at plan time on a primary-key column (docs/mysql.md).
    bool using_on_key_columns = true;
    // A referencing column whose type differs from the column it references (int → bigint
    // on one side only): InnoDB needs the two types to match; SQLite and PostgreSQL do not.
    bool mixed_key_types = true;
};

// The names of `pool` the profile allows.
std::vector<std::string> allowed_names(const std::vector<std::string>& pool,
                                       const Profile& profile);

// Rows of one table, in insertion order; values as text (NULL as nullopt).
struct TableRows {
    std::string table;
    std::vector<std::string> columns;
    std::vector<dialect::Row> rows;
};

// A catalog and rows that satisfy it, tables in an order parents come first.
struct Dataset {
    model::Catalog catalog; // canonical
    std::vector<TableRows> tables;
};

// A → B, with the edits in words for the counterexample.
struct Edit {
    model::Catalog to; // canonical, with hints
    std::vector<std::string> log;
};

// Tables with columns of every portable type, nullability, defaults, primary, unique and
// foreign keys between the generated tables, checks, indexes and enums.
model::Catalog draw_catalog(const Profile& profile);

// Rows satisfying `catalog`: not null, unique, check (every number >= 0) and foreign keys.
Dataset draw_dataset(const Profile& profile);

// One to three edits: add, drop and rename columns and tables; convertible type changes
// with using / down using; add and drop constraints and indexes; set NOT NULL with a
// backfill and drop it. A's rows satisfy B once the hints have run.
Edit draw_edit(const model::Catalog& from, const Profile& profile);

// Whether a column of this type may be part of an index or key on the profile's database.
bool indexable(const model::Type& type, const Profile& profile);

// Whether a foreign key drawn to a unique key may name a column of this type: exact values
// only (no floating point, json or bytes), so a child's value always finds its parent's.
bool referenceable(const model::Type& type);

// A SQL identifier quoted with the profile's quotes.
std::string sql_ident(const std::string& name, const Profile& profile);

} // namespace stepwise::property
