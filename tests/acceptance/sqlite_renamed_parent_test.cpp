// A table created in a plan whose parent has its table and its referenced key column renamed
// in the same plan (tests/cases/sqlite/create_table_referencing_renamed_table_and_key checks
// the end state): between the expand and the contract, while the parent still has its old
// name and columns, the new child must accept writes that reference existing parent rows and
// refuse the others; after the contract it references the new names.

#include "dialects/sqlite/sqlite_connection.h"
#include "tests/acceptance/case_runner.h"
#include "tests/acceptance/resume_kill_loop.h"
#include "tests/acceptance/scratch_dir.h"

#include <gtest/gtest.h>

using stepwise::sqlite::SqliteConnection;
using stepwise::testing::dump_rows;
using stepwise::testing::run_stepwise;

namespace {

const char* kTarget = R"(table accounts renamed from clients {
  account_id int  primary key renamed from id
  name       text not null
}
table invoices {
  id         int primary key
  account_id int not null references accounts (account_id) on delete cascade
  total      int
}
)";

class SqliteRenamedParent : public stepwise::testing::ScratchDirTest {};

TEST_F(SqliteRenamedParent, ANewChildTakesWritesBeforeTheParentsRename) {
    std::string db = (dir_ / "app.db").string();
    {
        SqliteConnection c(db);
        c.execute("CREATE TABLE clients (id integer PRIMARY KEY, name text NOT NULL)");
        c.execute("INSERT INTO clients VALUES (1, 'ann'), (2, 'bob')");
    }
    std::vector<std::string> apply{
        "apply", "--url",  "sqlite://" + db, "--schema", write("t.schema", kTarget),
        "--yes", "--quiet"};
    for (const char* h : {"LongRunning", "AppIncompatible", "TableRewrite", "DataLoss"})
        apply.insert(apply.end(), {"--allow-hazard", h});
    auto r = run_stepwise(apply);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    {
        SqliteConnection c(db);
        ASSERT_EQ(
            dump_rows(c, "SELECT name FROM sqlite_master WHERE name IN ('clients', 'accounts')"),
            "clients\n")
            << "the parent was renamed before the contract";
        c.execute("PRAGMA foreign_keys = ON");
        EXPECT_NO_THROW(c.execute("INSERT INTO invoices VALUES (1, 2, 10)"));
        EXPECT_THROW(c.execute("INSERT INTO invoices VALUES (2, 99, 5)"),
                     stepwise::dialect::DatabaseError);
    }
    apply.push_back("--contract");
    r = run_stepwise(apply);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    SqliteConnection c(db);
    EXPECT_EQ(
        dump_rows(c, "SELECT \"table\", \"from\", \"to\" FROM pragma_foreign_key_list('invoices')"),
        "accounts|account_id|account_id\n");
    EXPECT_EQ(dump_rows(c, "SELECT i.id, a.name FROM invoices i JOIN accounts a ON a.account_id = "
                           "i.account_id"),
              "1|bob\n");
    EXPECT_EQ(dump_rows(c, "PRAGMA foreign_key_check"), "");
}

} // namespace
