// `stepwise verify` on PostgreSQL as a user runs it: a scratch database on the same throwaway
// server, the proof run there, the target untouched, the scratch dropped.

#include "dialects/common/url.h"
#include "dialects/postgres/pg_dialect.h"
#include "tests/acceptance/case_runner.h"
#include "tests/postgres/pg_server.h"
#include "tests/property/verify_fixture.h"

#include <csignal>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using stepwise::testing::PgServer;
using stepwise::testing::run_stepwise;

namespace {

class PgVerifyTest : public stepwise::testing::VerifyFixture {
protected:
    void SetUp() override {
        STEPWISE_REQUIRE_PG();
        name_ = database_name(true);
        open(dialect_, PgServer::instance().create_database(name_), "pgverify");
        admin_ =
            dialect_.connect(stepwise::dialect::parse_url(PgServer::instance().url("postgres")));
    }
    void TearDown() override {
        db_.reset();
        if (!name_.empty() && PgServer::instance().running())
            PgServer::instance().drop_database(name_);
        close();
    }
    // Every row of a table, sorted, one a line.
    std::string rows(const std::string& table) {
        auto rs = db_->query("SELECT t::text FROM " + table + " t ORDER BY 1");
        std::string out;
        for (const auto& r : rs.rows)
            out += r[0].value_or("NULL") + "\n";
        return out;
    }
    std::string tables() {
        auto rs = db_->query("SELECT table_name || ':' || column_name || ':' || data_type || ':' "
                             "|| is_nullable FROM information_schema.columns WHERE "
                             "table_schema = 'public' ORDER BY 1");
        std::string out;
        for (const auto& r : rs.rows)
            out += r[0].value_or("NULL") + "\n";
        return out;
    }
    // Scratch databases left on the server.
    std::string leftovers() {
        auto rs =
            admin_->query("SELECT string_agg(datname, ' ') FROM pg_database WHERE datname LIKE "
                          "'stepwise\\_verify\\_%'");
        return rs.rows.empty() ? "" : rs.rows[0][0].value_or("");
    }

    stepwise::postgres::PgDialect dialect_;
    std::string name_;
    std::unique_ptr<stepwise::dialect::Connection> admin_;
};

const char* kStart = "CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL, nick text);"
                     "INSERT INTO users VALUES (1, 'a@x', 'ann'), (2, 'b@x', NULL), "
                     "(3, 'a@x', 'cy');";

TEST_F(PgVerifyTest, ProvesAPlanUpAndDownAndLeavesTheTargetAlone) {
    db_->execute(kStart);
    auto schema = write("app.schema", "table users {\n  id int primary key\n  email text not "
                                      "null\n  nick text\n  age int\n  note text not null "
                                      "default 'none'\n}\n");
    auto before = tables() + rows("users");
    auto r = run_stepwise({"verify", "--url", url_, "--schema", schema, "--sample", "10"});
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("scratch database stepwise_verify_"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("Verified"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("up ok"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("down ok"), std::string::npos) << r.output;
    EXPECT_EQ(r.output.find("not run"), std::string::npos) << r.output;
    EXPECT_EQ(tables() + rows("users"), before) << "verify changed the target database";
    EXPECT_EQ(leftovers(), "") << "the scratch database was not dropped";
}

// Duplicate emails: a unique key holds on the empty copy and fails on the sample.
TEST_F(PgVerifyTest, SampleRowsCanRefuteWhatTheSchemaAloneProves) {
    db_->execute(kStart);
    auto schema = write("app.schema", "table users {\n  id int primary key\n  email text not "
                                      "null unique\n  nick text\n}\n");
    auto schema_only = run_stepwise({"verify", "--url", url_, "--schema", schema});
    EXPECT_EQ(schema_only.exit_code, 0) << schema_only.output;
    EXPECT_NE(schema_only.output.find("schema only"), std::string::npos) << schema_only.output;

    auto sampled = run_stepwise({"verify", "--url", url_, "--schema", schema, "--sample", "5"});
    EXPECT_EQ(sampled.exit_code, 1) << sampled.output;
    EXPECT_NE(sampled.output.find("up failed"), std::string::npos) << sampled.output;
    EXPECT_NE(sampled.output.find("Not verified"), std::string::npos) << sampled.output;
    EXPECT_EQ(leftovers(), "") << "the scratch database was not dropped after a failure";
}

// A sample of one row per table: the child row whose parent was not copied is left out.
TEST_F(PgVerifyTest, SampleKeepsForeignKeysConsistent) {
    db_->execute("CREATE TABLE \"Order Items\" (id int PRIMARY KEY, note text);"
                 "CREATE TABLE lines (id int PRIMARY KEY, item int REFERENCES \"Order Items\" "
                 "(id), qty int);"
                 "INSERT INTO \"Order Items\" VALUES (1, 'one'), (2, 'two');"
                 "INSERT INTO lines VALUES (1, 2, 5), (2, 1, 7);");
    auto schema =
        write("app.schema", "table \"Order Items\" {\n  id int primary key\n  note text not null "
                            "backfill (coalesce(note, 'none'))\n}\n"
                            "table lines {\n  id int primary key\n  item int references \"Order "
                            "Items\" (id)\n  qty bigint\n}\n");
    auto r = run_stepwise({"verify", "--url", url_, "--schema", schema, "--sample", "1"});
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("1 sampled row left out"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("Verified"), std::string::npos) << r.output;
    EXPECT_EQ(leftovers(), "");
}

// A down that does not give the rows back: the backfill that fills the NULLs of an existing
// column before NOT NULL is declared Irreversible on PostgreSQL (its rollback keeps 'anon'
// in row 2). With a sample verify must say so; without rows it cannot.
TEST_F(PgVerifyTest, CatchesADownThatDoesNotRestoreTheRows) {
    db_->execute(kStart);
    auto schema = write("app.schema", "table users {\n  id int primary key\n  email text not "
                                      "null\n  nick text not null backfill (coalesce(nick, "
                                      "'anon'))\n}\n");
    auto schema_only = run_stepwise({"verify", "--url", url_, "--schema", schema});
    EXPECT_EQ(schema_only.exit_code, 0) << schema_only.output;
    auto sampled = run_stepwise({"verify", "--url", url_, "--schema", schema, "--sample", "5"});
    EXPECT_EQ(sampled.exit_code, 1) << sampled.output;
    EXPECT_NE(sampled.output.find("after down, the rows differ from the start"), std::string::npos)
        << sampled.output;
    EXPECT_NE(sampled.output.find("Not verified"), std::string::npos) << sampled.output;
    EXPECT_EQ(leftovers(), "");
}

TEST_F(PgVerifyTest, ARoleThatMayNotCreateDatabasesGetsAClearError) {
    db_->execute(kStart);
    admin_->execute("DROP ROLE IF EXISTS verify_nocreate");
    admin_->execute("CREATE ROLE verify_nocreate LOGIN NOCREATEDB PASSWORD 'S3cret-pw'");
    auto schema = write("app.schema", "table users {\n  id int primary key\n  email text not "
                                      "null\n  nick text\n  age int\n}\n");
    std::string url = url_;
    url.replace(url.find("postgres@"), 9, "verify_nocreate:S3cret-pw@");
    auto r = run_stepwise({"verify", "--url", url, "--schema", schema});
    admin_->execute("DROP ROLE IF EXISTS verify_nocreate");
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_NE(r.output.find("CREATEDB"), std::string::npos) << r.output;
    EXPECT_EQ(r.output.find("S3cret-pw"), std::string::npos) << "the password was printed";
    EXPECT_EQ(leftovers(), "");
}

TEST_F(PgVerifyTest, NothingToVerifyWhenTheTargetMatches) {
    db_->execute(kStart);
    auto schema = write("app.schema", "table users {\n  id int primary key\n  email text not "
                                      "null\n  nick text\n}\n");
    auto r = run_stepwise({"verify", "--url", url_, "--schema", schema});
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("Nothing to verify"), std::string::npos) << r.output;
    EXPECT_EQ(leftovers(), "");
}

// Ctrl-C while the sample is being copied (50 000 rows, one INSERT each: many seconds): the
// watcher drops the scratch database and the command exits with 130.
TEST_F(PgVerifyTest, CtrlCDropsTheScratchDatabase) {
    db_->execute("CREATE TABLE big (id int PRIMARY KEY, v text);"
                 "INSERT INTO big SELECT g, 'v' || g FROM generate_series(1, 50000) g;");
    auto schema = write("app.schema", "table big {\n  id int primary key\n  v text\n  w int\n}\n");
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        int null = ::open("/dev/null", O_WRONLY);
        ::dup2(null, 1);
        ::dup2(null, 2);
        ::execl(STEPWISE_BINARY, STEPWISE_BINARY, "verify", "--url", url_.c_str(), "--schema",
                schema.c_str(), "--sample", "50000", static_cast<char*>(nullptr));
        std::_Exit(127);
    }
    // Wait for the scratch database to exist (at most 60 s), then interrupt.
    for (int i = 0; i < 600 && leftovers().empty(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    std::string during = leftovers();
    ::kill(pid, SIGINT);
    int status = 0;
    ::waitpid(pid, &status, 0);
    EXPECT_NE(during, "") << "verify never created its scratch database";
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 128 + SIGINT);
    EXPECT_EQ(leftovers(), "") << "the scratch database outlived Ctrl-C";
}

} // namespace

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    ::testing::AddGlobalTestEnvironment(new stepwise::testing::PgServerEnvironment);
    return RUN_ALL_TESTS();
}
