// The compiler against a real database: apply every step's up (with its backfill and checks),
// compare the inspected schema with the target, then every down in reverse and compare with
// the start, rows included. ChangeSets are written by hand, independent of the differ.

#include "compiler/model/printer.h"
#include "dialects/sqlite/sqlite_connection.h"
#include "dialects/sqlite/sqlite_ddl.h"
#include "dialects/sqlite/sqlite_dialect.h"
#include "tests/unit/sqlite_test_util.h"

#include <gtest/gtest.h>

namespace stepwise::sqlite {
namespace {

using model::Expr;
using K = model::Expr::Kind;
using TK = model::TypeKind;
using Rows = std::vector<dialect::Row>;

model::Column col(std::string name, TK kind, bool nullable = true) {
    model::Column c;
    c.name = std::move(name);
    c.type.kind = kind;
    c.nullable = nullable;
    return c;
}

void run_statements(SqliteConnection& c, const std::vector<std::string>& sql, bool tx) {
    if (tx)
        c.begin();
    for (const auto& s : sql)
        c.execute(s);
    if (tx)
        c.commit();
}

void run_backfill(SqliteConnection& c, const plan::Backfill& bf, int size) {
    auto max = c.query(bf.max_key_sql).rows.at(0).at(0);
    if (!max)
        return;
    dialect::Value cursor;
    for (int guard = 0; guard < 10000; ++guard) {
        auto next = c.query(bf.next_key_sql, {cursor, max, std::to_string(size)});
        dialect::Value last = next.rows.empty() ? max : next.rows[0][0];
        c.begin();
        c.query(bf.batch_sql, {cursor, last});
        c.commit();
        cursor = last;
        if (last == max)
            return;
    }
    FAIL() << "backfill did not finish";
}

void run_up(SqliteConnection& c, const plan::Step& s) {
    SCOPED_TRACE(s.id);
    run_statements(c, s.up, s.transactional);
    if (s.backfill)
        run_backfill(c, *s.backfill, 2);
    for (const auto& check : s.checks)
        EXPECT_TRUE(c.query(check).rows.empty()) << s.id << ": " << check;
}

Rows rows(SqliteConnection& c, const std::string& sql) {
    return c.query(sql).rows;
}

model::Catalog canon(model::Catalog c) {
    model::canonicalize(c);
    return c;
}

struct Case {
    model::Catalog from, to;
    diff::ChangeSet changes;
    std::string seed;        // rows for the start
    std::string probe;       // a query whose rows must survive up+down unchanged
    std::string after_probe; // optional: query on the target after up
    Rows after_expected;     // its expected rows
    std::function<void(SqliteConnection&, const plan::Step&)> between; // after each up
    std::optional<Rows> back_expected; // the probe after the downs, when not the start's rows
};

std::vector<plan::Step> run_case(Case k) {
    k.from = canon(k.from);
    k.to = canon(k.to);
    TempDb db;
    SqliteConnection c(db.path());
    for (const auto& t : k.from.tables) {
        c.execute(render_create_table(t, k.from));
        for (const auto& i : t.indexes)
            c.execute(render_create_index(t.name, i));
    }
    c.execute(k.seed);
    Rows before = rows(c, k.probe);
    SqliteDialect d;
    dialect::CompileOptions opts;
    opts.plan_id = "p1";
    auto steps = d.compile(k.changes, k.from, k.to, opts).ordered();
    for (const auto& s : steps) {
        // A step that changes nothing but data in place (a backfill of a column its own
        // expand added) or only checks has nothing to undo.
        if (!s.up.empty())
            EXPECT_FALSE(s.down.empty()) << s.id << " has no down";
        run_up(c, s);
        if (k.between)
            k.between(c, s);
    }
    model::Catalog after = d.inspect(c);
    EXPECT_TRUE(model::same_schema(after, k.to)) << "after up:\n"
                                                 << model::print_catalog(after) << "\nwanted:\n"
                                                 << model::print_catalog(k.to);
    if (!k.after_probe.empty())
        EXPECT_EQ(rows(c, k.after_probe), k.after_expected);
    for (auto it = steps.rbegin(); it != steps.rend(); ++it) {
        SCOPED_TRACE("down " + it->id);
        run_statements(c, it->down, it->transactional);
    }
    model::Catalog back = d.inspect(c);
    EXPECT_TRUE(model::same_schema(back, k.from)) << "after down:\n"
                                                  << model::print_catalog(back) << "\nwanted:\n"
                                                  << model::print_catalog(k.from);
    EXPECT_EQ(rows(c, k.probe), k.back_expected ? *k.back_expected : before);
    EXPECT_TRUE(c.query("PRAGMA foreign_key_check").rows.empty());
    return steps;
}

model::Table people() {
    model::Table t;
    t.name = "people";
    auto id = col("id", TK::Int, false);
    id.identity = true;
    t.columns = {id, col("first", TK::Text), col("last", TK::Text, false), col("nick", TK::Text)};
    t.primary_key = model::PrimaryKey{"people_pkey", {"id"}, {}};
    model::Index i;
    i.name = "people_last_idx";
    i.parts = {{"last", std::nullopt, model::SortOrder::Asc}};
    t.indexes = {i};
    return t;
}

const char* kSeed = "INSERT INTO people (first, last, nick) VALUES ('Ada', 'Lovelace', 'al'), "
                    "(NULL, 'Curie', NULL), ('Alan', 'Turing', 'at'), ('Grace', 'Hopper', NULL), "
                    "('Edsger', 'Dijkstra', 'ed')";
const char* kProbe = "SELECT id, first, last, nick FROM people ORDER BY id";

bool has_step(const std::vector<plan::Step>& steps, const std::string& id) {
    for (const auto& s : steps)
        if (s.id == id)
            return true;
    return false;
}

TEST(SqliteCompile, AddNullableColumnInPlace) {
    model::Table to = people();
    auto note = col("note", TK::Text);
    note.default_value = Expr{K::String, "n/a"};
    to.columns.push_back(note);
    Case k{
        {"", {}, {people()}}, {"", {}, {to}}, {{diff::AddColumn{"people", note}}}, kSeed, kProbe};
    k.after_probe = "SELECT count(*) FROM people WHERE note = 'n/a'";
    k.after_expected = {{std::string("5")}};
    auto steps = run_case(k);
    ASSERT_EQ(steps.size(), 1u);
    EXPECT_EQ(steps[0].id, "people.note:add");
    EXPECT_EQ(steps[0].phase, plan::Phase::Expand);
}

TEST(SqliteCompile, AddNotNullColumnWithBackfillRebuildsAndMirrorsWrites) {
    model::Table to = people();
    auto full = col("full", TK::Text, false);
    full.backfill = Expr{K::Raw, "coalesce(first, '') || ' ' || last"};
    to.columns.push_back(full);
    Case k{{"", {}, {people()}},
           {"", {}, {to}},
           {{diff::AddColumn{"people", full}}},
           kSeed,
           "SELECT id, first, last, nick FROM people WHERE id <= 5 ORDER BY id"};
    // Writes while the copy is under way must reach the new table.
    k.between = [](SqliteConnection& c, const plan::Step& s) {
        if (s.id != "people:rebuild:create")
            return;
        c.execute("INSERT INTO people (first, last) VALUES ('Barbara', 'Liskov');"
                  "UPDATE people SET first = 'Marie' WHERE last = 'Curie';"
                  "DELETE FROM people WHERE last = 'Hopper'");
    };
    // A rollback keeps what was written meanwhile.
    k.back_expected = Rows{{"1", "Ada", "Lovelace", "al"},
                           {"2", "Marie", "Curie", std::nullopt},
                           {"3", "Alan", "Turing", "at"},
                           {"5", "Edsger", "Dijkstra", "ed"}};
    k.after_probe = "SELECT id, full FROM people ORDER BY id";
    // A backfill is the value a row gets once, not a generated column: Curie's row was
    // filled (first was NULL) before the old code's update of first, which leaves it alone.
    k.after_expected = {{"1", "Ada Lovelace"},
                        {"2", " Curie"},
                        {"3", "Alan Turing"},
                        {"5", "Edsger Dijkstra"},
                        {"6", "Barbara Liskov"}};
    auto steps = run_case(k);
    // Expand/contract: the column and its fill trigger, the batched backfill, the NOT NULL
    // check, then the rebuild as the contract.
    ASSERT_EQ(steps.size(), 6u);
    EXPECT_EQ(steps[0].id, "people.full:expand");
    EXPECT_EQ(steps[1].id, "people.full:backfill");
    EXPECT_EQ(steps[2].id, "people.full:validate");
    EXPECT_EQ(steps[3].id, "people:rebuild:create");
    EXPECT_EQ(steps[3].phase, plan::Phase::Contract);
    EXPECT_EQ(steps[4].id, "people:rebuild:copy");
    EXPECT_TRUE(steps[4].backfill.has_value());
    EXPECT_EQ(steps[5].id, "people:rebuild:swap");
    EXPECT_FALSE(steps[5].transactional);
    EXPECT_EQ(steps[5].deploy_note, "deploy code that writes `full`");
}

TEST(SqliteCompile, DropColumnIsSoftAndComesBack) {
    model::Table to = people();
    model::Column nick = to.columns.back();
    to.columns.pop_back();
    Case k{
        {"", {}, {people()}}, {"", {}, {to}}, {{diff::DropColumn{"people", nick}}}, kSeed, kProbe};
    k.after_probe = "SELECT nick FROM _stepwise_dropped_p1_people ORDER BY rowid";
    k.after_expected = {{std::string("al")},
                        {std::nullopt},
                        {std::string("at")},
                        {std::nullopt},
                        {std::string("ed")}};
    auto steps = run_case(k);
    ASSERT_EQ(steps.size(), 3u);
    EXPECT_EQ(steps[2].phase, plan::Phase::Contract);
    bool data_loss = false;
    for (const auto& h : steps[2].hazards)
        data_loss = data_loss || h.cls == plan::HazardClass::DataLoss;
    EXPECT_TRUE(data_loss);
}

TEST(SqliteCompile, RenameColumnWritesBothShapesUntilTheContract) {
    model::Table to = people();
    to.columns[3].name = "nickname";
    Case k{{"", {}, {people()}},
           {"", {}, {to}},
           {{diff::RenameColumn{"people", "nick", "nickname"}}},
           kSeed,
           kProbe};
    // Old code writes nick, new code writes nickname; both must reach the other column.
    k.between = [](SqliteConnection& c, const plan::Step& s) {
        if (s.id == "people.nickname:expand")
            c.execute("INSERT INTO people (first, last, nick) VALUES ('Old', 'Writer', 'ow');"
                      "INSERT INTO people (first, last, nickname) VALUES ('New', 'Writer', 'nw');"
                      "UPDATE people SET nickname = 'gh' WHERE last = 'Hopper';"
                      "UPDATE people SET nick = 'mc' WHERE last = 'Curie'");
        if (s.id == "people.nickname:backfill") {
            auto rs = c.query("SELECT count(*) FROM people WHERE nick IS NOT nickname");
            EXPECT_EQ(*rs.rows.at(0).at(0), "0") << "both columns agree in the expand window";
        }
    };
    k.after_probe = "SELECT id, nickname FROM people ORDER BY id";
    k.after_expected = {{"1", "al"}, {"2", "mc"}, {"3", "at"}, {"4", "gh"},
                        {"5", "ed"}, {"6", "ow"}, {"7", "nw"}};
    k.back_expected = Rows{{"1", "Ada", "Lovelace", "al"},    {"2", std::nullopt, "Curie", "mc"},
                           {"3", "Alan", "Turing", "at"},     {"4", "Grace", "Hopper", "gh"},
                           {"5", "Edsger", "Dijkstra", "ed"}, {"6", "Old", "Writer", "ow"},
                           {"7", "New", "Writer", "nw"}};
    auto steps = run_case(k);
    ASSERT_EQ(steps.size(), 5u);
    EXPECT_EQ(steps[0].id, "people.nickname:expand");
    EXPECT_EQ(steps[0].phase, plan::Phase::Expand);
    EXPECT_EQ(steps[1].id, "people.nickname:backfill");
    for (size_t i = 2; i < 5; ++i)
        EXPECT_EQ(steps[i].phase, plan::Phase::Contract) << steps[i].id;
    EXPECT_EQ(steps[4].deploy_note, "deploy code that writes `nickname`");
}

TEST(SqliteCompile, RenameTableAndAddIndexOnIt) {
    model::Table to = people();
    to.name = "persons";
    model::Index i;
    i.name = "persons_first_idx";
    i.parts = {{"first", std::nullopt, model::SortOrder::Desc}};
    i.where = Expr{K::Raw, "first IS NOT NULL"};
    to.indexes.push_back(i);
    Case k{{"", {}, {people()}},
           {"", {}, {to}},
           {{diff::RenameTable{"people", "persons"}, diff::AddIndex{"persons", i}}},
           kSeed,
           "SELECT * FROM sqlite_master WHERE 0"};
    k.after_probe = "SELECT count(*) FROM persons";
    k.after_expected = {{std::string("5")}};
    auto steps = run_case(k);
    ASSERT_EQ(steps.size(), 2u);
    EXPECT_EQ(steps.back().id, "persons:rename");
}

TEST(SqliteCompile, ChangeTypeWithUsingAndDownUsing) {
    model::Table from;
    from.name = "orders";
    from.columns = {col("total", TK::Real, false)};
    model::Table to = from;
    to.columns[0].type.kind = TK::BigInt;
    diff::AlterColumn alter{"orders", from.columns[0], to.columns[0]};
    alter.type = true;
    alter.to.using_expr = Expr{K::Raw, "round(total * 100)"};
    alter.to.down_using = Expr{K::Raw, "total / 100.0"};
    Case k{{"", {}, {from}},
           {"", {}, {to}},
           {{alter}},
           "INSERT INTO orders VALUES (1.25), (3.5), (0.01)",
           "SELECT total FROM orders ORDER BY rowid"};
    k.after_probe = "SELECT total, typeof(total) FROM orders ORDER BY rowid";
    k.after_expected = {{"125", "integer"}, {"350", "integer"}, {"1", "integer"}};
    auto steps = run_case(k);
    EXPECT_EQ(steps.back().phase, plan::Phase::Contract);
}

TEST(SqliteCompile, AddAndDropIndex) {
    model::Table to = people();
    model::Index old = to.indexes[0];
    model::Index expr;
    expr.name = "people_lower_idx";
    expr.unique = true;
    expr.parts = {{"", Expr{K::Raw, "lower(last)"}, model::SortOrder::Asc}};
    to.indexes = {expr};
    Case k{{"", {}, {people()}},
           {"", {}, {to}},
           {{diff::AddIndex{"people", expr}, diff::DropIndex{"people", old}}},
           kSeed,
           kProbe};
    auto steps = run_case(k);
    ASSERT_EQ(steps.size(), 2u);
    EXPECT_TRUE(has_step(steps, "people.people_lower_idx:add-index"));
    EXPECT_TRUE(has_step(steps, "people.people_last_idx:drop-index"));
}

model::Table teams() {
    model::Table t;
    t.name = "teams";
    t.columns = {col("id", TK::Int, false), col("name", TK::Text)};
    t.primary_key = model::PrimaryKey{"teams_pkey", {"id"}, {}};
    return t;
}

TEST(SqliteCompile, AddForeignKeyRebuildsChildAndKeepsParentsIntact) {
    model::Table from = people();
    from.columns.push_back(col("team", TK::Int));
    model::Table to = from;
    model::ForeignKey fk{
        "people_team_fkey",        {"team"}, "teams", {"id"}, model::FkAction::SetNull,
        model::FkAction::NoAction, {}};
    to.foreign_keys = {fk};
    Case k{{"", {}, {from, teams()}},
           {"", {}, {to, teams()}},
           {{diff::AddForeignKey{"people", fk}}},
           "INSERT INTO teams VALUES (1, 'a'), (2, 'b');"
           "INSERT INTO people (first, last, team) VALUES ('x', 'y', 1), ('z', 'w', 2), "
           "('q', 'r', NULL)",
           "SELECT id, first, last, team FROM people ORDER BY id"};
    // The new foreign key is enforced after the swap.
    k.after_probe = "SELECT team FROM people ORDER BY id";
    k.after_expected = {{std::string("1")}, {std::string("2")}, {std::nullopt}};
    run_case(k);
}

TEST(SqliteCompile, AddCheckAndSetNotNullWithBackfill) {
    model::Table from = people();
    model::Table to = from;
    to.columns[1].nullable = false; // first
    model::Check ck{"people_last_len", {K::Raw, "length(last) > 1"}, {}};
    to.checks = {ck};
    diff::AlterColumn alter{"people", from.columns[1], to.columns[1]};
    alter.nullability = true;
    alter.to.backfill = Expr{K::String, "unknown"};
    Case k{
        {"", {}, {from}}, {"", {}, {to}}, {{alter, diff::AddCheck{"people", ck}}}, kSeed, kProbe};
    k.after_probe = "SELECT first FROM people WHERE id = 2";
    // Rolling back gives the backfilled row its NULL again: the start's rows exactly.
    k.after_expected = {{std::string("unknown")}};
    auto steps = run_case(k);
    ASSERT_EQ(steps.size(), 3u);
    EXPECT_EQ(steps[2].phase, plan::Phase::Validate);
}

TEST(SqliteCompile, CreateAndDropTables) {
    model::Table child;
    child.name = "members";
    child.columns = {col("team", TK::Int, false)};
    child.foreign_keys = {{"members_team_fkey",
                           {"team"},
                           "teams",
                           {"id"},
                           model::FkAction::Cascade,
                           model::FkAction::NoAction,
                           {}}};
    model::Catalog to{"", {}, {child, teams()}};
    Case k{{"", {}, {people()}},
           to,
           {{diff::CreateTable{child}, diff::CreateTable{teams()}, diff::DropTable{people()}}},
           kSeed,
           "SELECT * FROM sqlite_master WHERE 0"};
    k.after_probe = "SELECT count(*) FROM _stepwise_dropped_p1_people";
    k.after_expected = {{std::string("5")}};
    auto steps = run_case(k);
    ASSERT_EQ(steps.size(), 3u);
    EXPECT_EQ(steps[0].id, "teams:create"); // the parent first
    EXPECT_EQ(steps[2].id, "people:drop");
}

TEST(SqliteCompile, AlterEnumRebuildsTablesUsingIt) {
    model::Catalog from;
    from.enums = {{"status", {"a", "b"}, {}}};
    model::Table t;
    t.name = "jobs";
    auto s = col("state", TK::Enum, false);
    s.type.name = "status";
    t.columns = {s};
    from.tables = {t};
    model::Catalog to = from;
    to.enums[0].labels = {"a", "b", "c"};
    Case k{from,
           to,
           {{diff::AlterEnum{from.enums[0], to.enums[0]}, diff::CreateEnum{{"unused", {"x"}, {}}}}},
           "INSERT INTO jobs VALUES ('a'), ('b')",
           "SELECT state FROM jobs ORDER BY rowid"};
    auto steps = run_case(k);
    EXPECT_EQ(steps.size(), 3u);
}

TEST(SqliteCompile, SameInputsSameSteps) {
    model::Table to = people();
    to.columns.pop_back();
    diff::ChangeSet cs{{diff::DropColumn{"people", people().columns.back()}}};
    SqliteDialect d;
    dialect::CompileOptions o;
    o.plan_id = "x";
    auto a = d.compile(cs, canon({"", {}, {people()}}), canon({"", {}, {to}}), o).ordered();
    auto b = d.compile(cs, canon({"", {}, {people()}}), canon({"", {}, {to}}), o).ordered();
    ASSERT_EQ(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i) {
        EXPECT_EQ(a[i].up, b[i].up);
        EXPECT_EQ(a[i].down, b[i].down);
    }
}

} // namespace
} // namespace stepwise::sqlite
