// Renamed columns written into expression text by the differ are quoted the way the dialect
// that runs the SQL reads them (compiler/diff/map_expr.cpp, DiffDriver::quote_ident).

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

const diff::DiffDriver& mysql_driver() {
    static const mysql::MysqlDiffDriver driver;
    return driver;
}
const diff::DiffDriver& postgres_driver() {
    static const postgres::PgDiffDriver driver;
    return driver;
}
const diff::DiffDriver& sqlite_driver() {
    static const sqlite::SqliteDiffDriver driver;
    return driver;
}

// `a` renamed to `renamed` in a check and an index expression, and what the diff drops.
struct Respelling {
    const char* name;
    const diff::DiffDriver& (*driver)();
    std::string renamed, check, index_expr;
    std::string want_check, want_index;
};

class DiffQuotingOf : public ::testing::TestWithParam<Respelling> {};

} // namespace

TEST_P(DiffQuotingOf, ARenamedColumnIsQuotedAsTheDialectReadsIt) {
    const Respelling& r = GetParam();
    auto d = dropped(renamed_in(r.renamed, r.check, r.index_expr), r.driver());
    EXPECT_EQ(d.check, r.want_check);
    EXPECT_EQ(d.index, r.want_index);
}

INSTANTIATE_TEST_SUITE_P(
    Dialects, DiffQuotingOf,
    ::testing::Values(Respelling{"MysqlBackquotesARenamedColumn", mysql_driver, "select", "a > 0",
                                 "a + 1", "`select` > 0", "`select` + 1"},
                      Respelling{"MysqlDoublesABackquoteInsideTheNewName", mysql_driver, "we`ird",
                                 "`a` > 0 and a < 10", "`a` + a",
                                 "`we``ird` > 0 and `we``ird` < 10", "`we``ird` + `we``ird`"},
                      // In MySQL's default sql_mode "a" is a string, not the column.
                      Respelling{"MysqlLeavesADoubleQuotedStringAlone", mysql_driver, "select",
                                 "a <> \"a\"", "a + 1", "`select` <> \"a\"", "`select` + 1"},
                      Respelling{"PostgresDoublesADoubleQuoteInsideTheNewName", postgres_driver,
                                 "my\"col", "\"a\" > 0 and a < 10", "a + 1",
                                 "\"my\"\"col\" > 0 and \"my\"\"col\" < 10", "\"my\"\"col\" + 1"},
                      Respelling{"SqliteDoubleQuotesAReservedNewName", sqlite_driver, "from",
                                 "a > 0", "a + 1", "\"from\" > 0", "\"from\" + 1"},
                      // A plain new name stays unquoted in every dialect: the mapped text is also
                      // compared with the desired side's, which spells it plain.
                      Respelling{"MysqlKeepsAPlainNewNameUnquoted", mysql_driver, "fresh", "a > 0",
                                 "a + 1", "fresh > 0", "fresh + 1"},
                      Respelling{"PostgresKeepsAPlainNewNameUnquoted", postgres_driver, "fresh",
                                 "a > 0", "a + 1", "fresh > 0", "fresh + 1"},
                      Respelling{"SqliteKeepsAPlainNewNameUnquoted", sqlite_driver, "fresh",
                                 "a > 0", "a + 1", "fresh > 0", "fresh + 1"}),
    [](const ::testing::TestParamInfo<Respelling>& info) { return std::string(info.param.name); });

TEST(DiffQuoting, MysqlReadsABackquotedOldNameWithADoubledBackquote) {
    Shapes s = renamed_in("fresh", "a > 0", "a + 1");
    s.from.tables[0].columns[0].name = "o`ld";
    s.from.tables[0].checks[0].expr = raw("`o``ld` > 0");
    s.to.tables[0].columns[0].renamed_from = "o`ld";
    auto d = dropped(s, mysql::MysqlDiffDriver{});
    EXPECT_EQ(d.check, "`fresh` > 0"); // quoted in, quoted out
}

// The planner wraps the dialect's driver; the wrapper must keep the dialect's quoting.
TEST(DiffQuoting, RespelledDriverQuotesAsTheDialectItWraps) {
    auto s = renamed_in("select", "a > 0", "a + 1");
    mysql::MysqlDiffDriver inner;
    diff::RespelledDriver respelled(inner, s.to, s.to);
    EXPECT_EQ(dropped(s, respelled).check, "`select` > 0");
}
