#pragma once
// Statements a resumed step may run a second time. MySQL DDL commits on its own, and a
// SIGKILLed client's server thread still finishes the statement it was running, so the runtime
// cannot know whether the last statement it sent took effect: it runs it again. On MariaDB
// every step's statements are therefore written to be harmless the second time: `IF [NOT]
// EXISTS` where MariaDB has it, `CREATE OR REPLACE` for triggers, and a catalog check in an
// anonymous block (`BEGIN NOT ATOMIC IF … END IF; END`) where it does not. MySQL 8 has
// neither, so there the bare statement is written and a resume after a kill may fail, except
// for foreign keys added or renamed with the checks off (without_key_checks, mysql8_only_if).

#include "dialects/mysql/mysql_steps.h"

#include <string>
#include <vector>

namespace stepwise::mysql {

// `statements` run only while `condition` (an SQL boolean) holds; on MySQL 8, always.
std::string only_if(const StepContext& ctx, const std::string& condition,
                    const std::vector<std::string>& statements);

// Catalog conditions for only_if, on the current database. Names are compared as literals.
std::string table_exists(const std::string& table, const std::string& type = "BASE TABLE");
std::string column_exists(const std::string& table, const std::string& column);
std::string primary_key_exists(const std::string& table);
std::string index_exists(const std::string& table, const std::string& index);

// RENAME INDEX `from` TO `to`, run only while `from` exists and `to` does not.
std::string rename_index(const StepContext& ctx, const std::string& table, const std::string& from,
                         const std::string& to);

// `statement` with foreign_key_checks off, as one text sent in one round trip, so that a
// resumed step that runs it again sets the checks again (a session setting dies with a killed
// client). MariaDB: `SET STATEMENT foreign_key_checks = 0 FOR <statement>` (the statement is
// written with IF [NOT] EXISTS by the caller). MySQL 8: `SET SESSION foreign_key_checks = 0;
// <statement, run only while `condition` holds (mysql8_only_if)>; SET SESSION
// foreign_key_checks = 1`; an empty `condition` runs it always.
std::vector<std::string> without_key_checks(const StepContext& ctx, const std::string& statement,
                                            const std::string& condition = "");

// MySQL 8, which has neither IF [NOT] EXISTS in ALTER TABLE nor anonymous blocks: `statement`
// run through a prepared statement only while `condition` holds, else `DO 0`. One text of
// several statements (the connection sends multi-statement texts).
std::string mysql8_only_if(const std::string& condition, const std::string& statement);

// Whether `table` of the current database has a foreign key named `key`.
std::string foreign_key_exists(const std::string& table, const std::string& key);

// "CREATE OR REPLACE TRIGGER " on MariaDB (a second run replaces it with the same body),
// "CREATE TRIGGER " on MySQL 8.
std::string create_trigger(const StepContext& ctx);

// DROP INDEX `index` on `table`, after giving every foreign key of the table that `index`
// would leave without an index one of its own, named as the key (InnoDB's own index for a
// key, which MariaDB drops when an index that covers the key is added, and which it refuses
// to let go: error 1553). `target_table` is the table's name in the target catalog; the
// keys of both catalogs are considered, and each is checked against the live catalog.
std::string drop_index_keeping_keys(const StepContext& ctx, const std::string& table,
                                    const std::string& target_table, const std::string& index);

// ADD `clause` (an index named `index`), then DROP INDEX of every key-named index the up of a
// drop_index_keeping_keys made that `index` now makes redundant: the start had none (MariaDB
// drops its own index of a key once another covers the key).
std::string add_index_dropping_key_copies(const StepContext& ctx, const std::string& table,
                                          const std::string& target_table, const std::string& index,
                                          const std::string& clause, Algorithm algorithm);

} // namespace stepwise::mysql
