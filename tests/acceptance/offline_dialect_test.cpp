// `stepwise validate` and `stepwise fmt` bind names as plan does for the target's dialect:
// --dialect, else --env / --url, else the config's environments, else PostgreSQL.

#include "tests/acceptance/case_runner.h"
#include "tests/acceptance/scratch_dir.h"

#include <gtest/gtest.h>

using stepwise::testing::read_text;
using stepwise::testing::run_stepwise;

namespace {

// MySQL names an unnamed single-column unique key after its column, so `email text unique`
// and `unique email (id)` clash there; PostgreSQL calls the first users_email_key.
const char* kClash = "table users {\n  id int primary key\n  email text unique\n"
                     "  unique email (id)\n}\n";
// Canonical for MySQL, whose default name for the key would be `email`; with PostgreSQL's
// naming users_email_key is the default and fmt would move it inline.
const char* kNamedKey = "table users {\n  id    int  primary key\n  email text\n\n"
                        "  unique users_email_key (email)\n}\n";

class OfflineDialect : public stepwise::testing::ScratchDirTest {
protected:
    // No stepwise.toml in the working directory may decide for the test.
    void SetUp() override {
        ScratchDirTest::SetUp();
        none_ = write("none.toml", "");
    }

    std::string none_;
};

TEST_F(OfflineDialect, ValidateNamesAsTheChosenDialect) {
    auto schema = write("clash.schema", kClash);
    auto pg = run_stepwise({"--config", none_, "validate", schema});
    EXPECT_EQ(pg.exit_code, 0) << pg.output;
    for (std::vector<std::string> how : {std::vector<std::string>{"--dialect", "mysql"},
                                         {"--url", "mysql://app@db.example/shop"}}) {
        std::vector<std::string> args{"--config", none_, "validate"};
        args.insert(args.end(), how.begin(), how.end());
        args.push_back(schema);
        auto r = run_stepwise(args);
        EXPECT_EQ(r.exit_code, 1) << how[0] << "\n" << r.output;
        EXPECT_NE(r.output.find(schema + ":4:10: error: duplicate constraint or index name "
                                         "'email' in table users"),
                  std::string::npos)
            << r.output;
    }
    auto sqlite = run_stepwise({"--config", none_, "validate", "--dialect", "sqlite", schema});
    EXPECT_EQ(sqlite.exit_code, 0) << sqlite.output;
}

TEST_F(OfflineDialect, TheConfigDecidesWithoutAnOption) {
    auto schema = write("clash.schema", kClash);
    auto mysql = write("mysql.toml", "[env.dev]\nurl = \"mysql://app@db.example/shop\"\n"
                                     "[env.prod]\nurl = \"mysql://app@prod.example/shop\"\n");
    auto by_env = run_stepwise({"--config", mysql, "validate", "--env", "dev", schema});
    EXPECT_EQ(by_env.exit_code, 1) << by_env.output;
    auto by_config = run_stepwise({"--config", mysql, "validate", schema});
    EXPECT_EQ(by_config.exit_code, 1) << by_config.output;
    EXPECT_NE(by_config.output.find("duplicate constraint or index name 'email'"),
              std::string::npos)
        << by_config.output;
    // Environments of different dialects decide nothing: PostgreSQL, as before.
    auto mixed = write("mixed.toml", "[env.dev]\nurl = \"sqlite://dev.db\"\n"
                                     "[env.prod]\nurl = \"mysql://app@prod.example/shop\"\n");
    auto r = run_stepwise({"--config", mixed, "validate", schema});
    EXPECT_EQ(r.exit_code, 0) << r.output;
    auto pinned = run_stepwise({"--config", mixed, "validate", "--env", "prod", schema});
    EXPECT_EQ(pinned.exit_code, 1) << pinned.output;
}

TEST_F(OfflineDialect, FmtKeepsWhatTheDialectWouldRename) {
    auto file = write("users.schema", kNamedKey);
    auto mysql = run_stepwise({"--config", none_, "fmt", "--check", "--dialect", "mysql", file});
    EXPECT_EQ(mysql.exit_code, 0) << mysql.output;
    auto pg = run_stepwise({"--config", none_, "fmt", "--check", file});
    EXPECT_EQ(pg.exit_code, 1) << pg.output;
    EXPECT_EQ(read_text(file), kNamedKey);

    // A primary key keeps MySQL's own name PRIMARY inline rather than spelled out.
    auto inline_key = write("inline.schema", "table t {\n  id int primary key\n}\n");
    auto r = run_stepwise({"--config", none_, "fmt", "--dialect", "mysql", inline_key});
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_EQ(read_text(inline_key), "table t {\n  id int primary key\n}\n");
}

TEST_F(OfflineDialect, BadChoicesAreErrors) {
    auto schema = write("ok.schema", "table t {\n  id int primary key\n}\n");
    auto unknown = run_stepwise({"--config", none_, "validate", "--dialect", "oracle", schema});
    EXPECT_EQ(unknown.exit_code, 1) << unknown.output;
    EXPECT_NE(unknown.output.find("unknown dialect 'oracle' (give sqlite, postgres or mysql)"),
              std::string::npos)
        << unknown.output;
    auto both = run_stepwise(
        {"--config", none_, "fmt", "--dialect", "mysql", "--url", "sqlite://x.db", schema});
    EXPECT_EQ(both.exit_code, 1) << both.output;
    EXPECT_NE(both.output.find("give either --dialect or a target"), std::string::npos)
        << both.output;
    auto env = run_stepwise({"--config", none_, "validate", "--env", "nope", schema});
    EXPECT_EQ(env.exit_code, 1) << env.output;
    EXPECT_NE(env.output.find("unknown environment 'nope'"), std::string::npos) << env.output;
}

} // namespace
