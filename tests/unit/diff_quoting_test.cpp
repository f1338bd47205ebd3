// Renamed columns written into expression text by the differ are quoted the way the dialect
// that runs the SQL reads them (compiler/diff/map_expr.cpp, DiffDriver::quote_ident).

#include "compiler/diff/differ.h"
#include "compiler/diff/respelled_driver.h"
#include "dialects/mysql/mysql_dialect.h"
#include "dialects/postgres/pg_dialect.h"
#include "dialects/sqlite/sqlite_dialect.h"

#include <gtest/gtest.h>

using namespace stepwise;
using namespace stepwise::model;

namespace {

Expr raw(const std::string& text) {
    return Expr{Expr::Kind::Raw, text};
}

Column col(const std::string& name) {
    Column c;
    c.name = name;
    c.type.kind = TypeKind::Int;
    c.nullable = true;
    return c;
}

// t(a, b) with check t_c and expression index t_i, both naming `a`; the desired side renames
// `a` to `renamed` and changes both objects, so the diff drops them in their mapped form.
struct Shapes {
    Catalog from, to;
};

Shapes renamed_in(const std::string& renamed, const std::string& check,
                  const std::string& index_expr) {
    Table from;
    from.name = "t";
    from.columns = {col("a"), col("b")};
    from.checks = {Check{"t_c", raw(check), {}}};
    Index i;
    i.name = "t_i";
    i.parts.push_back(IndexPart{"", raw(index_expr), SortOrder::Asc});
    from.indexes = {i};

    Table to = from;
    to.columns[0].name = renamed;
    to.columns[0].renamed_from = "a";
    to.checks[0].expr = raw("b > 100");
    to.indexes[0].parts[0].expr = raw("b + 100");

    Shapes s;
    s.from.tables = {from};
    s.to.tables = {to};
    canonicalize(s.from);
    canonicalize(s.to);
    return s;
}

struct Dropped {
    std::string check, index;
};

Dropped dropped(const Shapes& s, const diff::DiffDriver& driver) {
    Dropped out;
    for (const auto& change : diff::diff(s.from, s.to, driver).changes) {
        if (const auto* c = std::get_if<diff::DropCheck>(&change))
            out.check = c->check.expr.text;
        if (const auto* i = std::get_if<diff::DropIndex>(&change))
            out.index = i->index.parts.at(0).expr->text;
    }
    return out;
}

} // namespace

TEST(DiffQuoting, MysqlBackquotesARenamedColumnInChecksAndIndexExpressions) {
    auto s = renamed_in("select", "a > 0", "a + 1");
    auto d = dropped(s, mysql::MysqlDiffDriver{});
    EXPECT_EQ(d.check, "`select` > 0");
    EXPECT_EQ(d.index, "`select` + 1");
}

TEST(DiffQuoting, MysqlDoublesABackquoteInsideTheNewName) {
    auto s = renamed_in("we`ird", "`a` > 0 and a < 10", "`a` + a");
    auto d = dropped(s, mysql::MysqlDiffDriver{});
    EXPECT_EQ(d.check, "`we``ird` > 0 and `we``ird` < 10");
    EXPECT_EQ(d.index, "`we``ird` + `we``ird`");
}

TEST(DiffQuoting, MysqlReadsABackquotedOldNameWithADoubledBackquote) {
    Shapes s = renamed_in("fresh", "a > 0", "a + 1");
    s.from.tables[0].columns[0].name = "o`ld";
    s.from.tables[0].checks[0].expr = raw("`o``ld` > 0");
    s.to.tables[0].columns[0].renamed_from = "o`ld";
    auto d = dropped(s, mysql::MysqlDiffDriver{});
    EXPECT_EQ(d.check, "`fresh` > 0"); // quoted in, quoted out
}

// In MySQL's default sql_mode "a" is a string, not the column.
TEST(DiffQuoting, MysqlLeavesADoubleQuotedStringAlone) {
    auto s = renamed_in("select", "a <> \"a\"", "a + 1");
    EXPECT_EQ(dropped(s, mysql::MysqlDiffDriver{}).check, "`select` <> \"a\"");
}

// The planner wraps the dialect's driver; the wrapper must keep the dialect's quoting.
TEST(DiffQuoting, RespelledDriverQuotesAsTheDialectItWraps) {
    auto s = renamed_in("select", "a > 0", "a + 1");
    mysql::MysqlDiffDriver inner;
    diff::RespelledDriver respelled(inner, s.to, s.to);
    EXPECT_EQ(dropped(s, respelled).check, "`select` > 0");
}

TEST(DiffQuoting, PostgresDoublesADoubleQuoteInsideTheNewName) {
    auto s = renamed_in("my\"col", "\"a\" > 0 and a < 10", "a + 1");
    auto d = dropped(s, postgres::PgDiffDriver{});
    EXPECT_EQ(d.check, "\"my\"\"col\" > 0 and \"my\"\"col\" < 10");
    EXPECT_EQ(d.index, "\"my\"\"col\" + 1");
}

TEST(DiffQuoting, SqliteDoubleQuotesAReservedNewName) {
    auto s = renamed_in("from", "a > 0", "a + 1");
    auto d = dropped(s, sqlite::SqliteDiffDriver{});
    EXPECT_EQ(d.check, "\"from\" > 0");
    EXPECT_EQ(d.index, "\"from\" + 1");
}

// A plain new name stays unquoted in every dialect: the mapped text is also compared with
// the desired side's, which spells it plain.
TEST(DiffQuoting, APlainNewNameStaysUnquoted) {
    auto s = renamed_in("fresh", "a > 0", "a + 1");
    EXPECT_EQ(dropped(s, mysql::MysqlDiffDriver{}).check, "fresh > 0");
    EXPECT_EQ(dropped(s, postgres::PgDiffDriver{}).check, "fresh > 0");
}
