// Prefix indexes on columns whose names are not plain words: the DSL writes the column
// backquoted inside the part (`(`Last Seen`(8))`), the index is created on that column, and
// reading it back gives the same part, so a second plan is empty.

#include "compiler/diff/differ.h"
#include "compiler/frontend/loader.h"
#include "compiler/model/printer.h"
#include "compiler/plan/plan.h"
#include "dialects/mysql/mysql_dialect.h"
#include "runtime/executor.h"
#include "tests/mysql/mysql_server.h"

#include <gtest/gtest.h>

using namespace stepwise;
using stepwise::testing::MysqlServer;

namespace {

TEST(MysqlPrefixIndex, QuotedColumnNamesRoundTrip) {
    const std::string name = "prefix_quoted";
    ASSERT_EQ(MysqlServer::client("DROP DATABASE IF EXISTS `" + name + "`; CREATE DATABASE `" +
                                  name + "`"),
              0);
    auto dialect = mysql::make_mysql_dialect();
    auto conn = dialect->connect(dialect::parse_url(MysqlServer::url(name)));
    auto desired = frontend::parse_sources({{"desired.schema", R"(table notes {
  id          int primary key
  "Last Seen" varchar(40)
  "odd`name"  text
  index notes_seen_idx ((`Last Seen`(8)))
  index notes_odd_idx ((`odd``name`(12)) desc)
}
)"}},
                                           dialect->naming());
    auto from = dialect->inspect(*conn);
    plan::Plan p;
    p.dialect = dialect->name();
    p.from_fingerprint = model::fingerprint(from);
    p.to_fingerprint = model::fingerprint(desired);
    p.id = plan::make_plan_id(p.from_fingerprint, p.to_fingerprint);
    dialect::CompileOptions options;
    options.plan_id = p.id;
    p.steps =
        dialect->compile(diff::diff(from, desired, dialect->diff_driver()), from, desired, options)
            .ordered();
    runtime::QuietReporter quiet;
    runtime::ApplyOptions apply;
    apply.contract = true;
    runtime::Executor(*dialect, *conn, quiet).apply(p, apply);

    auto parts = conn->query("SELECT index_name, column_name, sub_part FROM "
                             "information_schema.statistics WHERE table_schema = DATABASE() AND "
                             "table_name = 'notes' AND index_name <> 'PRIMARY' ORDER BY 1");
    ASSERT_EQ(parts.rows.size(), 2u);
    EXPECT_EQ(parts.rows[0][1], dialect::Value("odd`name"));
    EXPECT_EQ(parts.rows[0][2], dialect::Value("12"));
    EXPECT_EQ(parts.rows[1][1], dialect::Value("Last Seen"));
    EXPECT_EQ(parts.rows[1][2], dialect::Value("8"));
    auto again = diff::diff(dialect->inspect(*conn), desired, dialect->diff_driver());
    EXPECT_TRUE(again.changes.empty()) << "a second plan is not empty";
    MysqlServer::client("DROP DATABASE IF EXISTS `" + name + "`");
}

} // namespace
