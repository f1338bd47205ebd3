#pragma once
// diff(from, to): what must change to turn the current catalog into the desired one.

#include "compiler/diff/changeset.h"
#include "compiler/model/catalog.h"

#include <string>

namespace stepwise::diff {

// Per-dialect answers to "is this difference real?" (e.g. a default stored in another
// spelling). The base class compares exactly.
class DiffDriver {
public:
    virtual ~DiffDriver() = default;
    virtual bool same_type(const model::Type& a, const model::Type& b) const { return a == b; }
    virtual bool same_expr(const model::Expr& a, const model::Expr& b) const { return a == b; }

    // How the dialect quotes a name in SQL text. The differ rewrites renamed columns inside
    // expression text the dialect will run, so it must quote them the dialect's way (MySQL
    // reads "x" as a string). The base class is standard SQL: "x", quotes doubled.
    virtual char ident_quote() const { return '"'; }
    virtual std::string quote_ident(const std::string& name) const {
        const char q = ident_quote();
        std::string out(1, q);
        for (char c : name) {
            if (c == q)
                out += q;
            out += c;
        }
        return out + q;
    }
    // Whether unquoted names fold to lower case (PostgreSQL): an unquoted word then names the
    // column spelt as the word in lower case, and a new name with capitals must be quoted.
    // Otherwise names match without regard to case (SQLite, MySQL) and stay plain.
    virtual bool folds_to_lower() const { return false; }
    // Whether a backslash escapes the next character inside string literals (MySQL's
    // default sql_mode), so 'it\'s' is one literal.
    virtual bool backslash_escapes() const { return false; }
    // Foreign key actions the database does not tell apart (InnoDB's RESTRICT and NO ACTION).
    virtual bool same_fk_action(model::FkAction a, model::FkAction b) const { return a == b; }
};

// Both catalogs must be canonical. Hints on `to` (renamed from, using, backfill) steer the
// result; a hint whose old name does not exist in `from` is ignored (the rename is done).
//
// Decisions, so that plans neither flap nor surprise:
// - A `renamed from X` hint applies when X exists in `from` and the new name does not; it
//   claims X before a desired object literally named X can (that one is then new). A hint
//   whose new name already exists is ignored. The namespace is not compared.
// - Order: enums first (by name), then by table name in `to` (dropped tables by their old
//   name), then a fixed kind order: rename table, drop/create table, rename column, drops
//   of FKs, checks, indexes, uniques, PK, then drop/add/alter column, then adds of PK,
//   uniques, indexes, checks, FKs, then validations of checks and FKs the live side holds
//   NOT VALID (same definition), then the table comment. Column changes keep declaration
//   order (column order is part of the schema); other objects go by name.
// - Indexes, constraints and FKs of `from` are compared after their column names and
//   referenced tables follow this diff's renames; raw expression text (checks, index
//   expressions and predicates) has words naming a renamed column replaced, except inside
//   string literals and before "("; a new name that needs quoting is quoted by the driver's
//   quote_ident (MySQL: backquotes). So an object that only follows a rename is unchanged
//   (databases carry renames into indexes and constraints). Drop* changes carry the
//   object in that mapped form: as it is once the renames have run.
// - A renamed table's index or constraint named for the old table (`people_pkey`, see
//   model::follow_table_rename) whose desired twin has the same definition under the name
//   for the new table, while no object keeps the old name, is the same object: it goes in
//   RenameTable::objects, not in a drop and an add.
// - A changed constraint or index is a drop and an add of the same name, the drop first.
// - A name that is both the old name of a rename and the name of a created table or
//   column gives two changes whose order needs a dependency edge in the dialect.
ChangeSet diff(const model::Catalog& from, const model::Catalog& to,
               const DiffDriver& driver = DiffDriver{});

} // namespace stepwise::diff
