// Hiding a tombstone's foreign keys in its stored CREATE TABLE text, and bringing them back.

#include "dialects/sqlite/sqlite_ddl_reader.h"
#include "dialects/sqlite/sqlite_tombstone_keys.h"

#include <gtest/gtest.h>

using namespace stepwise::sqlite;

namespace {

TEST(TombstoneKeys, HidesAColumnKeyToTheParentOnly) {
    std::string sql = "CREATE TABLE z (id integer PRIMARY KEY, a integer CONSTRAINT za "
                      "REFERENCES alpha (code) ON DELETE CASCADE NOT NULL, b integer "
                      "REFERENCES beta (id))";
    std::string hidden = hide_references(sql, "alpha");
    auto read = read_create_table(hidden).table;
    ASSERT_EQ(read.foreign_keys.size(), 1u);
    EXPECT_EQ(read.foreign_keys[0].ref_table, "beta");
    EXPECT_FALSE(read.find_column("a")->nullable); // NOT NULL after the key stays
    EXPECT_EQ(unhide_references(hidden), sql);
}

TEST(TombstoneKeys, HidesTableKeysWithTheirCommaAndQuotedNames) {
    std::string sql = "CREATE TABLE \"x\"\"y\" (\n  id integer,\n  \"o*/\" integer,\n"
                      "  CONSTRAINT \"k\" FOREIGN KEY (\"o*/\") REFERENCES \"Order \"\"Items\" "
                      "(id),\n  CONSTRAINT pk PRIMARY KEY (id)\n)";
    std::string hidden = hide_references(sql, "order \"items"); // names compare as SQLite does
    auto read = read_create_table(hidden).table;
    EXPECT_TRUE(read.foreign_keys.empty());
    ASSERT_TRUE(read.primary_key);
    EXPECT_EQ(read.primary_key->columns, std::vector<std::string>{"id"});
    EXPECT_EQ(unhide_references(hidden), sql);
}

TEST(TombstoneKeys, LeavesTextItCannotReadAlone) {
    std::string sql = "CREATE TABLE t (a integer REFERENCES p (a)";
    EXPECT_EQ(hide_references(sql, "p"), sql);
    EXPECT_EQ(unhide_references("CREATE TABLE t (a integer)"), "CREATE TABLE t (a integer)");
}

} // namespace
