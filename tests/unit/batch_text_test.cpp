// Hazards and plan text name the batch policy a backfill runs with: a fixed size, or the
// automatic policy (the default) with its first size and target.

#include "compiler/diff/differ.h"
#include "compiler/frontend/loader.h"
#include "compiler/plan/plan.h"
#include "dialects/mysql/mysql_dialect.h"
#include "dialects/postgres/pg_dialect.h"
#include "dialects/sqlite/sqlite_dialect.h"

#include <gtest/gtest.h>

namespace stepwise {
namespace {

const char* kAutomatic = "batches tuned to about 250ms each, the first of 100 rows";

// The plan from `from` to `to`, compiled offline with `policy`.
plan::Plan compile(const dialect::Dialect& d, const std::string& from_text,
                   const std::string& to_text, const plan::BatchPolicy& policy) {
    auto from = frontend::parse_sources({{"from.schema", from_text}}, d.naming());
    auto to = frontend::parse_sources({{"to.schema", to_text}}, d.naming());
    dialect::CompileOptions options;
    options.plan_id = "p1";
    options.batch = policy;
    plan::Plan p;
    p.id = "p1";
    p.dialect = d.name();
    p.steps = d.compile(diff::diff(from, to, d.diff_driver()), from, to, options).ordered();
    return p;
}

const char* kUsers = "table users {\n  id int primary key\n  email text not null\n}\n";
const char* kUsersHandle = "table users {\n  id int primary key\n  email text not null\n"
                           "  handle text not null backfill (lower(email))\n}\n";

const plan::Step& backfill_step(const plan::Plan& p) {
    for (const auto& s : p.steps)
        if (s.backfill)
            return s;
    throw std::runtime_error("the plan has no backfill step");
}

std::string long_running(const plan::Step& s) {
    for (const auto& h : s.hazards)
        if (h.cls == plan::HazardClass::LongRunning)
            return h.reason;
    return "";
}

TEST(BatchText, DescribesEachPolicy) {
    plan::BatchPolicy fixed;
    fixed.size = 5000;
    EXPECT_EQ(plan::describe(fixed), "batches of 5000 rows");
    EXPECT_EQ(plan::describe(plan::default_batch_policy()), kAutomatic);
    auto paused = plan::default_batch_policy();
    paused.target = std::chrono::milliseconds(80);
    paused.pause = std::chrono::milliseconds(50);
    EXPECT_EQ(plan::describe(paused), "batches tuned to about 80ms each, the first of 100 rows, "
                                      "pausing 50ms between them");
}

TEST(BatchText, PostgresHazardNamesTheAutomaticPolicy) {
    auto d = postgres::make_postgres_dialect();
    auto p = compile(*d, kUsers, kUsersHandle, plan::default_batch_policy());
    EXPECT_EQ(long_running(backfill_step(p)),
              std::string("updates every row of users in ") + kAutomatic);
    auto text = plan::to_text(p, {});
    EXPECT_NE(text.find(std::string("backfill users in ") + kAutomatic + ":"), std::string::npos)
        << text;
    EXPECT_EQ(text.find("batches of 100 rows"), std::string::npos) << text;
    EXPECT_NE(plan::to_sql(p).find(std::string("-- backfill users in ") + kAutomatic),
              std::string::npos);
}

TEST(BatchText, PostgresHazardNamesAFixedPolicy) {
    auto d = postgres::make_postgres_dialect();
    plan::BatchPolicy fixed;
    fixed.size = 700;
    auto p = compile(*d, kUsers, kUsersHandle, fixed);
    EXPECT_EQ(long_running(backfill_step(p)), "updates every row of users in batches of 700 rows");
}

TEST(BatchText, SqliteDualWriteHazardNamesThePolicy) {
    auto d = sqlite::make_sqlite_dialect();
    auto p = compile(*d, kUsers, kUsersHandle, plan::default_batch_policy());
    EXPECT_EQ(long_running(backfill_step(p)),
              std::string("every row of users is updated, in ") + kAutomatic);
}

// A rebuild's copy names its policy as the other backfills do (it used to say "in batches").
TEST(BatchText, SqliteRebuildHazardNamesThePolicy) {
    auto d = sqlite::make_sqlite_dialect();
    const char* checked = "table users {\n  id int primary key\n  email text not null\n"
                          "  check users_email_at (email like '%@%')\n}\n";
    plan::BatchPolicy fixed;
    fixed.size = 700;
    for (const auto& [policy, words] :
         {std::make_pair(plan::default_batch_policy(), std::string(kAutomatic)),
          std::make_pair(fixed, std::string("batches of 700 rows"))}) {
        auto p = compile(*d, kUsers, checked, policy);
        const auto& copy = backfill_step(p);
        EXPECT_EQ(copy.id, "users:rebuild:copy");
        EXPECT_EQ(long_running(copy), "every row of users is copied, in " + words);
    }
}

// MySQL's backfill carries the compile options' policy (it used to keep a fixed 1000).
TEST(BatchText, MysqlBackfillCarriesThePolicy) {
    auto d = mysql::make_mysql_dialect();
    auto p = compile(*d, kUsers, kUsersHandle, plan::default_batch_policy());
    const auto& b = *backfill_step(p).backfill;
    EXPECT_TRUE(b.policy.automatic);
    EXPECT_EQ(b.policy.size, plan::kFirstAutomaticBatch);
    auto text = plan::to_text(p, {});
    EXPECT_NE(text.find(std::string("backfill users in ") + kAutomatic + ":"), std::string::npos)
        << text;
}

} // namespace
} // namespace stepwise
