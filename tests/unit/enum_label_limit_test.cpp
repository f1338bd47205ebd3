// Enum labels are checked against the target dialect's own limit for labels, not its limit
// for names: PostgreSQL refuses labels over NAMEDATALEN - 1 = 63 bytes, MariaDB and MySQL
// take ENUM values of up to 255 characters, SQLite has no limit.

#include "compiler/frontend/loader.h"

#include <gtest/gtest.h>

using namespace stepwise;

namespace {

model::Catalog with_label(const std::string& label) {
    return frontend::parse_sources({{"e.schema", "\n  enum mood { 'ok', '" + label + "' }\n"}},
                                   model::NamingStyle::Postgres);
}

std::vector<frontend::Diagnostic> check_for(model::NamingStyle style, size_t name_limit,
                                            frontend::LengthUnit unit,
                                            const model::Catalog& catalog) {
    return frontend::check_identifier_lengths(catalog, name_limit, unit,
                                              frontend::enum_label_limit(style));
}

std::vector<frontend::Diagnostic> postgres(const model::Catalog& c) {
    return check_for(model::NamingStyle::Postgres, 63, frontend::LengthUnit::Bytes, c);
}
std::vector<frontend::Diagnostic> mysql(const model::Catalog& c) {
    return check_for(model::NamingStyle::MySQL, 64, frontend::LengthUnit::Characters, c);
}
std::vector<frontend::Diagnostic> sqlite(const model::Catalog& c) {
    return check_for(model::NamingStyle::SQLite, 0, frontend::LengthUnit::Bytes, c);
}

} // namespace

TEST(EnumLabelLimit, PostgresRefusesALabelOver63BytesAtTheEnum) {
    EXPECT_TRUE(postgres(with_label(std::string(63, 'a'))).empty());
    auto diags = postgres(with_label(std::string(64, 'a')));
    ASSERT_EQ(diags.size(), 1u);
    EXPECT_EQ(diags[0].file, "e.schema");
    EXPECT_EQ(diags[0].line, 2);
    EXPECT_EQ(diags[0].col, 3);
    EXPECT_NE(diags[0].message.find("label '" + std::string(64, 'a') + "' of enum mood"),
              std::string::npos)
        << diags[0].message;
    EXPECT_NE(diags[0].message.find("64 bytes"), std::string::npos) << diags[0].message;
    EXPECT_NE(diags[0].message.find("at most 63 bytes"), std::string::npos) << diags[0].message;
}

// 40 two-byte characters: 80 bytes, 40 characters.
TEST(EnumLabelLimit, PostgresCountsBytesMysqlCountsCharacters) {
    std::string accented;
    for (int i = 0; i < 40; ++i)
        accented += "\xC3\xA9";
    EXPECT_EQ(postgres(with_label(accented)).size(), 1u);
    EXPECT_TRUE(mysql(with_label(accented)).empty());
}

TEST(EnumLabelLimit, MysqlTakesLabelsLongerThanItsNamesUpTo255Characters) {
    EXPECT_TRUE(mysql(with_label(std::string(100, 'a'))).empty());
    EXPECT_TRUE(mysql(with_label(std::string(255, 'a'))).empty());
    auto diags = mysql(with_label(std::string(256, 'a')));
    ASSERT_EQ(diags.size(), 1u);
    EXPECT_NE(diags[0].message.find("256 characters"), std::string::npos) << diags[0].message;
    EXPECT_NE(diags[0].message.find("at most 255 characters"), std::string::npos)
        << diags[0].message;
}

TEST(EnumLabelLimit, SqliteHasNoLimit) {
    EXPECT_TRUE(sqlite(with_label(std::string(5000, 'a'))).empty());
}
