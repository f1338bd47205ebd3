// Expand/contract on PostgreSQL for a renamed column that indexes, unique keys, checks and
// foreign keys name (issue #9, gap 1): the new column gets copies of them during the window,
// old and new code write concurrently with every constraint holding on both shapes, and
// rollback from any point restores the old shape (constraints included) with every row.
// Also `purge` of tombstone columns (gap 2).

#include "compiler/plan/plan.h"
#include "runtime/executor.h"
#include "tests/postgres/pg_migration.h"
#include "tests/postgres/pg_server.h"
#include "tests/support/migration_plan.h"
#include "tests/support/shape_writers.h"

#include <exception>
#include <gtest/gtest.h>
#include <map>

using namespace stepwise;
using stepwise::testing::scalar;
using stepwise::testing::ShapeWriter;

namespace {

// id -> "email|org" of every row, read through `email` and `org` (whatever they are called).
std::map<std::string, std::string> rows_of(dialect::Connection& c, const std::string& email,
                                           const std::string& org) {
    std::map<std::string, std::string> out;
    for (const auto& row :
         c.query("SELECT id::text, " + email + ", coalesce(" + org + "::text, 'NULL') FROM users")
             .rows)
        out[*row[0]] = *row[1] + "|" + *row[2];
    return out;
}

bool fails(dialect::Connection& c, const std::string& sql) {
    try {
        c.execute(sql);
    } catch (const dialect::DatabaseError&) {
        return true;
    }
    return false;
}

// Names of the user's constraints and indexes of `table` with the columns they cover, sorted:
// "users_email_key:u:email".
std::string objects_of(dialect::Connection& c, const std::string& table) {
    return scalar(
        c, "SELECT string_agg(x, ', ' ORDER BY x) FROM ("
           " SELECT con.conname || ':' || con.contype::text || ':' || string_agg(a.attname, '+' "
           "ORDER BY a.attname) AS x FROM pg_constraint con JOIN pg_attribute a ON "
           "a.attrelid = con.conrelid AND a.attnum = ANY (con.conkey) WHERE con.conrelid = '" +
               table +
               "'::regclass GROUP BY con.conname, con.contype"
               " UNION ALL SELECT i.relname || ':i:' || pg_get_indexdef(i.oid) FROM "
               "pg_index x JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = '" +
               table +
               "'::regclass AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE "
               "k.conindid = i.oid)) s WHERE x NOT LIKE '\\_stepwise\\_%'");
}

// Batches of 100 rows; lock timeouts retried until the writers are done.
struct Migration : stepwise::testing::PgMigration {
    Migration(const std::string& db, const std::string& setup, const std::string& schema)
        : PgMigration(db, setup, schema, /*batch_size=*/100, /*retries=*/1000) {}
};

// `email` is named by a unique key, an expression index, a partial index and a check; `org`
// by a foreign key and an index. Both are renamed.
const char* setup =
    "CREATE TABLE orgs (id int PRIMARY KEY, name text);"
    "INSERT INTO orgs SELECT g, 'org ' || g FROM generate_series(1, 20) g;"
    "CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL, org int, note text,"
    " CONSTRAINT users_email_key UNIQUE (email),"
    " CONSTRAINT users_email_at CHECK (email LIKE '%@%'),"
    " CONSTRAINT users_org_fk FOREIGN KEY (org) REFERENCES orgs (id));"
    "CREATE INDEX users_email_lower_idx ON users (lower(email));"
    "CREATE INDEX users_note_idx ON users (note) WHERE email LIKE 'a%';"
    "CREATE INDEX users_org_idx ON users (org);"
    "INSERT INTO users SELECT g, 'user' || g || '@example.com', 1 + g % 20, 'n' || g"
    " FROM generate_series(1, 1500) g";

const char* renamed = R"(
table orgs {
  id int primary key
  name text
}
table users {
  id int primary key
  mail text not null renamed from email
  org_id int renamed from org
  note text
  unique users_email_key (mail)
  check users_email_at (mail like '%@%')
  foreign key users_org_fk (org_id) references orgs (id)
  index users_email_lower_idx ((lower(mail)))
  index users_note_idx (note) where (mail like 'a%')
  index users_org_idx (org_id)
}
)";

bool has_hazard(const plan::Step& s, plan::HazardClass cls) {
    for (const auto& h : s.hazards)
        if (h.cls == cls)
            return true;
    return false;
}

// Writes through one shape only (`email` and `org` are what that shape calls them), as code
// that knows one shape would.
ShapeWriter users_writer(const std::string& email, const std::string& org, int first_id) {
    return ShapeWriter{[=](int i) {
                           std::string id = std::to_string(first_id + i);
                           return "INSERT INTO users (id, " + email + ", " + org + ") VALUES (" +
                                  id + ", '" + email + id + "@w', " + std::to_string(1 + i % 20) +
                                  ")";
                       },
                       [=](int i) {
                           std::string id = std::to_string(first_id + i);
                           return "UPDATE users SET " + email + " = '" + email + id + "@u', " +
                                  org + " = " + std::to_string(1 + i % 7) +
                                  " WHERE id = " + std::to_string(1 + (i * 37 + first_id) % 1500);
                       }};
}

} // namespace

TEST(PgConstrainedRename, PlansCopiesInsteadOfAnInPlaceRename) {
    STEPWISE_REQUIRE_PG();
    Migration m("cr_plan", setup, renamed);
    for (const auto& s : m.p.steps) {
        EXPECT_EQ(s.id.find(":rename"), std::string::npos) << "renamed in place: " << s.id;
        EXPECT_FALSE(has_hazard(s, plan::HazardClass::TableRewrite)) << s.id;
        EXPECT_FALSE(has_hazard(s, plan::HazardClass::BlockingLock)) << s.id;
        // (check_not_null has its own: writes of NULL into the new column fail from there.)
        if (s.phase != plan::Phase::Contract && s.id.find(":check_not_null") == std::string::npos)
            EXPECT_FALSE(has_hazard(s, plan::HazardClass::AppIncompatible)) << s.id;
    }
    for (const char* id :
         {"users.mail:expand", "users.mail:backfill", "users.users_email_key:copy",
          "users.users_email_key:attach_copy", "users.users_email_at:copy",
          "users.users_email_at:validate_copy", "users.users_email_lower_idx:copy",
          "users.users_note_idx:copy", "users.org_id:expand", "users.users_org_fk:copy",
          "users.users_org_fk:validate_copy", "users.users_org_idx:copy", "users.mail:contract",
          "users.org_id:contract"})
        EXPECT_NE(m.step(id), nullptr)
            << id << " missing from " << ::testing::PrintToString(m.ids());
    const plan::Step* build = m.step("users.users_email_key:copy");
    ASSERT_NE(build, nullptr);
    EXPECT_FALSE(build->transactional);
    ASSERT_EQ(build->up.size(), 1u);
    EXPECT_NE(build->up[0].find("CREATE UNIQUE INDEX CONCURRENTLY"), std::string::npos);
    const plan::Step* check = m.step("users.users_email_at:copy");
    ASSERT_NE(check, nullptr);
    EXPECT_NE(check->up[0].find("NOT VALID"), std::string::npos);
    // Apply stops before the contracts: every copy is built by then.
    auto result = m.apply(false);
    EXPECT_TRUE(result.stopped_before_contract);
    for (const auto& o : result.steps)
        if (o.action == runtime::StepAction::Deferred)
            EXPECT_EQ(m.step(o.step_id)->phase, plan::Phase::Contract) << o.step_id;
}

// Old writer and new writer concurrently while apply opens the window (backfill and the
// concurrent builds of the copies run meanwhile); every constraint holds on both shapes; the
// contract gives the copies their names; rollback from after contract, after the copies and
// all the way restores the starting catalog and every row.
TEST(PgConstrainedRename, OldAndNewWritersConcurrentlyThenContractThenRollback) {
    STEPWISE_REQUIRE_PG();
    Migration m("cr_concurrent", setup, renamed);
    const std::string before = m.catalog();
    const std::string objects_before = objects_of(*m.c, "users");
    std::string first_contract;
    for (const auto& s : m.p.steps)
        if (s.phase == plan::Phase::Contract && first_contract.empty())
            first_contract = s.id;
    ShapeWriter old_writer = users_writer("email", "org", 10000);
    ShapeWriter new_writer = users_writer("mail", "org_id", 20000);
    auto old_conn = m.connect();
    auto new_conn = m.connect();
    auto watch = m.connect();

    // The writers start once both new columns exist (the second expand is done).
    std::exception_ptr apply_error = stepwise::testing::run_both_during(
        [&] { m.apply(false, std::chrono::milliseconds(30)); },
        [&] {
            return scalar(*watch,
                          "SELECT count(*) FROM information_schema.columns WHERE "
                          "table_name = 'users' AND column_name IN ('mail', 'org_id')") == "2";
        },
        old_writer, *old_conn, new_writer, *new_conn, 300);
    ASSERT_FALSE(apply_error) << "apply failed";
    EXPECT_EQ(old_writer.failures, 0) << old_writer.last_error;
    EXPECT_EQ(new_writer.failures, 0) << new_writer.last_error;
    EXPECT_EQ(scalar(*m.c, "SELECT count(*) FROM users"), "1800");
    EXPECT_EQ(scalar(*m.c, "SELECT count(*) FROM users WHERE email IS DISTINCT FROM mail OR org IS "
                           "DISTINCT FROM org_id"),
              "0");

    // During the window each constraint holds whichever shape writes.
    EXPECT_TRUE(fails(*m.c, "INSERT INTO users (id, mail) VALUES (50000, 'user1@example.com')"));
    EXPECT_TRUE(fails(*m.c, "INSERT INTO users (id, email) VALUES (50001, 'mail20000@w')"));
    EXPECT_TRUE(fails(*m.c, "INSERT INTO users (id, mail) VALUES (50002, 'no at sign')"));
    EXPECT_TRUE(fails(*m.c, "INSERT INTO users (id, mail, org_id) VALUES (50003, 'x@y', 99)"));
    EXPECT_TRUE(fails(*m.c, "INSERT INTO users (id, email, org) VALUES (50004, 'x@y', 99)"));
    // No copy was left invalid by its concurrent build.
    EXPECT_EQ(scalar(*m.c, "SELECT count(*) FROM pg_index WHERE NOT indisvalid"), "0");

    m.apply(true);
    EXPECT_EQ(objects_of(*m.c, "users"),
              "users_email_at:c:mail, users_email_key:u:mail, "
              "users_email_lower_idx:i:CREATE INDEX users_email_lower_idx ON public.users USING "
              "btree (lower(mail)), users_note_idx:i:CREATE INDEX users_note_idx ON public.users "
              "USING btree (note) WHERE (mail ~~ 'a%'::text), users_org_fk:f:org_id, "
              "users_org_idx:i:CREATE INDEX users_org_idx ON public.users USING btree (org_id), "
              "users_pkey:p:id");
    // The plan is done: a new plan is empty.
    m.replan(renamed);
    EXPECT_TRUE(m.p.steps.empty()) << ::testing::PrintToString(m.ids());
    // New code after the contract: tombstones do not get in its way.
    m.c->execute("INSERT INTO users (id, mail, org_id) VALUES (30000, 'after@contract', 3)");
    m.c->execute("UPDATE users SET mail = 'changed@contract' WHERE id = 7");
    EXPECT_TRUE(fails(*m.c, "INSERT INTO users (id, mail) VALUES (30001, 'after@contract')"));
    auto expected = rows_of(*m.c, "mail", "org_id");
    ASSERT_EQ(expected.size(), 1801u);

    // Back to just before the contracts: the old constraints are on the old columns again and
    // both shapes still work.
    m.rollback(first_contract); // the later contract is undone before it
    EXPECT_EQ(scalar(*m.c, "SELECT count(*) FROM users WHERE email IS DISTINCT FROM mail"), "0");
    EXPECT_TRUE(fails(*m.c, "INSERT INTO users (id, email) VALUES (50005, 'changed@contract')"));
    m.c->execute("UPDATE users SET email = 'old@again' WHERE id = 8");
    EXPECT_EQ(scalar(*m.c, "SELECT mail FROM users WHERE id = 8"), "old@again");
    expected["8"] = "old@again|" + expected["8"].substr(expected["8"].find('|') + 1);

    m.rollback();
    EXPECT_EQ(m.catalog(), before);
    EXPECT_EQ(objects_of(*m.c, "users"), objects_before);
    EXPECT_EQ(rows_of(*m.c, "email", "org"), expected);
    EXPECT_EQ(scalar(*m.c, "SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal"), "0");
}

// Rollback from each point of the sequence gives back the starting catalog and rows.
TEST(PgConstrainedRename, RollbackFromEveryPointRestoresTheOldShape) {
    STEPWISE_REQUIRE_PG();
    for (const char* point : {"users.mail:backfill", "users.users_email_key:copy",
                              "users.users_email_key:attach_copy", "users.users_org_fk:copy"}) {
        SCOPED_TRACE(point);
        std::string db =
            std::string("cr_point_") + std::to_string(std::hash<std::string>{}(point) % 100000);
        Migration m(db, setup, renamed);
        const std::string before = m.catalog();
        const auto rows = rows_of(*m.c, "email", "org");
        m.apply(false);
        // Undo down to `point`, write through both shapes there, then undo the rest.
        m.rollback(point);
        m.c->execute("INSERT INTO users (id, email, org) VALUES (40000, 'old@shape', 2)");
        m.c->execute("INSERT INTO users (id, mail, org_id) VALUES (40001, 'new@shape', 3)");
        m.rollback();
        EXPECT_EQ(m.catalog(), before);
        auto want = rows;
        want["40000"] = "old@shape|2";
        want["40001"] = "new@shape|3";
        EXPECT_EQ(rows_of(*m.c, "email", "org"), want);
    }
}

// Conventional names follow the column: `unique (email)` is users_email_key before and
// users_mail_key after. The old key is retired with the tombstone, the new one built online.
TEST(PgConstrainedRename, ConventionalNamesMoveToTheNewColumn) {
    STEPWISE_REQUIRE_PG();
    Migration m("cr_conventional",
                "CREATE TABLE users (id int PRIMARY KEY, email text UNIQUE);"
                "INSERT INTO users SELECT g, 'u' || g FROM generate_series(1, 300) g",
                "table users {\n id int primary key\n mail text unique renamed from email\n}\n");
    const std::string before = m.catalog();
    EXPECT_NE(m.step("users.users_mail_key:build"), nullptr) << ::testing::PrintToString(m.ids());
    EXPECT_EQ(m.step("users.users_email_key:drop"), nullptr) << "dropped, not retired";
    m.apply(false);
    EXPECT_TRUE(fails(*m.c, "INSERT INTO users (id, email) VALUES (1000, 'u1')"));
    EXPECT_TRUE(fails(*m.c, "INSERT INTO users (id, mail) VALUES (1001, 'u2')"));
    m.apply(true);
    EXPECT_EQ(objects_of(*m.c, "users"), "users_mail_key:u:mail, users_pkey:p:id");
    m.rollback();
    EXPECT_EQ(m.catalog(), before);
    EXPECT_EQ(scalar(*m.c, "SELECT count(DISTINCT email) FROM users"), "300");
}

// A primary key and a column other tables reference stay in place, and the plan says why.
TEST(PgConstrainedRename, PrimaryKeyAndReferencedColumnsStayInPlaceWithTheReason) {
    STEPWISE_REQUIRE_PG();
    Migration m("cr_pinned",
                "CREATE TABLE a (code int PRIMARY KEY, ref int UNIQUE);"
                "CREATE TABLE b (id int PRIMARY KEY, a_ref int REFERENCES a (ref))",
                "table a {\n key int primary key renamed from code\n"
                " ref2 int renamed from ref\n unique a_ref_key (ref2)\n}\n"
                "table b {\n id int primary key\n a_ref int\n"
                " foreign key b_a_ref_fkey (a_ref) references a (ref2)\n}\n");
    const plan::Step* pk = m.step("a.key:rename");
    ASSERT_NE(pk, nullptr) << ::testing::PrintToString(m.ids());
    ASSERT_FALSE(pk->hazards.empty());
    EXPECT_NE(pk->hazards[0].reason.find("primary key"), std::string::npos)
        << pk->hazards[0].reason;
    const plan::Step* ref = m.step("a.ref2:rename");
    ASSERT_NE(ref, nullptr) << ::testing::PrintToString(m.ids());
    EXPECT_NE(ref->hazards[0].reason.find("b_a_ref_fkey"), std::string::npos)
        << ref->hazards[0].reason;
}

// purge removes tombstone columns (soft drops and swapped-out columns), with the indexes and
// constraints kept with them; before that, rollback could still bring them back.
TEST(PgPurge, TombstoneColumnsAreListedAndDropped) {
    STEPWISE_REQUIRE_PG();
    Migration m("cr_purge", setup, R"(
table orgs {
  id int primary key
  name text
}
table users {
  id int primary key
  mail text not null renamed from email
  org int
  unique users_email_key (mail)
  check users_email_at (mail like '%@%')
  foreign key users_org_fk (org) references orgs (id)
  index users_email_lower_idx ((lower(mail)))
  index users_org_idx (org)
}
)");
    m.apply(true);
    runtime::QuietReporter quiet;
    runtime::Executor executor(*m.d, *m.c, quiet);
    auto tombs = executor.tombstones();
    ASSERT_EQ(tombs.size(), 2u);
    std::map<std::string, long long> found;
    for (const auto& t : tombs) {
        EXPECT_EQ(t.table, "users");
        EXPECT_TRUE(t.created_at.has_value());
        found[t.column.substr(0, 18) + "*" + t.column.substr(t.column.rfind('_') + 1)] = t.rows;
    }
    // email (the old column of the rename) and note (dropped), with their row counts.
    EXPECT_EQ(found, (std::map<std::string, long long>{{"_stepwise_dropped_*email", 1500},
                                                       {"_stepwise_dropped_*note", 1500}}));
    auto dropped = executor.purge(tombs);
    EXPECT_EQ(dropped.size(), 2u);
    EXPECT_EQ(scalar(*m.c, "SELECT count(*) FROM information_schema.columns WHERE table_name = "
                           "'users' AND column_name LIKE '\\_stepwise\\_%'"),
              "0");
    // The tombstone index and unique key went with the column.
    EXPECT_EQ(scalar(*m.c, "SELECT count(*) FROM pg_class WHERE relname LIKE '\\_stepwise\\_%'"),
              "0");
    EXPECT_TRUE(executor.tombstones().empty());
    EXPECT_EQ(scalar(*m.c, "SELECT count(*) FROM users"), "1500");
}
