// Issue #10.2: hostile names and labels go through plan, apply, re-plan (empty) and rollback
// intact, through the stepwise binary, on every dialect; names read from a live catalog are
// as untrusted as names in a schema file.

#include "tests/acceptance/case_runner.h"
#include "tests/hostile/hostile_names.h"
#include "tests/hostile/target_db.h"

#include <algorithm>
#include <gtest/gtest.h>

namespace fs = std::filesystem;
using stepwise::testing::run_stepwise;
using namespace stepwise::hostile;
using namespace stepwise::hostile::names;

namespace {

const std::vector<std::string> kAllowAll = {"--allow-hazard",  "DataLoss",       "--allow-hazard",
                                            "TableRewrite",    "--allow-hazard", "BlockingLock",
                                            "--allow-hazard",  "LongRunning",    "--allow-hazard",
                                            "AppIncompatible", "--allow-hazard", "Irreversible"};

std::string enum_decl() {
    std::string out = "enum " + dsl_name(kMood) + " {";
    const char* sep = " ";
    for (const char* label : kLabels) {
        out += sep + dsl_text(label);
        sep = ", ";
    }
    return out + " }\n";
}

// What differs between dialects in the hostile schema: the longest name, the type of the
// indexed text columns (MySQL indexes no TEXT without a prefix length, and a prefix cannot
// be written for such names), and the raw SQL of the check (MySQL quotes names in
// backticks; double quotes make a string there).
struct Flavour {
    std::string long_column;
    std::string indexed_text = "text";
    std::string check = "(\"back\\slash\\\" >= 0)";
};

Flavour flavour_of(const std::string& dialect, const TargetDb& db) {
    Flavour f;
    f.long_column = long_name(db.max_identifier_length(), db.length_in_characters());
    if (dialect == "mariadb") {
        f.indexed_text = "varchar(200)";
        f.check = "(`back\\slash\\` >= 0)";
    }
    return f;
}

std::string v1_schema(const Flavour& f) {
    const std::string& long_column = f.long_column;
    return enum_decl() + "table " + dsl_name(kOrders) + " {\n" + //
           "  " + dsl_name(kId) + " bigint primary key\n" +      //
           "  " + dsl_name(kApostrophe) + " text not null default " + dsl_text("it's '' \\") +
           "\n" +                                                        //
           "  " + dsl_name(kBacktick) + " " + f.indexed_text + "\n" +    //
           "  " + dsl_name(kBackslash) + " int\n" +                      //
           "  " + dsl_name(kInjection) + " " + f.indexed_text + "\n" +   //
           "  " + dsl_name(kUnicode) + " " + f.indexed_text + "\n" +     //
           "  " + dsl_name(kControl) + " " + f.indexed_text + "\n" +     //
           "  " + dsl_name(kMoodColumn) + " " + dsl_name(kMood) + "\n" + //
           "  " + dsl_name(long_column) + " text\n" +                    //
           "  index " + dsl_name(kIndex) + " (" + dsl_name(kBacktick) + ", " + dsl_name(kUnicode) +
           ")\n" + //
           "  unique " + dsl_name(kUnique) + " (" + dsl_name(kInjection) + ")\n" + "  check " +
           dsl_name(kCheck) + " " + f.check + "\n" + "}\n" + //
           "table " + dsl_name(kSelect) + " {\n" +           //
           "  " + dsl_name(kId) + " int primary key\n" +     //
           "  " + dsl_name(kOrderRef) + " bigint\n" +        //
           "  foreign key " + dsl_name(kForeignKey) + " (" + dsl_name(kOrderRef) + ") references " +
           dsl_name(kOrders) + " (" + dsl_name(kId) + ")\n" + "}\n";
}

// v1 with every kind of change a hostile name can meet: an added column and index, a
// renamed column (a table rebuild on SQLite), a dropped check, a renamed table.
std::string v2_schema(const Flavour& f) {
    std::string s = v1_schema(f);
    auto replace = [&](const std::string& from, const std::string& to) {
        auto at = s.find(from);
        ASSERT_NE(at, std::string::npos) << from;
        s.replace(at, from.size(), to);
    };
    replace("  " + dsl_name(kBackslash) + " int\n",
            "  " + dsl_name(kBackslash + " 2") + " int renamed from " + dsl_name(kBackslash) +
                "\n  " + dsl_name("new \"col\"") + " text\n");
    replace("  check " + dsl_name(kCheck) + " " + f.check + "\n",
            "  index " + dsl_name("idx2 ` '") + " (" + dsl_name(kControl) + ")\n");
    replace("table " + dsl_name(kSelect) + " {",
            "table " + dsl_name("from") + " renamed from " + dsl_name(kSelect) + " {");
    return s;
}

class QuotingTest : public ::testing::TestWithParam<TargetKind> {
protected:
    void SetUp() override {
        db_ = GetParam().make(dir_.path());
        if (!db_)
            GTEST_SKIP() << GetParam().name << " is not available on this machine";
    }

    stepwise::testing::CommandResult apply(const std::string& schema, bool contract = true) {
        std::vector<std::string> args = {"apply", "--url", db_->url(), "--schema",
                                         schema,  "--yes", "--quiet"};
        if (contract)
            args.push_back("--contract");
        args.insert(args.end(), kAllowAll.begin(), kAllowAll.end());
        return run_stepwise(args);
    }
    int replan(const std::string& schema) {
        auto r =
            run_stepwise({"plan", "--url", db_->url(), "--schema", schema, "--detailed-exitcode"});
        EXPECT_NE(r.exit_code, 2) << "the second plan is not empty:\n" << r.output;
        return r.exit_code;
    }
    void insert_rows() {
        auto& c = db_->connection();
        int id = 1;
        for (const char* label : kLabels) {
            c.query("INSERT INTO " + db_->quote_ident(kOrders) + " (" + db_->quote_ident(kId) +
                        ", " + db_->quote_ident(kInjection) + ", " + db_->quote_ident(kMoodColumn) +
                        ") VALUES (" + db_->placeholder(1) + ", " + db_->placeholder(2) + ", " +
                        db_->placeholder(3) + ")",
                    {std::to_string(id), std::string("row ") + label, std::string(label)});
            ++id;
        }
    }

    ScratchDir dir_;
    std::unique_ptr<TargetDb> db_;
};

TEST_P(QuotingTest, HostileNamesSurvivePlanApplyReplanAndRollback) {
    auto flavour = flavour_of(GetParam().name, *db_);
    const std::string& long_column = flavour.long_column;
    auto v1 = dir_.write("v1/hostile.schema", v1_schema(flavour));
    ASSERT_EQ(run_stepwise({"validate", v1}).exit_code, 0) << v1_schema(flavour);

    auto first = apply(v1);
    ASSERT_EQ(first.exit_code, 0) << first.output;
    EXPECT_EQ(replan(v1), 0);
    EXPECT_EQ(db_->tables(), (std::vector<std::string>{kOrders, kSelect}));
    EXPECT_EQ(db_->columns(kOrders),
              (std::vector<std::string>{kId, kApostrophe, kBacktick, kBackslash, kInjection,
                                        kUnicode, kControl, kMoodColumn, long_column}));
    // (SQLite keeps a unique constraint in the table, not as a named index; the empty
    // re-plan shows its name came back whole.)
    std::vector<std::string> v1_indexes = {kIndex};
    if (GetParam().name != "sqlite")
        v1_indexes.push_back(kUnique);
    EXPECT_EQ(db_->indexes(kOrders), v1_indexes);

    // Every label is accepted as a value, and nothing else is.
    insert_rows();
    EXPECT_THROW(db_->connection().query("INSERT INTO " + db_->quote_ident(kOrders) + " (" +
                                             db_->quote_ident(kId) + ", " +
                                             db_->quote_ident(kMoodColumn) + ") VALUES (99, " +
                                             db_->placeholder(1) + ")",
                                         {std::string("it''s")}),
                 stepwise::dialect::DatabaseError);
    std::string v1_rows = db_->dump_user_rows();
    EXPECT_NE(v1_rows.find("row it's"), std::string::npos) << v1_rows;

    auto v2 = dir_.write("v2/hostile.schema", v2_schema(flavour));
    auto second = apply(v2);
    ASSERT_EQ(second.exit_code, 0) << second.output;
    EXPECT_EQ(replan(v2), 0);
    EXPECT_EQ(db_->tables(), (std::vector<std::string>{kOrders, "from"}));
    // Where a new column goes is the dialect's choice (PostgreSQL appends); names count.
    // A rename that goes through expand/contract (PostgreSQL: the renamed column is in an
    // index) leaves the old column as a tombstone until purge; the names users see count.
    auto v2_columns = db_->columns(kOrders);
    v2_columns.erase(
        std::remove_if(v2_columns.begin(), v2_columns.end(),
                       [](const std::string& c) { return c.rfind("_stepwise_dropped_", 0) == 0; }),
        v2_columns.end());
    std::vector<std::string> expected_v2 = {
        kId,        kApostrophe, kBacktick, kBackslash + " 2", "new \"col\"",
        kInjection, kUnicode,    kControl,  kMoodColumn,       long_column};
    std::sort(v2_columns.begin(), v2_columns.end());
    std::sort(expected_v2.begin(), expected_v2.end());
    EXPECT_EQ(v2_columns, expected_v2);
    auto v2_indexes = v1_indexes;
    v2_indexes.insert(v2_indexes.begin() + 1, "idx2 ` '");
    EXPECT_EQ(db_->indexes(kOrders), v2_indexes);

    auto back = run_stepwise({"rollback", "--url", db_->url(), "--yes", "--quiet"});
    ASSERT_EQ(back.exit_code, 0) << back.output;
    EXPECT_EQ(db_->tables(), (std::vector<std::string>{kOrders, kSelect}));
    EXPECT_EQ(db_->columns(kOrders),
              (std::vector<std::string>{kId, kApostrophe, kBacktick, kBackslash, kInjection,
                                        kUnicode, kControl, kMoodColumn, long_column}));
    EXPECT_EQ(replan(v1), 0);
    EXPECT_EQ(db_->dump_user_rows(), v1_rows);
}

TEST_P(QuotingTest, RollingBackTheFirstPlanLeavesNothing) {
    auto v1 = dir_.write("v1/hostile.schema", v1_schema(flavour_of(GetParam().name, *db_)));
    auto first = apply(v1);
    ASSERT_EQ(first.exit_code, 0) << first.output;
    auto back = run_stepwise({"rollback", "--url", db_->url(), "--yes", "--quiet"});
    ASSERT_EQ(back.exit_code, 0) << back.output;
    EXPECT_TRUE(db_->tables().empty());
}

// Names made by another tool, read back from the catalog: SQLite's other quoting styles,
// statement separators and comment markers inside names, and a victim table that a name
// spliced into SQL unquoted would drop.
TEST_P(QuotingTest, NamesFromTheCatalogAreUntrusted) {
    auto& c = db_->connection();
    c.execute("CREATE TABLE victim (id integer primary key, note text)");
    c.execute("INSERT INTO victim VALUES (1, 'still here')");
    if (GetParam().name == "sqlite") {
        // SQLite also takes [brackets], `backticks` and 'strings' as names.
        c.execute("CREATE TABLE [evil); DROP TABLE victim; --] (`id` integer primary key, "
                  "[a`b] text, \"c\"\"d\" text, 'e''f' text)");
        c.execute("CREATE INDEX `idx``x; DROP TABLE victim` ON [evil); DROP TABLE victim; --] "
                  "([a`b])");
    } else if (GetParam().name == "mariadb") {
        // Backticks only (double quotes make strings); an indexed column needs a length.
        c.execute("CREATE TABLE `evil); DROP TABLE victim; --` (id integer primary key, "
                  "`a``b` varchar(100), `c\"d` text, `e'f` text)");
        c.execute("CREATE INDEX `idx``x; DROP TABLE victim` ON "
                  "`evil); DROP TABLE victim; --` (`a``b`)");
    } else {
        c.execute("CREATE TABLE \"evil); DROP TABLE victim; --\" (id integer primary key, "
                  "\"a`b\" text, \"c\"\"d\" text, \"e'f\" text)");
        c.execute("CREATE INDEX \"idx`x; DROP TABLE victim\" ON "
                  "\"evil); DROP TABLE victim; --\" (\"a`b\")");
    }
    const std::string evil = "evil); DROP TABLE victim; --";

    auto inspected = (dir_.path() / "current.schema").string();
    auto ins = run_stepwise({"inspect", "--url", db_->url(), "-o", inspected});
    ASSERT_EQ(ins.exit_code, 0) << ins.output;
    EXPECT_EQ(replan(inspected), 0);

    // Change the hostile table: a new column and a rename (a table rebuild on SQLite).
    std::string text = stepwise::testing::read_text(inspected);
    auto at = text.find(dsl_name("c\"d"));
    ASSERT_NE(at, std::string::npos) << text;
    auto line_start = text.rfind('\n', at) + 1;
    auto line_end = text.find('\n', at);
    text.replace(line_start, line_end - line_start,
                 "  " + dsl_name("c\"d 2") + " text renamed from " + dsl_name("c\"d") + "\n  " +
                     dsl_name("added; --") + " text");
    auto desired = dir_.write("desired/evil.schema", text);
    ASSERT_EQ(run_stepwise({"validate", desired}).exit_code, 0) << text;

    auto r = apply(desired);
    ASSERT_EQ(r.exit_code, 0) << r.output << text;
    EXPECT_EQ(replan(desired), 0);
    // Where the new one goes is the dialect's choice; a renamed column's old copy may stay
    // as the tool's tombstone until `purge` (MySQL).
    std::vector<std::string> columns;
    for (const auto& c : db_->columns(evil))
        if (c.rfind("_stepwise_", 0) != 0)
            columns.push_back(c);
    std::sort(columns.begin(), columns.end());
    EXPECT_EQ(columns, (std::vector<std::string>{"a`b", "added; --", "c\"d 2", "e'f", "id"}));
    EXPECT_EQ(db_->indexes(evil), (std::vector<std::string>{"idx`x; DROP TABLE victim"}));
    EXPECT_EQ(db_->tables(), (std::vector<std::string>{evil, "victim"}));

    auto back = run_stepwise({"rollback", "--url", db_->url(), "--yes", "--quiet"});
    ASSERT_EQ(back.exit_code, 0) << back.output;
    EXPECT_EQ(db_->columns(evil), (std::vector<std::string>{"id", "a`b", "c\"d", "e'f"}));
    EXPECT_EQ(replan(inspected), 0);
    auto victim = c.query("SELECT note FROM victim");
    ASSERT_EQ(victim.rows.size(), 1u);
    EXPECT_EQ(*victim.rows[0][0], "still here");
}

// Over-long names: kept whole where the dialect has no limit, refused with a clear error
// (the file:line:col of the name and the limit) where it has one; never cut short.
TEST_P(QuotingTest, OverLongNamesAreKeptWholeOrAClearError) {
    size_t limit = db_->max_identifier_length();
    std::string name(limit ? limit + 1 : 4096, 'n');
    auto schema = dir_.write("long/t.schema",
                             "table t {\n  id int primary key\n  " + dsl_name(name) + " text\n}\n");
    auto r = apply(schema);
    if (limit) {
        EXPECT_EQ(r.exit_code, 1) << r.output;
        EXPECT_NE(r.output.find(schema + ":3:3: error: column name"), std::string::npos)
            << r.output;
        EXPECT_NE(r.output.find("at most " + std::to_string(limit)), std::string::npos);
        EXPECT_TRUE(db_->tables().empty());
        return;
    }
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_EQ(db_->columns("t"), (std::vector<std::string>{"id", name}));
    EXPECT_EQ(replan(schema), 0);
}

INSTANTIATE_TEST_SUITE_P(Dialects, QuotingTest, ::testing::ValuesIn(all_target_kinds()),
                         [](const auto& info) { return info.param.name; });

} // namespace
