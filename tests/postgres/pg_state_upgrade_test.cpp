// A PostgreSQL state table an older version created lacks columns this one records
// (down_done, batch_policy). apply adds them inside its setup transaction, so finding out
// which are missing must not run a statement that fails: PostgreSQL would abort that
// transaction and the apply with it.

#include "dialects/postgres/pg_dialect.h"
#include "tests/acceptance/case_runner.h"
#include "tests/acceptance/resume_kill_loop.h"
#include "tests/postgres/pg_server.h"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

using namespace stepwise;
using stepwise::testing::dump_rows;
using stepwise::testing::PgServer;
using stepwise::testing::run_stepwise;

namespace {

const char* kStart = "table items {\n  id int primary key\n  n  int\n}\n";
const char* kTarget = "table items {\n  id int primary key\n  n  int not null backfill (id)\n}\n";

std::string write_schema(const std::string& name, const char* text) {
    auto path = std::filesystem::temp_directory_path() /
                ("stepwise-pg-upgrade-" + std::to_string(::getpid()) + "-" + name);
    std::ofstream(path) << text;
    return path.string();
}

TEST(PgStateUpgrade, ApplyAddsTheColumnsAnOlderStateTableLacks) {
    STEPWISE_REQUIRE_PG();
    std::string url = PgServer::instance().create_database("state_upgrade");
    auto d = postgres::make_postgres_dialect();
    auto c = d->connect(dialect::parse_url(url));
    auto start = write_schema("start.schema", kStart);
    auto target = write_schema("target.schema", kTarget);
    auto r = run_stepwise({"apply", "--url", url, "--schema", start, "--yes", "--quiet"});
    ASSERT_EQ(r.exit_code, 0) << r.output;
    c->execute("ALTER TABLE stepwise.state DROP COLUMN down_done, DROP COLUMN batch_policy");
    c->execute("INSERT INTO items SELECT i, NULL FROM generate_series(1, 10) i");

    auto status = run_stepwise({"status", "--url", url});
    EXPECT_EQ(status.exit_code, 0) << status.output;
    r = run_stepwise({"apply", "--url", url, "--schema", target, "--yes", "--quiet", "--batch-size",
                      "4", "--allow-hazard", "LongRunning", "--allow-hazard", "AppIncompatible",
                      "--allow-hazard", "Irreversible"});
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_EQ(dump_rows(*c, "SELECT column_name FROM information_schema.columns WHERE "
                            "table_schema = 'stepwise' AND table_name = 'state' AND column_name "
                            "IN ('down_done', 'batch_policy') ORDER BY 1"),
              "batch_policy\ndown_done\n");
    EXPECT_EQ(dump_rows(*c, "SELECT count(*) FROM items WHERE n = id"), "10\n");

    auto json = run_stepwise({"status", "--url", url, "--json"});
    ASSERT_EQ(json.exit_code, 0) << json.output;
    auto j = nlohmann::json::parse(json.output);
    bool found = false;
    for (const auto& s : j["steps"])
        if (s["id"] == "items.n:backfill") {
            found = true;
            EXPECT_EQ(s["batch"]["size"], 4) << s.dump();
            EXPECT_EQ(s["batch"]["automatic"], false) << s.dump();
        }
    EXPECT_TRUE(found) << j.dump();
    std::filesystem::remove(start);
    std::filesystem::remove(target);
}

} // namespace
