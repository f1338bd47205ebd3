// How the differ carries a column rename into expression text, per dialect: which names it
// must quote (PostgreSQL folds unquoted names to lower case) and which string literals it
// must skip (MySQL reads backslash escapes inside them). A rename that the database carries
// into its checks and indexes by itself must show as the rename alone.

#include "compiler/diff/differ.h"
#include "compiler/diff/respelled_driver.h"
#include "dialects/mysql/mysql_dialect.h"
#include "dialects/postgres/pg_dialect.h"
#include "dialects/sqlite/sqlite_dialect.h"
#include "tests/unit/diff_builders.h"

#include <gtest/gtest.h>

using namespace stepwise;
using namespace stepwise::model;
using stepwise::testing::col;
using stepwise::testing::raw;

namespace {

// t(qty, note) with check t_c and an expression index t_i over `expr`; the desired side
// renames qty and spells the check and index with the new name as given.
struct Pair {
    Catalog from, to;
};

Pair renamed(const std::string& new_name, const std::string& check_before,
             const std::string& check_after, const std::string& index_before = "qty * 2",
             const std::string& index_after = "") {
    Table from;
    from.name = "t";
    from.columns = {col("qty"), col("note")};
    from.checks = {Check{"t_c", raw(check_before), {}}};
    Index i;
    i.name = "t_i";
    i.parts.push_back(IndexPart{"", raw(index_before), SortOrder::Asc});
    i.where = raw(check_before);
    from.indexes = {i};

    Table to = from;
    to.columns[0].name = new_name;
    to.columns[0].renamed_from = "qty";
    to.checks[0].expr = raw(check_after);
    to.indexes[0].parts[0].expr = raw(index_after.empty() ? index_before : index_after);
    to.indexes[0].where = raw(check_after);

    Pair p;
    p.from.tables = {from};
    p.to.tables = {to};
    canonicalize(p.from);
    canonicalize(p.to);
    return p;
}

// One line per change: its kind and, for a dropped check, the text it was mapped to.
std::vector<std::string> changes(const Pair& p, const diff::DiffDriver& driver) {
    std::vector<std::string> out;
    for (const auto& change : diff::diff(p.from, p.to, driver).changes) {
        if (const auto* r = std::get_if<diff::RenameColumn>(&change))
            out.push_back("rename " + r->from + " -> " + r->to);
        else if (const auto* c = std::get_if<diff::DropCheck>(&change))
            out.push_back("drop check " + c->check.expr.text);
        else if (const auto* i = std::get_if<diff::DropIndex>(&change))
            out.push_back("drop index " + i->index.parts.at(0).expr->text + " where " +
                          i->index.where->text);
        else
            out.push_back("other");
    }
    return out;
}

const std::vector<std::string> rename_only = {"rename qty -> Qty"};

} // namespace

// PostgreSQL stores the check of a column renamed to "Qty" as ("Qty" > 0): the mapped live
// text must name the column the same way, not as Qty (which PostgreSQL reads as qty).
TEST(DiffNames, PostgresQuotesAMixedCaseNewName) {
    auto p = renamed("Qty", "qty > 0", "\"Qty\" > 0", "qty * 2", "\"Qty\" * 2");
    EXPECT_EQ(changes(p, postgres::PgDiffDriver{}), rename_only);
}

TEST(DiffNames, PostgresMapsAMixedCaseNewNameIntoADroppedCheck) {
    auto p = renamed("Qty", "qty > 0 and QTY < 9", "\"Qty\" > 1");
    auto got = changes(p, postgres::PgDiffDriver{});
    ASSERT_EQ(got.size(), 5u); // the rename, drops of the check and index, their adds
    EXPECT_EQ(got[1], "drop check \"Qty\" > 0 and \"Qty\" < 9");
    EXPECT_EQ(got[2], "drop index \"Qty\" * 2 where \"Qty\" > 0 and \"Qty\" < 9");
}

// Unquoted, PostgreSQL folds names to lower case: renaming the column "QTY", the unquoted
// qty in the text is the other column, qty, and stays.
TEST(DiffNames, PostgresMatchesUnquotedWordsAsFoldedToLowerCase) {
    Table from;
    from.name = "t";
    from.columns = {col("QTY"), col("qty")};
    from.checks = {Check{"t_c", raw("\"QTY\" > 0 and qty < 9 and Qty > 1"), {}}};
    Table to = from;
    to.columns[0].name = "amount";
    to.columns[0].renamed_from = "QTY";
    to.checks[0].expr = raw("amount > 1");
    Pair p;
    p.from.tables = {from};
    p.to.tables = {to};
    canonicalize(p.from);
    canonicalize(p.to);
    auto got = changes(p, postgres::PgDiffDriver{});
    ASSERT_EQ(got.size(), 3u);
    EXPECT_EQ(got[1], "drop check \"amount\" > 0 and qty < 9 and Qty > 1"); // quoted in, quoted out
}

// SQLite and MySQL match names without regard to case, so the plain spelling reads back.
TEST(DiffNames, SqliteAndMysqlKeepAMixedCaseNewNamePlain) {
    auto p = renamed("Qty", "qty > 0", "Qty > 0", "qty * 2", "Qty * 2");
    EXPECT_EQ(changes(p, sqlite::SqliteDiffDriver{}), rename_only);
    EXPECT_EQ(changes(p, mysql::MysqlDiffDriver{}), rename_only);
}

// MySQL reads 'it\'s qty' as one literal: the qty inside it is text, the one after it a name.
TEST(DiffNames, MysqlSkipsBackslashEscapesInStrings) {
    auto p = renamed("amount", "note <> 'it\\'s qty' or qty > 0",
                     "note <> 'it\\'s qty' or amount > 0", "qty * 2", "amount * 2");
    EXPECT_EQ(changes(p, mysql::MysqlDiffDriver{}),
              (std::vector<std::string>{"rename qty -> amount"}));
}

TEST(DiffNames, MysqlSkipsBackslashEscapesInDoubleQuotedStrings) {
    auto p = renamed("amount", "note <> \"a\\\"qty\" and note <> '\\\\' and qty > 0",
                     "note <> \"a\\\"qty\" and note <> '\\\\' and amount > 1");
    auto got = changes(p, mysql::MysqlDiffDriver{});
    ASSERT_EQ(got.size(), 5u); // the rename, drops of the check and index, their adds
    EXPECT_EQ(got[1], "drop check note <> \"a\\\"qty\" and note <> '\\\\' and amount > 0");
}

// In PostgreSQL (standard_conforming_strings) and SQLite a backslash is an ordinary
// character: 'C:\' is a whole literal and the qty after it is a name.
TEST(DiffNames, PostgresAndSqliteReadABackslashAsAPlainCharacter) {
    auto p = renamed("amount", "note <> 'C:\\' or qty > 0", "note <> 'C:\\' or amount > 1");
    for (const diff::DiffDriver* d : std::initializer_list<const diff::DiffDriver*>{
             new postgres::PgDiffDriver, new sqlite::SqliteDiffDriver}) {
        auto got = changes(p, *d);
        ASSERT_EQ(got.size(), 5u); // the rename, drops of the check and index, their adds
        EXPECT_EQ(got[1], "drop check note <> 'C:\\' or amount > 0");
        delete d;
    }
}

// The planner wraps the dialect's driver; the wrapper must keep the dialect's answers.
TEST(DiffNames, RespelledDriverKeepsTheDialectsScanningAndQuoting) {
    auto p = renamed("amount", "note <> 'it\\'s qty' or qty > 0",
                     "note <> 'it\\'s qty' or amount > 0", "qty * 2", "amount * 2");
    mysql::MysqlDiffDriver my;
    diff::RespelledDriver respelled_my(my, p.to, p.to);
    EXPECT_EQ(changes(p, respelled_my), (std::vector<std::string>{"rename qty -> amount"}));

    auto q = renamed("Qty", "qty > 0", "\"Qty\" > 0", "qty * 2", "\"Qty\" * 2");
    postgres::PgDiffDriver pg;
    diff::RespelledDriver respelled_pg(pg, q.to, q.to);
    EXPECT_EQ(changes(q, respelled_pg), rename_only);
}
