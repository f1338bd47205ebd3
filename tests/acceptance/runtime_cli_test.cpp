// The runtime as a user drives it through `stepwise`: one apply at a time, purge of
// tombstones, what a refused saved plan says about drift, and the batch options.

#include "dialects/sqlite/sqlite_connection.h"
#include "tests/acceptance/case_runner.h"

#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace fs = std::filesystem;
using stepwise::sqlite::SqliteConnection;
using stepwise::testing::run_stepwise;
using stepwise::testing::spawn_stepwise;

namespace {

const char* kStart = "table items {\n  id int primary key\n  n  int\n}\n"
                     "table old_stuff {\n  id int primary key\n}\n";
// A NOT NULL column with a backfill: the new column is added and filled in batches, then the
// contract rebuilds items (create, batched copy, swap) to make NOT NULL real.
const char* kTarget = "table items {\n  id int primary key\n  n  int\n"
                      "  label text not null backfill ('item ' || id)\n}\n";

class RuntimeCli : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("stepwise-rtcli-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_);
        db_ = (dir_ / "app.db").string();
        start_ = write("start.schema", kStart);
        target_ = write("target.schema", kTarget);
    }
    void TearDown() override { fs::remove_all(dir_); }

    std::string write(const std::string& name, const std::string& text) {
        auto path = (dir_ / name).string();
        std::ofstream(path) << text;
        return path;
    }
    std::string url() const { return "sqlite://" + db_; }

    void seed(int rows) {
        auto r = run_stepwise({"apply", "--url", url(), "--schema", start_, "--yes"});
        ASSERT_EQ(r.exit_code, 0) << r.output;
        SqliteConnection c(db_);
        c.execute("WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < " +
                  std::to_string(rows) + ") INSERT INTO items (id, n) SELECT i, i * 2 FROM s");
        c.execute("INSERT INTO old_stuff (id) VALUES (1), (2), (3)");
    }

    std::vector<std::string> apply_target(std::vector<std::string> extra = {}) {
        std::vector<std::string> args{"apply",          "--url",          url(),
                                      "--schema",       target_,          "--contract",
                                      "--yes",          "--allow-hazard", "DataLoss",
                                      "--allow-hazard", "TableRewrite",   "--allow-hazard",
                                      "LongRunning",    "--allow-hazard", "AppIncompatible"};
        args.insert(args.end(), extra.begin(), extra.end());
        return args;
    }

    std::string scalar(const std::string& sql) {
        SqliteConnection c(db_);
        auto r = c.query(sql);
        return r.rows.empty() || !r.rows[0][0] ? "NULL" : *r.rows[0][0];
    }

    fs::path dir_;
    std::string db_, start_, target_;
};

TEST_F(RuntimeCli, SecondApplyOrRollbackIsRefusedNamingTheRunningOne) {
    seed(200);
    // One row per batch and a pause: the first apply runs for 20 s at least, so it still
    // holds the lock while the runs below start, however slow a loaded machine makes them
    // (it is killed then: the pause costs nothing).
    pid_t first = spawn_stepwise(apply_target({"--batch-size", "1", "--batch-pause", "100ms"}));
    // Wait until it holds the lock and is copying: 60 s at most.
    std::string lock_file = db_ + ".stepwise-lock";
    bool copying = false;
    for (int i = 0; i < 3000 && !copying; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        try {
            copying = std::stoll(scalar("SELECT coalesce(max(rows_done), 0) FROM "
                                        "_stepwise_state")) > 0;
        } catch (const std::exception&) {
        }
    }
    ASSERT_TRUE(copying) << "the first apply never started its backfill";

    auto second = run_stepwise(apply_target());
    EXPECT_EQ(second.exit_code, 3) << second.output;
    EXPECT_NE(second.output.find("pid " + std::to_string(first)), std::string::npos)
        << second.output;
    EXPECT_NE(second.output.find("stepwise apply on"), std::string::npos) << second.output;
    auto rollback = run_stepwise({"rollback", "--url", url(), "--yes"});
    EXPECT_EQ(rollback.exit_code, 3) << rollback.output;
    EXPECT_NE(rollback.output.find("pid " + std::to_string(first)), std::string::npos)
        << rollback.output;

    // The lock dies with its holder, even by kill -9; the next apply resumes and finishes.
    ::kill(first, SIGKILL);
    ::waitpid(first, nullptr, 0);
    auto resumed = run_stepwise(apply_target());
    EXPECT_EQ(resumed.exit_code, 0) << resumed.output;
    EXPECT_EQ(scalar("SELECT count(*) FROM items WHERE label = 'item ' || id"), "200");
}

TEST_F(RuntimeCli, BatchOptionsControlTheBackfill) {
    seed(100);
    auto r = run_stepwise(apply_target({"--batch-size", "7", "--json"}));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    // Two batched walks of 100 rows (the column's backfill, the contract's copy), each in
    // batches of 7: 15 batches apiece, the first 14 of 7 rows.
    size_t batches = 0, pos = 0;
    while ((pos = r.output.find("\"event\":\"batch_done\"", pos)) != std::string::npos) {
        ++batches;
        ++pos;
    }
    EXPECT_EQ(batches, 30u) << r.output;
    EXPECT_NE(r.output.find("\"batch_rows\":7"), std::string::npos) << r.output;
}

TEST_F(RuntimeCli, BadBatchOptionsAreErrors) {
    seed(1);
    for (auto bad : std::vector<std::vector<std::string>>{{"--batch-size", "0"},
                                                          {"--batch-size", "ten"},
                                                          {"--batch-target", "soon"},
                                                          {"--batch-pause", "-1s"}}) {
        auto r = run_stepwise(apply_target(bad));
        EXPECT_EQ(r.exit_code, 1) << bad[0] << " " << bad[1] << "\n" << r.output;
        EXPECT_NE(r.output.find(bad[0]), std::string::npos) << r.output;
    }
    EXPECT_EQ(scalar("SELECT count(*) FROM sqlite_master WHERE name = 'old_stuff'"), "1");
}

// The JSON events of one step: its step_started event and its batch_done events.
struct StepEvents {
    nlohmann::json started;
    std::vector<nlohmann::json> batches;
};
std::map<std::string, StepEvents> step_events(const std::string& output) {
    std::map<std::string, StepEvents> out;
    std::istringstream lines(output);
    for (std::string line; std::getline(lines, line);) {
        if (line.empty() || line[0] != '{')
            continue;
        auto e = nlohmann::json::parse(line);
        auto step = e["step"].get<std::string>();
        if (e["event"] == "step_started")
            out[step].started = e;
        else if (e["event"] == "batch_done")
            out[step].batches.push_back(e);
    }
    return out;
}

// Without --batch-size or a batch_size in the config, backfills size their batches
// automatically, starting with a small one.
TEST_F(RuntimeCli, BackfillsAreAutomaticByDefaultAndStartSmall) {
    seed(1000);
    auto r = run_stepwise(apply_target({"--json"}));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    auto events = step_events(r.output);
    int backfills = 0;
    for (const auto& [id, step] : events) {
        if (!step.started.contains("batch"))
            continue;
        ++backfills;
        EXPECT_EQ(step.started["batch"]["automatic"], true) << id;
        EXPECT_EQ(step.started["batch"]["target_ms"], 250) << id;
        EXPECT_EQ(step.started["batch"]["size"], 100) << id;
        ASSERT_FALSE(step.batches.empty()) << id;
        EXPECT_EQ(step.batches[0]["batch_rows"], 100) << id;
        EXPECT_EQ(step.batches.back()["rows_done"], 1000) << id;
    }
    EXPECT_EQ(backfills, 2) << r.output; // the column's backfill and the rebuild's copy
    EXPECT_EQ(scalar("SELECT count(*) FROM items WHERE label = 'item ' || id"), "1000");
}

// A number in the config fixes the size; "auto" is the default spelled out.
TEST_F(RuntimeCli, ConfigBatchSizeFixesTheBatchAndAutoIsAccepted) {
    seed(100);
    auto fixed = write("fixed.toml", "[env.dev]\nurl = \"" + url() + "\"\nbatch_size = 40\n");
    std::vector<std::string> args = apply_target({"--json"});
    args.erase(args.begin() + 1, args.begin() + 3); // --url URL
    std::vector<std::string> with_env{"--config", fixed, "apply", "--env", "dev"};
    with_env.insert(with_env.end(), args.begin() + 1, args.end());
    auto r = run_stepwise(with_env);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    int backfills = 0;
    for (const auto& [id, step] : step_events(r.output)) {
        if (!step.started.contains("batch"))
            continue;
        ++backfills;
        EXPECT_EQ(step.started["batch"]["automatic"], false) << id;
        EXPECT_EQ(step.started["batch"]["size"], 40) << id;
        ASSERT_EQ(step.batches.size(), 3u) << id; // 40, 40, 20
        EXPECT_EQ(step.batches[1]["batch_rows"], 40) << id;
    }
    EXPECT_EQ(backfills, 2) << r.output;

    auto automatic =
        write("auto.toml", "[env.dev]\nurl = \"" + url() + "\"\nbatch_size = \"auto\"\n");
    auto plan = run_stepwise(
        {"--config", automatic, "plan", "--env", "dev", "--schema", start_, "--format", "json"});
    EXPECT_EQ(plan.exit_code, 0) << plan.output;
    auto too_big = write("big.toml", "[env.dev]\nurl = \"" + url() + "\"\nbatch_size = 1000000\n");
    auto refused = run_stepwise({"--config", too_big, "plan", "--env", "dev", "--schema", start_});
    EXPECT_EQ(refused.exit_code, 1) << refused.output;
    EXPECT_NE(refused.output.find(too_big + ":3:"), std::string::npos) << refused.output;
    EXPECT_NE(refused.output.find("from 1 to 100000"), std::string::npos) << refused.output;
}

TEST_F(RuntimeCli, BadOrphanWaitIsAnErrorBeforeAnythingRuns) {
    seed(1);
    for (auto bad : {"soon", "-1s", "25h", "10 s"}) {
        auto r = run_stepwise(apply_target({"--orphan-wait", bad}));
        EXPECT_EQ(r.exit_code, 1) << bad << "\n" << r.output;
        EXPECT_NE(r.output.find("--orphan-wait takes a duration"), std::string::npos) << r.output;
        auto back = run_stepwise({"rollback", "--url", url(), "--yes", "--orphan-wait", bad});
        EXPECT_EQ(back.exit_code, 1) << bad << "\n" << back.output;
        EXPECT_NE(back.output.find("--orphan-wait takes a duration"), std::string::npos)
            << back.output;
    }
    EXPECT_EQ(scalar("SELECT count(*) FROM sqlite_master WHERE name = 'old_stuff'"), "1");
    auto config = write("bad.toml", "[env.dev]\nurl = \"" + url() + "\"\norphan_wait = 30\n");
    auto r = run_stepwise({"--config", config, "rollback", "--env", "dev", "--yes"});
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_NE(r.output.find(config + ":3:"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("'orphan_wait'"), std::string::npos) << r.output;
    // Good values are taken (SQLite has nothing to wait for).
    auto ok = run_stepwise(apply_target({"--orphan-wait", "2m"}));
    EXPECT_EQ(ok.exit_code, 0) << ok.output;
    auto undo = run_stepwise({"rollback", "--url", url(), "--yes", "--orphan-wait", "0s"});
    EXPECT_EQ(undo.exit_code, 0) << undo.output;
}

TEST_F(RuntimeCli, PurgeNeedsDataLossAndConfirmationThenBlocksRollback) {
    seed(20);
    ASSERT_EQ(run_stepwise(apply_target()).exit_code, 0);
    // Two tombstones: the dropped table and the table the rebuild swapped out.
    auto refused = run_stepwise({"purge", "--url", url(), "--yes"});
    EXPECT_EQ(refused.exit_code, 3) << refused.output;
    EXPECT_NE(refused.output.find("old_stuff:drop [DataLoss]"), std::string::npos)
        << refused.output;
    EXPECT_NE(refused.output.find("items:rebuild:swap [DataLoss]"), std::string::npos)
        << refused.output;
    EXPECT_NE(refused.output.find("20"), std::string::npos) << refused.output; // its rows

    auto unconfirmed = run_stepwise({"purge", "--url", url(), "--allow-hazard", "DataLoss"});
    EXPECT_EQ(unconfirmed.exit_code, 1) << unconfirmed.output;
    EXPECT_NE(unconfirmed.output.find("--yes"), std::string::npos) << unconfirmed.output;

    auto young = run_stepwise(
        {"purge", "--url", url(), "--older-than", "1h", "--allow-hazard", "DataLoss", "--yes"});
    EXPECT_EQ(young.exit_code, 0) << young.output;
    EXPECT_NE(young.output.find("No tombstones"), std::string::npos) << young.output;
    EXPECT_EQ(scalar("SELECT count(*) FROM sqlite_master WHERE name LIKE '_stepwise_dropped_%'"),
              "2");

    auto purged = run_stepwise({"purge", "--url", url(), "--allow-hazard", "DataLoss", "--yes"});
    EXPECT_EQ(purged.exit_code, 0) << purged.output;
    EXPECT_NE(purged.output.find("Purged 2 tombstones"), std::string::npos) << purged.output;
    EXPECT_EQ(scalar("SELECT count(*) FROM sqlite_master WHERE name LIKE '_stepwise_dropped_%'"),
              "0");
    auto again = run_stepwise({"purge", "--url", url(), "--allow-hazard", "DataLoss", "--yes"});
    EXPECT_NE(again.output.find("No tombstones"), std::string::npos) << again.output;

    // Undoing a step whose tombstone is gone is refused before anything changes.
    auto rollback = run_stepwise({"rollback", "--url", url(), "--yes"});
    EXPECT_EQ(rollback.exit_code, 3) << rollback.output;
    EXPECT_NE(rollback.output.find("was purged"), std::string::npos) << rollback.output;
    EXPECT_EQ(scalar("SELECT count(*) FROM items WHERE label IS NOT NULL"), "20");
}

TEST_F(RuntimeCli, RefusedSavedPlanSaysWhatDrifted) {
    seed(3);
    auto plan_file = (dir_ / "plan.json").string();
    auto p = run_stepwise({"plan", "--url", url(), "--schema", target_, "-o", plan_file});
    ASSERT_EQ(p.exit_code, 0) << p.output;
    {
        SqliteConnection c(db_);
        c.execute("ALTER TABLE items ADD COLUMN sneaky text");
        c.execute("CREATE TABLE extra (id integer PRIMARY KEY)");
    }
    auto r = run_stepwise({"apply", "--url", url(), plan_file, "--yes", "--contract",
                           "--allow-hazard", "DataLoss", "--allow-hazard", "TableRewrite",
                           "--allow-hazard", "LongRunning", "--allow-hazard", "AppIncompatible"});
    EXPECT_EQ(r.exit_code, 3) << r.output;
    EXPECT_NE(r.output.find("drifted"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("items.sneaky"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("extra"), std::string::npos) << r.output;
}

} // namespace
