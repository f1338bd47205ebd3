#include <gtest/gtest.h>

#include "dialects/common/url.h"

using stepwise::dialect::parse_url;
using stepwise::dialect::UrlError;

TEST(Url, SqliteRelativeAndAbsolute) {
    EXPECT_EQ(parse_url("sqlite://dev.db").path, "dev.db");
    EXPECT_EQ(parse_url("sqlite:///var/lib/app.db").path, "/var/lib/app.db");
}

TEST(Url, PostgresWithSocketDirectory) {
    auto url = parse_url("postgres://app@localhost:5433/shop?host=/tmp/pg&sslmode=disable");
    EXPECT_EQ(url.scheme, "postgres");
    EXPECT_EQ(url.user, "app");
    EXPECT_EQ(url.host, "localhost");
    EXPECT_EQ(url.port, 5433);
    EXPECT_EQ(url.path, "shop");
    EXPECT_EQ(url.params.at("host"), "/tmp/pg");
    EXPECT_EQ(url.params.at("sslmode"), "disable");
}

TEST(Url, PasswordIsDecodedButNeverPrinted) {
    auto url = parse_url("mysql://root:s%40cret@127.0.0.1:3307/app?socket=/tmp/my.sock");
    EXPECT_EQ(url.password, "s@cret");
    EXPECT_EQ(url.redacted().find("s@cret"), std::string::npos);
    EXPECT_EQ(url.redacted().find("s%40cret"), std::string::npos);
    EXPECT_NE(url.redacted().find("***"), std::string::npos);
}

TEST(Url, BadInputIsAClearError) {
    EXPECT_THROW(parse_url("dev.db"), UrlError);
    EXPECT_THROW(parse_url("oracle://x/y"), UrlError);
    EXPECT_THROW(parse_url("postgres://h:99999/db"), UrlError);
    EXPECT_THROW(parse_url("postgres://h:abc/db"), UrlError);
    EXPECT_THROW(parse_url("sqlite://"), UrlError);
    EXPECT_THROW(parse_url("postgres://h/db?x=%zz"), UrlError);
}

TEST(Url, ErrorsDoNotEchoThePassword) {
    try {
        parse_url("postgres://u:hunter2@h:bad/db");
        FAIL() << "expected an error";
    } catch (const UrlError& e) {
        EXPECT_EQ(std::string(e.what()).find("hunter2"), std::string::npos);
    }
}
