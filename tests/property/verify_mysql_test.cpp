// `stepwise verify` on MariaDB as a user runs it: a scratch database on the same throwaway
// server, the proof run there, the target untouched, the scratch dropped.

#include "dialects/mysql/mysql_dialect.h"
#include "tests/acceptance/case_runner.h"
#include "tests/mysql/mysql_server.h"
#include "tests/property/verify_fixture.h"

#include <gtest/gtest.h>

using stepwise::testing::MysqlServer;
using stepwise::testing::run_stepwise;

namespace {

class MysqlVerifyTest : public stepwise::testing::VerifyFixture {
protected:
    void SetUp() override {
        name_ = database_name(false);
        ASSERT_EQ(MysqlServer::client("DROP DATABASE IF EXISTS `" + name_ + "`; CREATE DATABASE `" +
                                      name_ + "`;"),
                  0);
        open(dialect_, MysqlServer::url(name_), "myverify");
    }
    void TearDown() override {
        db_.reset();
        MysqlServer::client("DROP DATABASE IF EXISTS `" + name_ + "`;");
        close();
    }
    // The table's definition and every row, to prove verify only reads the target.
    std::string table_state(const std::string& table) {
        std::string out;
        auto def = db_->query("SHOW CREATE TABLE `" + table + "`");
        out += def.rows.at(0).at(1).value_or("") + "\n";
        auto rs = db_->query("SELECT * FROM `" + table + "` ORDER BY 1");
        for (const auto& r : rs.rows) {
            for (const auto& v : r)
                out += v.value_or("NULL") + "|";
            out += "\n";
        }
        return out;
    }
    std::string leftovers() {
        auto rs = db_->query("SELECT GROUP_CONCAT(schema_name) FROM information_schema.schemata "
                             "WHERE schema_name LIKE 'stepwise\\_verify\\_%'");
        return rs.rows.empty() ? "" : rs.rows[0][0].value_or("");
    }

    stepwise::mysql::MysqlDialect dialect_;
    std::string name_;
};

const char* kStart = "CREATE TABLE users (id int PRIMARY KEY, email varchar(100) NOT NULL, nick "
                     "text);"
                     "INSERT INTO users VALUES (1, 'a@x', 'ann'), (2, 'b@x', NULL), "
                     "(3, 'a@x', 'cy');";

TEST_F(MysqlVerifyTest, ProvesAPlanUpAndDownAndLeavesTheTargetAlone) {
    db_->execute(kStart);
    auto schema = write("app.schema", "table users {\n  id int primary key\n  email "
                                      "varchar(100) not null\n  nick text\n  age int\n  note "
                                      "text not null default 'none'\n}\n");
    auto before = table_state("users");
    auto r = run_stepwise({"verify", "--url", url_, "--schema", schema, "--sample", "10"});
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("scratch database stepwise_verify_"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("Verified"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("down ok"), std::string::npos) << r.output;
    EXPECT_EQ(r.output.find("not run"), std::string::npos) << r.output;
    EXPECT_EQ(table_state("users"), before) << "verify changed the target database";
    EXPECT_EQ(leftovers(), "") << "the scratch database was not dropped";
}

// Duplicate emails: a unique key holds on the empty copy and fails on the sample.
TEST_F(MysqlVerifyTest, SampleRowsCanRefuteWhatTheSchemaAloneProves) {
    db_->execute(kStart);
    auto schema = write("app.schema", "table users {\n  id int primary key\n  email "
                                      "varchar(100) not null unique\n  nick text\n}\n");
    auto schema_only = run_stepwise({"verify", "--url", url_, "--schema", schema});
    EXPECT_EQ(schema_only.exit_code, 0) << schema_only.output;

    auto sampled = run_stepwise({"verify", "--url", url_, "--schema", schema, "--sample", "5"});
    EXPECT_EQ(sampled.exit_code, 1) << sampled.output;
    EXPECT_NE(sampled.output.find("up failed"), std::string::npos) << sampled.output;
    EXPECT_NE(sampled.output.find("Not verified"), std::string::npos) << sampled.output;
    EXPECT_EQ(leftovers(), "") << "the scratch database was not dropped after a failure";
}

TEST_F(MysqlVerifyTest, AUserThatMayNotCreateDatabasesGetsAClearError) {
    db_->execute(kStart);
    ASSERT_EQ(MysqlServer::client("DROP USER IF EXISTS 'verify_nocreate'@'localhost';"
                                  "CREATE USER 'verify_nocreate'@'localhost' IDENTIFIED BY "
                                  "'S3cret-pw';"
                                  "GRANT ALL ON `" +
                                  name_ + "`.* TO 'verify_nocreate'@'localhost';"),
              0);
    auto schema = write("app.schema", "table users {\n  id int primary key\n  email "
                                      "varchar(100) not null\n  nick text\n  age int\n}\n");
    std::string url = url_;
    url.replace(url.find("root@"), 5, "verify_nocreate:S3cret-pw@");
    auto r = run_stepwise({"verify", "--url", url, "--schema", schema});
    MysqlServer::client("DROP USER IF EXISTS 'verify_nocreate'@'localhost';");
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_NE(r.output.find("may not"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("GRANT CREATE"), std::string::npos) << r.output;
    EXPECT_EQ(r.output.find("S3cret-pw"), std::string::npos) << "the password was printed";
    EXPECT_EQ(leftovers(), "");
}

} // namespace

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    ::testing::AddGlobalTestEnvironment(new MysqlServer);
    return RUN_ALL_TESTS();
}
