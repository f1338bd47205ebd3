// The differ's handling of expression text against what MariaDB really stores: a column
// renamed on the server must diff as the rename alone (the server carries it into the
// check), and parentheses that change precedence must diff as a changed check.

#include "compiler/diff/differ.h"
#include "dialects/mysql/mysql_dialect.h"
#include "dialects/mysql/mysql_inspect.h"
#include "tests/mysql/mysql_server.h"

#include <gtest/gtest.h>

using namespace stepwise;
using stepwise::testing::MysqlServer;

namespace {

model::Catalog inspect(const std::string& db) {
    mysql::MysqlConnection c(dialect::parse_url(MysqlServer::url(db)));
    return mysql::inspect_catalog(c);
}

void run(const std::string& db, const std::string& sql) {
    ASSERT_EQ(MysqlServer::client("USE " + db + "; " + sql), 0) << sql;
}

void fresh(const std::string& db, const std::string& sql) {
    ASSERT_EQ(MysqlServer::client("DROP DATABASE IF EXISTS " + db + "; CREATE DATABASE " + db +
                                  "; USE " + db + "; " + sql),
              0);
}

std::vector<std::string> kinds(const diff::ChangeSet& changes) {
    std::vector<std::string> out;
    for (const auto& c : changes.changes) {
        if (std::holds_alternative<diff::RenameColumn>(c))
            out.push_back("rename column");
        else if (std::holds_alternative<diff::DropCheck>(c))
            out.push_back("drop check");
        else if (std::holds_alternative<diff::AddCheck>(c))
            out.push_back("add check");
        else
            out.push_back("other");
    }
    return out;
}

} // namespace

// The catalog before and after the server renames the column: the desired side is exactly
// what MariaDB stores once the rename is done.
TEST(MysqlDiffExprs, ARenameNextToABackslashEscapedQuoteIsTheRenameAlone) {
    const std::string db = "dx_backslash";
    fresh(db, "CREATE TABLE t (id INT PRIMARY KEY, qty INT, note VARCHAR(40), "
              "CONSTRAINT t_c CHECK (note <> 'it\\'s qty' OR qty > 0))");
    auto before = inspect(db);
    ASSERT_EQ(before.tables.at(0).checks.size(), 1u);
    ASSERT_NE(before.tables[0].checks[0].expr.text.find("\\'"), std::string::npos)
        << "MariaDB spelt the literal without a backslash escape: "
        << before.tables[0].checks[0].expr.text;
    run(db, "ALTER TABLE t RENAME COLUMN qty TO amount");
    auto after = inspect(db);
    for (auto& c : after.tables[0].columns)
        if (c.name == "amount")
            c.renamed_from = "qty";
    auto changes = diff::diff(before, after, mysql::MysqlDiffDriver{});
    EXPECT_EQ(kinds(changes), (std::vector<std::string>{"rename column"}))
        << "stored check: " << after.tables[0].checks.at(0).expr.text;
}

TEST(MysqlDiffExprs, ParenthesesThatChangePrecedenceAreAChange) {
    const std::string db = "dx_parens";
    fresh(db, "CREATE TABLE t (id INT PRIMARY KEY, qty INT, "
              "CONSTRAINT t_c CHECK ((qty + 1) * 2 > 0))");
    auto before = inspect(db);
    run(db, "ALTER TABLE t DROP CONSTRAINT t_c; "
            "ALTER TABLE t ADD CONSTRAINT t_c CHECK (qty + 1 * 2 > 0)");
    auto after = inspect(db);
    EXPECT_EQ(kinds(diff::diff(before, after, mysql::MysqlDiffDriver{})),
              (std::vector<std::string>{"drop check", "add check"}));
}

// Redundant parentheses written by a person against MariaDB's own spelling of the same
// check: no change.
TEST(MysqlDiffExprs, RedundantParenthesesAreNoChange) {
    const std::string db = "dx_redundant";
    fresh(db, "CREATE TABLE t (id INT PRIMARY KEY, qty INT, "
              "CONSTRAINT t_c CHECK (((qty + 1) * 2) > 0))");
    auto before = inspect(db);
    run(db, "ALTER TABLE t DROP CONSTRAINT t_c; "
            "ALTER TABLE t ADD CONSTRAINT t_c CHECK ((qty + 1) * 2 > 0)");
    auto after = inspect(db);
    EXPECT_TRUE(diff::diff(before, after, mysql::MysqlDiffDriver{}).changes.empty())
        << before.tables[0].checks.at(0).expr.text << " vs "
        << after.tables[0].checks.at(0).expr.text;
}
