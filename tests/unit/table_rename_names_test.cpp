// Indexes and constraints named for a renamed table's old name follow the rename
// (diff::RenameTable::objects) instead of being dropped and added.

#include "compiler/diff/differ.h"
#include "compiler/frontend/loader.h"
#include "compiler/model/naming.h"

#include <algorithm>
#include <gtest/gtest.h>
#include <tuple>

using namespace stepwise;
using Kind = diff::ObjectRename::Kind;

namespace {

const char* kPeople = R"(table teams {
  id bigint primary key
}
table people {
  id      bigint primary key
  email   text not null unique
  team_id bigint references teams (id)
  age     int check (age >= 0)
  name    text

  index (name)
}
)";

model::Catalog parse(const std::string& text, model::NamingStyle style) {
    return frontend::parse_sources({{"t.schema", text}}, style);
}

std::string renamed(std::string text, const std::string& extra_member = "") {
    text.replace(text.find("table people {"), 14, "table persons renamed from people {");
    if (!extra_member.empty())
        text.replace(text.rfind("}"), 1, extra_member + "\n}");
    return text;
}

std::vector<std::string> describe_all(const diff::ChangeSet& cs) {
    std::vector<std::string> out;
    for (const auto& c : cs.changes)
        out.push_back(diff::describe(c));
    return out;
}

} // namespace

TEST(TableRenameNames, FollowTableRenameOnlyTakesNamesStartingWithTheTable) {
    EXPECT_EQ(model::follow_table_rename("people_pkey", "people", "persons"), "persons_pkey");
    EXPECT_EQ(model::follow_table_rename("people_ibfk_1", "people", "persons"), "persons_ibfk_1");
    EXPECT_EQ(model::follow_table_rename("PRIMARY", "people", "persons"), std::nullopt);
    EXPECT_EQ(model::follow_table_rename("peoplex_key", "people", "persons"), std::nullopt);
    EXPECT_EQ(model::follow_table_rename("people_", "people", "persons"), std::nullopt);
    EXPECT_EQ(model::follow_table_rename("people_pkey", "people", "people"), std::nullopt);
}

TEST(TableRenameNames, PostgresDefaultNamesFollowAsOneRename) {
    auto from = parse(kPeople, model::NamingStyle::Postgres);
    auto to = parse(renamed(kPeople), model::NamingStyle::Postgres);
    auto cs = diff::diff(from, to);
    ASSERT_EQ(cs.changes.size(), 1u) << ::testing::PrintToString(describe_all(cs));
    const auto& r = std::get<diff::RenameTable>(cs.changes[0]);
    EXPECT_EQ(r.from, "people");
    EXPECT_EQ(r.to, "persons");
    std::vector<std::tuple<Kind, std::string, std::string>> got,
        want = {
            {Kind::PrimaryKey, "people_pkey", "persons_pkey"},
            {Kind::Unique, "people_email_key", "persons_email_key"},
            {Kind::Index, "people_name_idx", "persons_name_idx"},
            {Kind::ForeignKey, "people_team_id_fkey", "persons_team_id_fkey"},
            {Kind::Check, "people_age_check", "persons_age_check"},
        };
    for (const auto& o : r.objects)
        got.emplace_back(o.kind, o.from, o.to);
    EXPECT_EQ(got, want);
}

TEST(TableRenameNames, MysqlOnlyTableDerivedNamesFollow) {
    auto from = parse(kPeople, model::NamingStyle::MySQL);
    auto to = parse(renamed(kPeople), model::NamingStyle::MySQL);
    auto cs = diff::diff(from, to);
    ASSERT_EQ(cs.changes.size(), 1u) << ::testing::PrintToString(describe_all(cs));
    const auto& r = std::get<diff::RenameTable>(cs.changes[0]);
    ASSERT_EQ(r.objects.size(), 2u);
    EXPECT_EQ(r.objects[0].from, "people_ibfk_1");
    EXPECT_EQ(r.objects[0].to, "persons_ibfk_1");
    EXPECT_EQ(r.objects[1].from, "people_chk_1");
    EXPECT_EQ(r.objects[1].to, "persons_chk_1");
}

TEST(TableRenameNames, AChangedDefinitionIsStillADropAndAnAdd) {
    auto from = parse(kPeople, model::NamingStyle::Postgres);
    std::string text = renamed(kPeople);
    text.replace(text.find("check (age >= 0)"), 16, "check (age >= 18)");
    auto to = parse(text, model::NamingStyle::Postgres);
    auto cs = diff::diff(from, to);
    auto described = describe_all(cs);
    const auto& r = std::get<diff::RenameTable>(cs.changes.at(0));
    for (const auto& o : r.objects)
        EXPECT_NE(o.from, "people_age_check");
    EXPECT_EQ(r.objects.size(), 4u);
    EXPECT_NE(
        std::find(described.begin(), described.end(), "drop check people_age_check on persons"),
        described.end())
        << ::testing::PrintToString(described);
}

TEST(TableRenameNames, ANameTheDesiredSideKeepsDoesNotFollow) {
    auto from = parse(kPeople, model::NamingStyle::Postgres);
    std::string text = renamed(kPeople);
    text.replace(text.find("  index (name)"), 14, "  index people_name_idx (name)");
    auto to = parse(text, model::NamingStyle::Postgres);
    auto cs = diff::diff(from, to);
    ASSERT_EQ(cs.changes.size(), 1u) << ::testing::PrintToString(describe_all(cs));
    for (const auto& o : std::get<diff::RenameTable>(cs.changes[0]).objects)
        EXPECT_NE(o.from, "people_name_idx");
}
