#pragma once
// Step builders of the MySQL compiler, one file per object kind.
//
// DDL commits implicitly on MySQL, so every step is `transactional=false`: the runtime counts
// its statements, and each step is one ALTER (atomic on InnoDB) or a short list whose down
// tolerates any prefix having run. On MariaDB every statement, up and down, may also run a
// second time after it took effect (mysql_resumable.h): a kill lands between a statement and
// its count.

#include "compiler/diff/changeset.h"
#include "compiler/model/catalog.h"
#include "compiler/plan/step.h"
#include "dialects/common/dialect.h"
#include "dialects/mysql/mysql_connection.h"
#include "dialects/mysql/mysql_ddl.h"

#include <map>
#include <string>
#include <vector>

namespace stepwise::mysql {

// How an ALTER may run, cheapest first.
enum class Algorithm { Instant, Inplace, Copy };

struct StepContext {
    const model::Catalog& from;
    const model::Catalog& to;
    const dialect::CompileOptions& options;
    const ServerVersion& server;

    DdlContext to_ddl() const { return DdlContext{to, server}; }
    DdlContext from_ddl() const { return DdlContext{from, server}; }
    std::string tombstone(const std::string& name) const; // at most 64 characters
    // "IF EXISTS " inside ALTER TABLE where the server takes it (MariaDB), else "": downs on
    // MySQL 8 are then less forgiving of a half-applied step.
    std::string if_exists() const { return mariadb() ? "IF EXISTS " : ""; }
    std::string if_not_exists() const { return mariadb() ? "IF NOT EXISTS " : ""; }
    bool mariadb() const { return server.flavour == Flavour::MariaDB; }
    plan::Step step(std::string id, plan::Phase phase, std::string summary,
                    const std::string& table) const;
};

// `full` if MySQL can keep it (64 characters), else its head and a digest of the whole.
std::string fit_name(const std::string& full);
// "ALTER TABLE `t` <clause>, ALGORITHM=..., LOCK=..."
std::string alter(const std::string& table, const std::string& clause, Algorithm algorithm);
// Adds the hazards of an ALTER that copies the table.
void copy_hazards(plan::Step& step, const std::string& what);
// How an ALTER that leaves `column` as it is given (NOT NULL or not) may run: a NOT NULL
// timestamp needs a copy (mysql_column_steps.cpp).
Algorithm not_null_algorithm(const model::Column& column);
// Statements recording which enum a column uses (see mysql_inspect.h); empty for non-enums.
std::vector<std::string> enum_registry(const std::string& table, const model::Column& column);

// mysql_table_steps.cpp
std::string create_table_step_id(const std::string& table);
plan::Step create_table_step(const StepContext& ctx, const model::Table& table);
plan::Step drop_table_step(const StepContext& ctx, const model::Table& table);
// Expand: a view named `to` over `from`; contract: the table takes the view's name.
plan::Step rename_table_view_step(const StepContext& ctx, const std::string& from,
                                  const std::string& to);
// The id of the step that renames table `from` to `to` (the contract's rename).
std::string rename_table_step_id(const std::string& to);
// `later_parents`: the renamed tables, by their target names, whose rename comes after this
// one, each with the name it has until then (keep_foreign_key_names).
plan::Step rename_table_step(const StepContext& ctx, const std::string& from, const std::string& to,
                             const std::map<std::string, std::string>& later_parents = {});
// After the contract's rename: the objects named for the old table take the new one
// (diff::RenameTable::objects), each renamed back by the down.
plan::Step rename_objects_step(const StepContext& ctx, const diff::RenameTable& c);
// RENAME TABLE renames the table's `<from>_ibfk_N` foreign keys to `<to>_ibfk_N`. For the
// keys the target keeps under their old name: `before` the rename drops them, `after` it adds
// them back, and `undo` (for the down, after the table has its old name again) adds back any
// of them a stopped up had dropped and not yet added. A key names its parent as the parent is
// when the rename runs: by its old name if it is in `later_parents` (renamed after this
// table), else by its target name.
struct KeptKeyNames {
    std::vector<std::string> before, after, undo;
};
KeptKeyNames keep_foreign_key_names(const StepContext& ctx, const std::string& from,
                                    const std::string& to,
                                    const std::map<std::string, std::string>& later_parents);
plan::Step table_comment_step(const StepContext& ctx, const std::string& table,
                              const diff::SetTableComment& change);

// mysql_column_steps.cpp
// `after`: the current name of the column the new one follows; empty: FIRST. `now_names`:
// the name each column of the target has while the expand phase runs, which is what the
// backfill and the fill trigger see (a column renamed in the same plan keeps its old name
// until the contract phase).
std::vector<plan::Step> add_column_steps(const StepContext& ctx, const std::string& table,
                                         const model::Table& target, const model::Column& column,
                                         const std::string& after,
                                         const std::map<std::string, std::string>& now_names);
plan::Step drop_column_step(const StepContext& ctx, const std::string& table,
                            const model::Column& column);
plan::Step rename_column_step(const StepContext& ctx, const std::string& table,
                              const std::string& from, const std::string& to,
                              const model::Column& target);
// `now_names` as for add_column_steps.
std::vector<plan::Step> alter_column_steps(const StepContext& ctx, const std::string& table,
                                           const model::Table& target,
                                           const diff::AlterColumn& change,
                                           const std::map<std::string, std::string>& now_names);
// A batched `UPDATE table_now SET column = value<also> WHERE column IS NULL`, keyset-paginated
// on the primary key (one UPDATE and a LongRunning hazard without a single-column key).
// `now_names` maps the key's name in `table` to the name it has when the backfill runs.
// `policy` is the compile options' batch policy, which the plan carries to apply.
void add_backfill(plan::Step& s, const plan::BatchPolicy& policy, const model::Table& table,
                  const std::string& table_now, const std::string& column, const std::string& value,
                  const std::string& also = "",
                  const std::map<std::string, std::string>& now_names = {});
// `expr` with each bare word that `names` maps (a column name) replaced by `row` followed by
// the quoted name it maps to ("NEW.`c`" for a trigger, "`c`" for an UPDATE); string literals,
// function names and qualified names are left alone.
std::string on_row(const std::string& expr, const std::map<std::string, std::string>& names,
                   const std::string& row);

// mysql_dual_write.cpp: a column whose change running code notices (a rename, a type change
// with `using`) moves through a second column that triggers keep in step in both directions.
struct ColumnMove {
    model::Column from; // as it is now (old name, old type)
    model::Column to;   // as the target wants it, with its `using` / `down using` hints
    // The name each column of the target table has while the plan's expand phase runs
    // (columns renamed without a second column keep their old name until the contract).
    std::map<std::string, std::string> now_names;
};
// Why a rename cannot move through a second column (empty: it can): the column is in a key,
// an index, a check or a reference, or the rename comes with a change the triggers cannot
// carry. `alter`: the same column's other changes, if any.
std::string dual_write_blocker(const StepContext& ctx, const std::string& table,
                               const model::Column& from, const diff::AlterColumn* alter);
// Whether the plan drops the foreign key `key` of `child` (tables as named now) before the
// type changes of its columns and adds it back after them (mysql_compile.cpp), while the
// target keeps it: some column on either side is converted in place with `using`.
bool released_key(const StepContext& ctx, const std::string& child, const model::ForeignKey& key);
// expand (second column + triggers) -> backfill -> validate (the target's NOT NULL, default,
// comment) -> contract (triggers dropped, the old column kept as a tombstone).
std::vector<plan::Step> dual_write_steps(const StepContext& ctx, const std::string& table,
                                         const model::Table& target, const ColumnMove& move);

// mysql_index_steps.cpp: indexes, unique constraints and the primary key
// `table` is the table's current name, `target_table` its name in the target; `clause` and
// `readd_clause` are written with IF NOT EXISTS on MariaDB.
// `algorithm`: how the index is built (up of an add, down of a drop); see key_algorithm.
plan::Step add_index_step(const StepContext& ctx, const std::string& table,
                          const std::string& target_table, const std::string& name,
                          const std::string& clause, bool unique, Algorithm algorithm);
plan::Step drop_index_step(const StepContext& ctx, const std::string& table,
                           const std::string& target_table, const std::string& name,
                           const std::string& readd_clause, Algorithm algorithm);
// MariaDB backs a unique key over a text, blob or json column with a hidden virtual column
// (a hash), which it will not add in place next to the index ("INPLACE ADD or DROP of virtual
// columns cannot be combined with other ALTER TABLE actions"): such a key is built by a copy.
// `columns` are the key's columns as the start names them; their types are the target's,
// which is what they have whenever the key is built (types change in the expand phase).
Algorithm key_algorithm(const model::Table& target, const std::vector<std::string>& columns,
                        bool unique);
plan::Step add_primary_key_step(const StepContext& ctx, const std::string& table,
                                const model::PrimaryKey& key);
plan::Step drop_primary_key_step(const StepContext& ctx, const std::string& table,
                                 const model::PrimaryKey& key);

// mysql_constraint_steps.cpp: foreign keys and checks
plan::Step add_foreign_key_step(const StepContext& ctx, const std::string& table,
                                const model::ForeignKey& key);
plan::Step drop_foreign_key_step(const StepContext& ctx, const std::string& table,
                                 const model::ForeignKey& key);
plan::Step add_check_step(const StepContext& ctx, const std::string& table,
                          const model::Check& check);
plan::Step drop_check_step(const StepContext& ctx, const std::string& table,
                           const model::Check& check);

} // namespace stepwise::mysql
