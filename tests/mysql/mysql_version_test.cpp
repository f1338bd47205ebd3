// The server a MySQL-family plan is for: version strings as servers report them, and the
// flavour carried by each compile rather than kept by the dialect object.

#include "compiler/diff/differ.h"
#include "compiler/frontend/loader.h"
#include "dialects/common/connection.h"
#include "dialects/mysql/mysql_dialect.h"
#include "dialects/mysql/mysql_version.h"

#include <gtest/gtest.h>
#include <stdexcept>

using namespace stepwise;
using mysql::Flavour;
using mysql::parse_server_version;

namespace {

void expect_version(const std::string& text, Flavour flavour, int major, int minor, int patch) {
    auto v = parse_server_version(text);
    EXPECT_EQ(v.flavour, flavour) << text;
    EXPECT_EQ(v.major, major) << text;
    EXPECT_EQ(v.minor, minor) << text;
    EXPECT_EQ(v.patch, patch) << text;
}

TEST(MysqlServerVersion, ReadsMariadbStrings) {
    expect_version("10.11.6-MariaDB-0+deb12u1", Flavour::MariaDB, 10, 11, 6);
    expect_version("10.11.19-MariaDB-0+deb12u1", Flavour::MariaDB, 10, 11, 19);
    expect_version("11.4.2-MariaDB-log", Flavour::MariaDB, 11, 4, 2);
    expect_version("10.6.16-MariaDB", Flavour::MariaDB, 10, 6, 16);
    // The replication prefix older MariaDB servers send to old clients.
    expect_version("5.5.5-10.11.6-MariaDB-1:10.11.6+maria~ubu2204", Flavour::MariaDB, 10, 11, 6);
}

TEST(MysqlServerVersion, ReadsMysqlStrings) {
    expect_version("8.0.36", Flavour::MySQL, 8, 0, 36);
    expect_version("8.4.0-commercial", Flavour::MySQL, 8, 4, 0);
    expect_version("8.0.36-0ubuntu0.22.04.1", Flavour::MySQL, 8, 0, 36);
    expect_version("5.7.44-log", Flavour::MySQL, 5, 7, 44);
}

TEST(MysqlServerVersion, GarbageIsAnErrorQuotingTheText) {
    for (const char* text : {"", "MariaDB", "garbage", "8", "8.0", "8.0.", "v8.0.36", "8.0.36x",
                             "10.11.6 MariaDB", "1.2.3.4", "999999.1.1"}) {
        try {
            parse_server_version(text);
            ADD_FAILURE() << "'" << text << "' was read as a version";
        } catch (const std::invalid_argument& e) {
            EXPECT_NE(std::string(e.what()).find("'" + std::string(text) + "'"), std::string::npos)
                << e.what();
        }
    }
}

TEST(MysqlServerVersion, NoServerMeansMariadb1011) {
    auto v = mysql::server_for_compile("");
    EXPECT_EQ(v.flavour, Flavour::MariaDB);
    EXPECT_EQ(v.major, 10);
    EXPECT_EQ(v.minor, 11);
}

// One dialect object compiles for whichever server each compile names, in any order: nothing
// one compile (or connect) learns leaks into another.
class MysqlCompileFlavour : public ::testing::Test {
protected:
    std::string sql_for(const std::string& server_version) {
        auto from = frontend::parse_sources({{"from.schema", "table t { id bigint primary key\n"
                                                             "  a int }\n"}},
                                            dialect_->naming());
        auto to = frontend::parse_sources(
            {{"to.schema", "table t { id bigint primary key\n  a int\n  index t_a (a) }\n"}},
            dialect_->naming());
        dialect::CompileOptions options;
        options.plan_id = "p1";
        options.server_version = server_version;
        std::string all;
        for (const auto& step :
             dialect_->compile(diff::diff(from, to, dialect_->diff_driver()), from, to, options)
                 .ordered())
            for (const auto& sql : step.up)
                all += sql + "\n";
        return all;
    }
    std::unique_ptr<dialect::Dialect> dialect_ = mysql::make_mysql_dialect();
};

TEST_F(MysqlCompileFlavour, EachCompileUsesItsOwnServer) {
    std::string maria = sql_for("10.11.6-MariaDB-0+deb12u1");
    std::string mysql8 = sql_for("8.0.36");
    std::string offline = sql_for("");
    std::string maria_again = sql_for("11.4.2-MariaDB-log");
    EXPECT_NE(maria.find("IF NOT EXISTS"), std::string::npos) << maria;
    EXPECT_EQ(mysql8.find("IF NOT EXISTS"), std::string::npos) << mysql8;
    EXPECT_EQ(offline, maria);
    EXPECT_EQ(maria_again, maria);
}

TEST_F(MysqlCompileFlavour, AnUnreadableServerVersionStopsTheCompile) {
    try {
        sql_for("not a version");
        FAIL() << "compiled for an unreadable server version";
    } catch (const dialect::DatabaseError& e) {
        EXPECT_NE(std::string(e.what()).find("'not a version'"), std::string::npos) << e.what();
    }
}

} // namespace
