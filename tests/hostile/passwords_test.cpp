// Issue #10.4, a wrong password for real: servers that check passwords (PostgreSQL over TCP
// with scram-sha-256, a MariaDB user IDENTIFIED BY one). The right password works whichever
// way it is given (the URL, PGPASSWORD / MYSQL_PWD, .pgpass); a wrong or missing one ends in
// exit 1 with a clear message that holds neither password, and nothing changed.

#include "dialects/postgres/pg_dialect.h"
#include "tests/acceptance/case_runner.h"
#include "tests/hostile/failure_expect.h"
#include "tests/hostile/target_db.h"
#include "tests/postgres/pg_server.h"

#include <cctype>
#include <cstdlib>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

using stepwise::testing::CommandResult;
using stepwise::testing::run_stepwise;
using namespace stepwise::hostile;

namespace {

// Both with characters that quoting, URL-encoding or escaping would change; neither holds
// ':' (a .pgpass separator) so the file needs only backslashes escaped.
const std::string kRight = "Right-pässwörd 'q' \"dq\" \\ %20;";
const std::string kWrong = "Wrong-pässwörd 'q' \"dq\" \\ %20;";
const std::string kRightCore = "Right-p";
const std::string kWrongCore = "Wrong-p";

std::string url_encode(const std::string& text) {
    const char* digits = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.')
            out += static_cast<char>(c);
        else
            out += std::string("%") + digits[c >> 4] + digits[c & 15];
    }
    return out;
}

// Environment variables set for one test, unset at its end.
class Env {
public:
    ~Env() {
        for (const auto& name : names_)
            ::unsetenv(name.c_str());
    }
    void set(const std::string& name, const std::string& value) {
        ::setenv(name.c_str(), value.c_str(), 1);
        names_.push_back(name);
    }
    void unset(const std::string& name) { ::unsetenv(name.c_str()); }

private:
    std::vector<std::string> names_;
};

class PasswordsTest : public ::testing::Test {
protected:
    // Runs stepwise; neither password, in any form, may appear in what it printed.
    CommandResult run(const std::vector<std::string>& args) {
        auto r = run_stepwise(args);
        for (const auto& core : {kRightCore, kWrongCore, url_encode(kRight), url_encode(kWrong)})
            EXPECT_EQ(r.output.find(core), std::string::npos) << "printed a password:\n"
                                                              << r.output;
        EXPECT_EQ(r.output.find("terminate called"), std::string::npos) << r.output;
        return r;
    }
    // Every command that connects, with `url`: exit 1, every phrase, nothing changed.
    void expect_refused(const std::string& url, const std::vector<std::string>& phrases) {
        auto before = db_->dump_everything();
        for (std::vector<std::string> args :
             std::vector<std::vector<std::string>>{{"apply", "--schema", v2_, "--yes"},
                                                   {"plan", "--schema", v2_},
                                                   {"status"},
                                                   {"rollback", "--yes"}}) {
            args.insert(args.begin() + 1, {"--url", url});
            auto r = run(args);
            EXPECT_EQ(r.exit_code, 1) << args[0] << ":\n" << r.output;
            for (const auto& p : phrases)
                EXPECT_NE(r.output.find(p), std::string::npos)
                    << args[0] << ": missing '" << p << "' in\n"
                    << r.output;
        }
        EXPECT_EQ(db_->dump_everything(), before);
        EXPECT_EQ(db_->columns("users"), (std::vector<std::string>{"id", "email"}));
    }
    void expect_no_password_left() {
        auto everything = db_->dump_everything();
        EXPECT_EQ(everything.find(kRightCore), std::string::npos) << everything;
        EXPECT_EQ(everything.find(kWrongCore), std::string::npos) << everything;
        std::filesystem::remove(dir_.path() / "pgpass"); // written by the test itself
        auto files = read_tree(dir_.path());
        EXPECT_EQ(files.find(kWrongCore), std::string::npos);
    }

    ScratchDir dir_;
    std::unique_ptr<TargetDb> db_;
    std::string v1_, v2_;
    Env env_;
};

// A role that owns its database and logs in over 127.0.0.1 with a scram-sha-256 password.
class PgPasswordsTest : public PasswordsTest {
protected:
    void SetUp() override {
        for (const auto& kind : all_target_kinds())
            if (kind.name == "postgres")
                db_ = kind.make(dir_.path());
        if (!db_)
            FAIL() << "no PostgreSQL target (see above)";
        auto& server = stepwise::testing::PgServer::instance();
        ASSERT_TRUE(server.passwords_over_tcp())
            << "hostile_main asks the PostgreSQL server to check passwords over TCP";
        // libpq reads ~/.pgpass unless told otherwise: only this test's file counts.
        env_.set("PGPASSFILE", (dir_.path() / "no-such-pgpass").string());
        env_.unset("PGPASSWORD");

        auto url = db_->url();
        auto slash = url.rfind('/', url.find('?'));
        database_ = url.substr(slash + 1, url.find('?') - slash - 1);
        role_ = "pw_" + database_;
        auto pg = stepwise::postgres::make_postgres_dialect();
        auto& c = db_->connection();
        c.execute("DROP ROLE IF EXISTS " + pg->quote_ident(role_));
        c.execute("CREATE ROLE " + pg->quote_ident(role_) + " LOGIN PASSWORD " +
                  pg->quote_literal(kRight));
        c.execute("ALTER DATABASE " + pg->quote_ident(database_) + " OWNER TO " +
                  pg->quote_ident(role_));
        c.execute("ALTER SCHEMA public OWNER TO " + pg->quote_ident(role_));

        v1_ = dir_.write("v1/users.schema", kUsersV1);
        v2_ = dir_.write("v2/users.schema", kUsersV2);
        auto r = run({"apply", "--url", tcp_url(kRight), "--schema", v1_, "--yes", "--quiet"});
        ASSERT_EQ(r.exit_code, 0) << r.output;
    }
    void TearDown() override {
        if (!db_)
            return;
        db_.reset(); // drops the database the role owns
        stepwise::testing::run_command(stepwise::testing::PgServer::instance().bin("psql") + " " +
                                       stepwise::testing::PgServer::instance().client_args() +
                                       " -d postgres -qAt -c 'DROP ROLE IF EXISTS \"" + role_ +
                                       "\"'");
    }
    // Over TCP, where the password is checked; `password` empty: none in the URL.
    std::string tcp_url(const std::string& password) const {
        return "postgres://" + role_ + (password.empty() ? "" : ":" + url_encode(password)) +
               "@127.0.0.1:" + std::to_string(stepwise::testing::PgServer::instance().port()) +
               "/" + database_;
    }
    std::string write_pgpass(const std::string& password) {
        std::string escaped;
        for (char c : password)
            escaped += c == '\\' ? std::string("\\\\") : std::string(1, c);
        auto path = dir_.write(
            "pgpass",
            "127.0.0.1:" + std::to_string(stepwise::testing::PgServer::instance().port()) + ":" +
                database_ + ":" + role_ + ":" + escaped + "\n");
        ::chmod(path.c_str(), 0600); // libpq ignores a file others can read
        return path;
    }

    std::string database_, role_;
};

TEST_F(PgPasswordsTest, TheRightPasswordWorksWhicheverWayItIsGiven) {
    auto in_url = run({"plan", "--url", tcp_url(kRight), "--schema", v2_, "--detailed-exitcode"});
    EXPECT_EQ(in_url.exit_code, 2) << in_url.output;

    env_.set("PGPASSWORD", kRight);
    auto in_env = run({"plan", "--url", tcp_url(""), "--schema", v2_, "--detailed-exitcode"});
    EXPECT_EQ(in_env.exit_code, 2) << in_env.output;
    env_.unset("PGPASSWORD");

    env_.set("PGPASSFILE", write_pgpass(kRight));
    auto in_file = run({"apply", "--url", tcp_url(""), "--schema", v2_, "--yes"});
    ASSERT_EQ(in_file.exit_code, 0) << in_file.output;
    EXPECT_EQ(db_->columns("users"), (std::vector<std::string>{"id", "email", "name"}));
    EXPECT_EQ(run({"status", "--url", tcp_url("")}).exit_code, 0);
    expect_no_password_left();
}

TEST_F(PgPasswordsTest, AWrongOrMissingPasswordEndsCleanlyAndChangesNothing) {
    const std::vector<std::string> phrases = {"cannot connect", "password authentication failed",
                                              "check the URL"};
    expect_refused(tcp_url(kWrong), phrases);

    env_.set("PGPASSWORD", kWrong);
    expect_refused(tcp_url(""), phrases);
    // The URL's password wins over the right one in the environment.
    env_.set("PGPASSWORD", kRight);
    expect_refused(tcp_url(kWrong), phrases);
    env_.unset("PGPASSWORD");

    env_.set("PGPASSFILE", write_pgpass(kWrong));
    expect_refused(tcp_url(""), phrases);

    env_.set("PGPASSFILE", (dir_.path() / "no-such-pgpass").string());
    expect_refused(tcp_url(""), {"cannot connect", "no password supplied", "check the URL"});
    expect_no_password_left();
}

// A MariaDB user with every right on its database and a password (root has none).
class MysqlPasswordsTest : public PasswordsTest {
protected:
    void SetUp() override {
        for (const auto& kind : all_target_kinds())
            if (kind.name == "mariadb")
                db_ = kind.make(dir_.path());
        if (!db_)
            FAIL() << "no MariaDB target (see above)";
        env_.unset("MYSQL_PWD");
        with_password_ = db_->url_with_password(kRight);
        auto colon = with_password_.find(':', std::string("mysql://").size());
        auto at = with_password_.find('@');
        user_url_ = with_password_.substr(0, colon) + with_password_.substr(at);
        v1_ = dir_.write("v1/users.schema", kUsersV1);
        v2_ = dir_.write("v2/users.schema", kUsersV2);
        auto r = run({"apply", "--url", with_password_, "--schema", v1_, "--yes", "--quiet"});
        ASSERT_EQ(r.exit_code, 0) << r.output;
    }
    std::string with_url_password(const std::string& password) const {
        auto at = user_url_.find('@');
        return user_url_.substr(0, at) + ":" + url_encode(password) + user_url_.substr(at);
    }

    std::string with_password_, user_url_;
};

TEST_F(MysqlPasswordsTest, TheRightPasswordWorksWhicheverWayItIsGiven) {
    auto in_url = run({"plan", "--url", with_password_, "--schema", v2_, "--detailed-exitcode"});
    EXPECT_EQ(in_url.exit_code, 2) << in_url.output;

    env_.set("MYSQL_PWD", kRight);
    auto in_env = run({"apply", "--url", user_url_, "--schema", v2_, "--yes"});
    ASSERT_EQ(in_env.exit_code, 0) << in_env.output;
    EXPECT_EQ(db_->columns("users"), (std::vector<std::string>{"id", "email", "name"}));
    EXPECT_EQ(run({"status", "--url", user_url_}).exit_code, 0);
    expect_no_password_left();
}

TEST_F(MysqlPasswordsTest, AWrongOrMissingPasswordEndsCleanlyAndChangesNothing) {
    expect_refused(with_url_password(kWrong),
                   {"cannot connect", "Access denied", "using password: YES", "MYSQL_PWD"});

    env_.set("MYSQL_PWD", kWrong);
    expect_refused(user_url_, {"cannot connect", "Access denied", "using password: YES"});
    // The URL's password wins over the right one in the environment.
    env_.set("MYSQL_PWD", kRight);
    expect_refused(with_url_password(kWrong), {"cannot connect", "Access denied"});
    env_.unset("MYSQL_PWD");

    expect_refused(user_url_, {"cannot connect", "Access denied", "using password: NO"});
    expect_no_password_left();
}

} // namespace
