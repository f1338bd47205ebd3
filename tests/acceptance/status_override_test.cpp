// `stepwise status` shows the batch policy a backfill ran with when `apply --batch-*`
// overrode the plan's, and reads state tables from before runs recorded it.

#include "dialects/sqlite/sqlite_connection.h"
#include "tests/acceptance/case_runner.h"
#include "tests/acceptance/scratch_dir.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using stepwise::sqlite::SqliteConnection;
using stepwise::testing::run_stepwise;

namespace {

const char* kStart = "table items {\n  id int primary key\n  n  int\n}\n";
const char* kTarget = "table items {\n  id int primary key\n  n  int\n"
                      "  label text not null backfill ('item ' || id)\n}\n";
const char* kBackfill = "items.label:backfill";
// The compiled default: nothing configured.
const nlohmann::json kPlanned{
    {"automatic", true}, {"size", 100}, {"target_ms", 250}, {"pause_ms", 0}};

class StatusOverride : public stepwise::testing::ScratchDirTest {
protected:
    void SetUp() override {
        ScratchDirTest::SetUp();
        db_ = (dir_ / "app.db").string();
        url_ = "sqlite://" + db_;
        apply(kStart, {});
        SqliteConnection c(db_);
        c.execute("INSERT INTO items (id, n) VALUES (1, 1), (2, 2), (3, 3)");
    }

    void apply(const char* schema, const std::vector<std::string>& extra) {
        std::vector<std::string> args{
            "apply", "--url", url_, "--schema", write("s.schema", schema), "--yes", "--quiet"};
        for (const char* hazard : {"LongRunning", "AppIncompatible", "TableRewrite"})
            args.insert(args.end(), {"--allow-hazard", hazard});
        args.insert(args.end(), extra.begin(), extra.end());
        auto r = run_stepwise(args);
        ASSERT_EQ(r.exit_code, 0) << r.output;
    }

    nlohmann::json backfill_status() {
        auto r = run_stepwise({"status", "--url", url_, "--json"});
        EXPECT_EQ(r.exit_code, 0) << r.output;
        auto j = nlohmann::json::parse(r.output);
        for (const auto& s : j["steps"])
            if (s["id"] == kBackfill)
                return s;
        ADD_FAILURE() << "no step " << kBackfill << " in " << j.dump();
        return {};
    }

    // The line under the backfill step in `status` text.
    std::string backfill_line() {
        auto r = run_stepwise({"status", "--url", url_});
        EXPECT_EQ(r.exit_code, 0) << r.output;
        auto at = r.output.find(kBackfill);
        if (at == std::string::npos)
            return "no step in: " + r.output;
        auto next = r.output.find('\n', at) + 1;
        return r.output.substr(next, r.output.find('\n', next) - next);
    }

    std::string db_, url_;
};

TEST_F(StatusOverride, ShowsTheRunsBatchSizeAndThePlans) {
    apply(kTarget, {"--batch-size", "7", "--batch-pause", "3ms"});
    auto s = backfill_status();
    EXPECT_EQ(
        s["batch"],
        (nlohmann::json{{"automatic", false}, {"size", 7}, {"target_ms", 250}, {"pause_ms", 3}}));
    EXPECT_EQ(s["planned_batch"], kPlanned);
    EXPECT_EQ(backfill_line(), "      batches of 7 rows, pausing 3ms between them (set by apply; "
                               "the plan's: batches tuned to about 250ms each, the first of 100 "
                               "rows)");
}

TEST_F(StatusOverride, ARunWithoutOverridesShowsThePlansAlone) {
    apply(kTarget, {});
    auto s = backfill_status();
    EXPECT_EQ(s["batch"], kPlanned);
    EXPECT_TRUE(s["planned_batch"].is_null()) << s.dump();
    EXPECT_EQ(backfill_line(), "      batches tuned to about 250ms each, the first of 100 rows");
}

// A state table an older version created: status reads it as it is (the plan's policy), and
// the next apply adds the column and records its run's.
TEST_F(StatusOverride, AnOlderStateTableIsReadThenUpgraded) {
    apply(kTarget, {"--batch-size", "7"});
    {
        SqliteConnection c(db_);
        c.execute("ALTER TABLE _stepwise_state DROP COLUMN batch_policy");
        c.execute("ALTER TABLE _stepwise_state DROP COLUMN down_done");
    }
    auto s = backfill_status();
    EXPECT_EQ(s["batch"], kPlanned);
    EXPECT_TRUE(s["planned_batch"].is_null()) << s.dump();
    EXPECT_EQ(s["down_done"], 0);

    // The contract of the same plan, resumed with another override: the rebuild's copy records
    // it; the backfill, applied before the column existed, still shows the plan's.
    apply(kTarget, {"--contract", "--batch-size", "5"});
    auto r = run_stepwise({"status", "--url", url_, "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.output;
    auto j = nlohmann::json::parse(r.output);
    bool copied = false;
    for (const auto& step : j["steps"]) {
        if (step["id"] == kBackfill)
            EXPECT_EQ(step["batch"], kPlanned);
        if (step["id"] == "items:rebuild:copy") {
            copied = true;
            EXPECT_EQ(step["batch"]["size"], 5) << step.dump();
            EXPECT_EQ(step["batch"]["automatic"], false) << step.dump();
        }
    }
    EXPECT_TRUE(copied) << j.dump();
}

// A recorded policy that cannot be read (edited by hand) counts as not recorded.
TEST_F(StatusOverride, AnUnreadableRecordFallsBackOnThePlans) {
    apply(kTarget, {"--batch-size", "7"});
    {
        SqliteConnection c(db_);
        c.execute("UPDATE _stepwise_state SET batch_policy = '{\"size\": \"many\"}'");
    }
    EXPECT_EQ(backfill_status()["batch"], kPlanned);
}

} // namespace
