// Issue #10.4: failures that must end in a clear message, exit code 1 and nothing changed:
// a read-only database file, a database in a missing directory, a file that is no database,
// an unsupported URL parameter, a malformed stepwise.toml, an unknown --env, a schema path
// that does not exist; on PostgreSQL an unreachable server, a missing database and a role
// without CREATE. (MariaDB: mysql_failures_test.cpp; wrong passwords: passwords_test.cpp.)

#include "tests/acceptance/case_runner.h"
#include "tests/hostile/failure_expect.h"
#include "tests/hostile/target_db.h"
#include "tests/postgres/pg_server.h"

#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;
using stepwise::testing::CommandResult;
using stepwise::testing::run_stepwise;
using namespace stepwise::hostile;

namespace {

// Every file under `dir` with its bytes.
std::map<std::string, std::string> snapshot(const fs::path& dir) {
    std::map<std::string, std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (e.is_regular_file())
            out[e.path().string()] = stepwise::testing::read_text(e.path().string());
    return out;
}

class FailuresTest : public ::testing::Test {
protected:
    // A database at v1 with a row, and a v2 schema that would change it.
    void SetUp() override {
        db_path_ = (dir_.path() / "data" / "app.db").string();
        fs::create_directories(fs::path(db_path_).parent_path());
        v1_ = dir_.write("v1/users.schema", kUsersV1);
        v2_ = dir_.write("v2/users.schema", kUsersV2);
        auto r = run_stepwise({"apply", "--url", url(), "--schema", v1_, "--yes", "--quiet"});
        ASSERT_EQ(r.exit_code, 0) << r.output;
    }
    std::string url() const { return "sqlite://" + db_path_; }

    // Runs the command and requires exit 1, every `phrases` in the output, and no file
    // under the scratch directory changed, added or removed.
    CommandResult expect_clean_failure(const std::vector<std::string>& args,
                                       const std::vector<std::string>& phrases) {
        auto before = snapshot(dir_.path());
        auto r = expect_exit_1(args, phrases);
        auto after = snapshot(dir_.path());
        EXPECT_TRUE(before == after) << "the failed command changed files:\n" << r.output;
        return r;
    }

    ScratchDir dir_;
    std::string db_path_, v1_, v2_;
};

// What a user without write permission hits. Root ignores file modes, so when the test runs
// as root the command runs as `nobody` (setpriv); the scratch directory is world-readable.
TEST_F(FailuresTest, ReadOnlyDatabaseFile) {
    std::vector<std::string> prefix;
    if (::geteuid() == 0) {
        if (!fs::exists("/usr/bin/setpriv"))
            GTEST_SKIP() << "running as root without setpriv: cannot drop the right to write";
        fs::permissions(dir_.path(), fs::perms::owner_all | fs::perms::group_read |
                                         fs::perms::group_exec | fs::perms::others_read |
                                         fs::perms::others_exec);
        prefix = {"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"};
        if (run_stepwise_as(prefix, {"--version"}).exit_code != 0)
            GTEST_SKIP() << "nobody cannot run the stepwise binary here";
    }
    fs::permissions(db_path_,
                    fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
    fs::permissions(fs::path(db_path_).parent_path(),
                    fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                        fs::perms::group_exec | fs::perms::others_read | fs::perms::others_exec);
    std::vector<std::string> args = {"apply", "--url", url(), "--schema", v2_, "--yes"};
    auto before = snapshot(dir_.path());
    auto r = run_stepwise_as(prefix, args);
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_NE(r.output.find(db_path_), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("read-only"), std::string::npos) << r.output;
    EXPECT_TRUE(before == snapshot(dir_.path())) << r.output;
    fs::permissions(fs::path(db_path_).parent_path(), fs::perms::owner_all);
    fs::permissions(db_path_, fs::perms::owner_read | fs::perms::owner_write);
}

TEST_F(FailuresTest, UrlParametersSqliteDoesNotTakeAreRefused) {
    // `mode=ro` would be a promise not to write that nothing keeps.
    expect_clean_failure({"apply", "--url", url() + "?mode=ro", "--schema", v2_, "--yes"},
                         {"mode", "sqlite"});
}

TEST_F(FailuresTest, DatabaseInAMissingDirectory) {
    auto missing = dir_.path() / "no" / "such" / "dir" / "app.db";
    expect_clean_failure({"plan", "--url", "sqlite://" + missing.string(), "--schema", v2_},
                         {(dir_.path() / "no" / "such" / "dir").string(), "does not exist"});
    expect_clean_failure(
        {"apply", "--url", "sqlite://" + missing.string(), "--schema", v2_, "--yes"},
        {"does not exist"});
}

TEST_F(FailuresTest, FileThatIsNoDatabase) {
    auto garbage = dir_.write("garbage.db", std::string(4096, '\x7f') + "not sqlite");
    expect_clean_failure({"apply", "--url", "sqlite://" + garbage, "--schema", v2_, "--yes"},
                         {garbage});
}

TEST_F(FailuresTest, MalformedConfigNamesLineAndColumn) {
    auto cfg = dir_.write("stepwise.toml", "[env.dev]\nurl = \"" + url() + "\"\nbatch_size = \n");
    expect_clean_failure({"--config", cfg, "apply", "--env", "dev", "--schema", v2_, "--yes"},
                         {cfg + ":3:"});
    auto wrong = dir_.write("wrong.toml", "[env.dev]\nurl = \"" + url() + "\"\nbatch = 5\n");
    expect_clean_failure({"--config", wrong, "apply", "--env", "dev", "--schema", v2_, "--yes"},
                         {wrong + ":3:", "error: unknown key 'batch'"});
}

TEST_F(FailuresTest, UnknownEnvironment) {
    auto cfg = dir_.write("stepwise.toml", "[env.dev]\nurl = \"" + url() + "\"\n");
    expect_clean_failure({"--config", cfg, "apply", "--env", "prod", "--schema", v2_, "--yes"},
                         {"unknown environment 'prod'", "dev"});
}

TEST_F(FailuresTest, SchemaPathThatDoesNotExist) {
    auto missing = (dir_.path() / "nope" / "users.schema").string();
    expect_clean_failure({"plan", "--url", url(), "--schema", missing}, {missing});
    expect_clean_failure({"apply", "--url", url(), "--schema", missing, "--yes"}, {missing});
}

TEST_F(FailuresTest, MissingConfigFileGivenExplicitly) {
    auto missing = (dir_.path() / "nope.toml").string();
    expect_clean_failure({"--config", missing, "status", "--env", "dev"}, {missing});
}

} // namespace

// PostgreSQL: the server-side failures (a wrong password: passwords_test.cpp, over TCP).
class PgFailuresTest : public ::testing::Test {
protected:
    void SetUp() override {
        for (const auto& kind : all_target_kinds())
            if (kind.name == "postgres")
                db_ = kind.make(dir_.path());
        if (!db_)
            GTEST_SKIP() << "no PostgreSQL target";
        schema_ = dir_.write("v1/users.schema", kUsersV1);
        auto r =
            run_stepwise({"apply", "--url", db_->url(), "--schema", schema_, "--yes", "--quiet"});
        ASSERT_EQ(r.exit_code, 0) << r.output;
        v2_ = dir_.write("v2/users.schema", kUsersV2);
    }
    int psql(const std::string& database, const std::string& sql) {
        auto& server = stepwise::testing::PgServer::instance();
        std::string out;
        int rc = stepwise::testing::run_command(server.bin("psql") + " " + server.client_args() +
                                                    " -d " + database +
                                                    " -v ON_ERROR_STOP=1 -qAt -c \"" + sql + "\"",
                                                &out);
        EXPECT_EQ(rc, 0) << sql << "\n" << out;
        return rc;
    }
    std::string database() const {
        auto url = db_->url();
        auto slash = url.rfind('/', url.find('?'));
        return url.substr(slash + 1, url.find('?') - slash - 1);
    }

    ScratchDir dir_;
    std::unique_ptr<TargetDb> db_;
    std::string schema_, v2_;
};

TEST_F(PgFailuresTest, UnreachableServer) {
    for (const char* url : {"postgres://app@127.0.0.1:1/shop",
                            "postgres://app@localhost:5999/shop?host=/nonexistent/dir"}) {
        auto r = run_stepwise({"apply", "--url", url, "--schema", v2_, "--yes"});
        EXPECT_EQ(r.exit_code, 1) << r.output;
        EXPECT_NE(r.output.find("cannot connect"), std::string::npos) << r.output;
        EXPECT_NE(r.output.find("check the URL"), std::string::npos) << r.output;
    }
}

TEST_F(PgFailuresTest, MissingDatabase) {
    auto url = db_->url();
    auto missing = url.replace(url.find(database()), database().size(), "no_such_database");
    auto r = run_stepwise({"apply", "--url", missing, "--schema", v2_, "--yes"});
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_NE(r.output.find("no_such_database"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("does not exist"), std::string::npos) << r.output;
}

// A role that may connect but not create: the apply fails at its first statement and the
// database is as it was, the tool's own tables included.
TEST_F(PgFailuresTest, RoleWithoutCreate) {
    std::string role = "hostile_weak_" + std::to_string(::getpid());
    psql(database(), "DROP ROLE IF EXISTS " + role + "; CREATE ROLE " + role + " LOGIN; " +
                         "GRANT USAGE ON SCHEMA stepwise TO " + role + "; " +
                         "GRANT SELECT ON ALL TABLES IN SCHEMA stepwise TO " + role + "; " +
                         "GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + role);
    auto url = db_->url();
    auto weak = url.replace(url.find("postgres@"), 8, role);
    auto before = db_->dump_everything();
    auto tables = db_->tables();
    auto columns = db_->columns("users");
    auto r = run_stepwise({"apply", "--url", weak, "--schema", v2_, "--yes"});
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_NE(r.output.find("permission denied"), std::string::npos) << r.output;
    EXPECT_EQ(db_->dump_everything(), before) << r.output;
    EXPECT_EQ(db_->tables(), tables);
    EXPECT_EQ(db_->columns("users"), columns);
}
