// Issue #10.3: a password never appears in any output, error, plan file, state row or file
// a run leaves behind, whichever way it was given: in the URL (user:password@ or
// ?password=), in PGPASSWORD or MYSQL_PWD, or in stepwise.toml; on success and on failure.
// (passwords_test.cpp adds servers that check the password, and .pgpass.)

#include "tests/acceptance/case_runner.h"
#include "tests/hostile/target_db.h"

#include <cstdlib>
#include <gtest/gtest.h>

using stepwise::testing::CommandResult;
using stepwise::testing::run_stepwise;
using namespace stepwise::hostile;

namespace {

// Distinctive, with characters that URL-encoding, quoting or escaping would change.
const std::string kSecret = "Hunter2-s3cr3t'\"%x";
const std::string kSecretEncoded = "Hunter2-s3cr3t%27%22%25x"; // as written in a URL
const std::string kSecretCore = "Hunter2-s3cr3t";              // any form of it

const char* kSchema = "table users {\n  id int primary key\n  email text not null\n}\n";
const char* kSchemaV2 =
    "table users {\n  id int primary key\n  email text not null\n  name text\n}\n";

class SecretsTest : public ::testing::Test {
protected:
    void TearDown() override {
        ::unsetenv("PGPASSWORD");
        ::unsetenv("MYSQL_PWD");
    }

    // Runs stepwise and requires that no form of the secret appears in what it printed.
    CommandResult run(const std::vector<std::string>& args) {
        auto r = run_stepwise(args);
        std::string cmd;
        for (const auto& a : args)
            cmd += " " + a;
        EXPECT_EQ(r.output.find(kSecretCore), std::string::npos)
            << "stepwise" << cmd << " printed the password:\n"
            << r.output;
        EXPECT_EQ(r.output.find(kSecretEncoded), std::string::npos) << r.output;
        return r;
    }
    void expect_no_secret_left_in(const std::string& text, const std::string& what) {
        EXPECT_EQ(text.find(kSecretCore), std::string::npos) << what << " holds the password";
    }

    ScratchDir dir_;
};

// The password in PGPASSWORD / MYSQL_PWD and in the URL, on a database that works: every
// command, every rendering of the plan, the saved plan file, the state tables and every
// file left. On MariaDB the password is checked, so each way is seen to be used.
TEST_F(SecretsTest, NoPasswordInAnyOutputFileOrStateRowOfAFullRun) {
    for (const auto& kind : all_target_kinds()) {
        auto db = kind.make(dir_.path() / kind.name);
        if (!db)
            continue;
        ::setenv("PGPASSWORD", kSecret.c_str(), 1);
        ::setenv("MYSQL_PWD", kSecret.c_str(), 1);
        auto v1 = dir_.write(kind.name + "/v1/users.schema", kSchema);
        auto v2 = dir_.write(kind.name + "/v2/users.schema", kSchemaV2);
        // Where the dialect takes a password, the URL carries one too.
        auto url = db->url_with_password(kSecret);
        auto plan_file = (dir_.path() / (kind.name + "-plan.json")).string();
        std::vector<std::string> allow = {"--allow-hazard",  "TableRewrite",   "--allow-hazard",
                                          "AppIncompatible", "--allow-hazard", "DataLoss"};

        for (const char* format : {"text", "sql", "json", "dot"})
            EXPECT_EQ(run({"plan", "--url", url, "--schema", v1, "--format", format}).exit_code, 0);
        auto saved = run({"plan", "--url", url, "--schema", v1, "-o", plan_file});
        ASSERT_EQ(saved.exit_code, 0) << saved.output;
        auto applied = run({"apply", "--url", url, plan_file, "--yes"});
        ASSERT_EQ(applied.exit_code, 0) << applied.output;
        auto second = std::vector<std::string>{"apply", "--url", url,          "--schema",
                                               v2,      "--yes", "--contract", "--json"};
        second.insert(second.end(), allow.begin(), allow.end());
        auto contract = run(second);
        ASSERT_EQ(contract.exit_code, 0) << contract.output;
        run({"status", "--url", url});
        run({"status", "--url", url, "--json"});
        run({"inspect", "--url", url});
        run({"diff", url, v1});
        if (kind.name == "mariadb") {
            // The same user, the password from MYSQL_PWD alone.
            auto bare = url;
            bare.erase(bare.find(':' + kSecretEncoded), kSecretEncoded.size() + 1);
            ASSERT_EQ(bare.find(kSecretCore), std::string::npos) << bare;
            for (const char* format : {"text", "sql", "json"})
                EXPECT_EQ(run({"plan", "--url", bare, "--schema", v1, "--format", format,
                               "--detailed-exitcode"})
                              .exit_code,
                          2)
                    << "MYSQL_PWD was not used";
            EXPECT_EQ(run({"status", "--url", bare, "--json"}).exit_code, 0);
            EXPECT_EQ(run({"inspect", "--url", bare}).exit_code, 0);
        }
        auto back = run({"rollback", "--url", url, "--yes"});
        ASSERT_EQ(back.exit_code, 0) << back.output;
        run({"status", "--url", url});

        expect_no_secret_left_in(db->dump_everything(), kind.name + " state and user tables");
        expect_no_secret_left_in(read_tree(dir_.path()), "a file the run left behind");
    }
}

// A password in the URL or the config, on a target that cannot be reached or is not
// supported by this build: the errors must not echo it.
TEST_F(SecretsTest, NoPasswordInErrorsWhicheverWayItWasGiven) {
    auto schema = dir_.write("s/users.schema", kSchema);
    const std::vector<std::string> urls = {
        "postgres://app:" + kSecretEncoded + "@127.0.0.1:1/shop",
        "postgresql://app:" + kSecretEncoded + "@[::1]:1/shop?sslmode=disable",
        "postgres://app@127.0.0.1:1/shop?password=" + kSecretEncoded,
        "postgres://app@127.0.0.1:1/shop?sslpassword=" + kSecretEncoded,
        "mysql://root:" + kSecretEncoded + "@127.0.0.1:1/shop",
        "postgres://app:" + kSecretEncoded + "@127.0.0.1:notaport/shop", // bad port
        "postgres://app:" + kSecretEncoded + "%zz@127.0.0.1/shop",       // bad escape
        "postgress://app:" + kSecretEncoded + "@127.0.0.1/shop",         // unknown scheme
        "postgres:/app:" + kSecretEncoded + "@127.0.0.1/shop",           // not a URL
        "sqlite://" + (dir_.path() / "x.db").string() + "?password=" + kSecretEncoded,
    };
    for (const auto& url : urls) {
        for (std::vector<std::string> args :
             std::vector<std::vector<std::string>>{{"plan", "--schema", schema},
                                                   {"apply", "--schema", schema, "--yes"},
                                                   {"status"},
                                                   {"rollback", "--yes"},
                                                   {"inspect"}}) {
            auto with_url = args;
            with_url.insert(with_url.begin() + 1, {"--url", url});
            EXPECT_EQ(run(with_url).exit_code, 1) << url;

            // The same URL from stepwise.toml, through --env.
            auto config = dir_.write("stepwise.toml", "[env.prod]\nurl = \"" + url + "\"\n");
            auto with_env = args;
            with_env.insert(with_env.begin(), {"--config", config});
            with_env.insert(with_env.begin() + 3, {"--env", "prod"});
            EXPECT_EQ(run(with_env).exit_code, 1) << url;
        }
        // diff takes a path where a side is not a URL, and names the path it cannot read.
        if (url.find("://") != std::string::npos)
            run({"diff", url, schema});
    }
}

// A malformed stepwise.toml whose broken line holds the password.
TEST_F(SecretsTest, NoPasswordInConfigErrors) {
    const std::vector<std::string> configs = {
        "[env.prod]\nurl = postgres://app:" + kSecret + "@db/shop\n",       // unquoted
        "[env.prod]\nurl = \"postgres://app:" + kSecretCore + "@db/shop\n", // unterminated
        "[env.prod]\nurl = \"postgres://app:" + kSecretCore + "@db/shop\" x\n",
        "[env.prod]\npassword = \"" + kSecretCore + "\"\nurl = \"sqlite://x.db\"\n",
        "[env.prod]\nurl = [\"postgres://app:" + kSecretCore + "@db/shop\"]\n",
    };
    int n = 0;
    for (const auto& text : configs) {
        auto config = dir_.write("c" + std::to_string(n++) + ".toml", text);
        auto r = run({"--config", config, "status", "--env", "prod"});
        EXPECT_EQ(r.exit_code, 1) << text << r.output;
    }
}

} // namespace
