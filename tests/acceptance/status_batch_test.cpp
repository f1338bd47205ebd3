// `stepwise status` shows each backfill step's batch policy, as the applied plan recorded it.

#include "tests/acceptance/case_runner.h"
#include "tests/acceptance/scratch_dir.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <vector>

using stepwise::testing::run_stepwise;

namespace {

const char* kStart = "table items {\n  id int primary key\n  n  int\n}\n";
const char* kTarget = "table items {\n  id int primary key\n  n  int\n"
                      "  label text not null backfill ('item ' || id)\n}\n";
const char* kBackfill = "items.label:backfill";

class StatusBatch : public stepwise::testing::ScratchDirTest {
protected:
    void SetUp() override {
        ScratchDirTest::SetUp();
        url_ = "sqlite://" + (dir_ / "app.db").string();
    }

    // Applies kStart, then kTarget's expand and backfill, through env dev of a config
    // whose section ends with `config_text`.
    void apply_both(const std::string& config_text) {
        auto config = write("stepwise.toml", "[env.dev]\nurl = \"" + url_ + "\"\n" + config_text);
        for (const char* schema : {kStart, kTarget}) {
            auto r = run_stepwise({"--config", config, "apply", "--env", "dev", "--schema",
                                   write("s.schema", schema), "--yes", "--allow-hazard",
                                   "LongRunning", "--allow-hazard", "AppIncompatible"});
            ASSERT_EQ(r.exit_code, 0) << r.output;
        }
    }

    nlohmann::json status_json() {
        auto r = run_stepwise({"status", "--url", url_, "--json"});
        EXPECT_EQ(r.exit_code, 0) << r.output;
        return nlohmann::json::parse(r.output);
    }

    std::string url_;
};

const nlohmann::json& step(const nlohmann::json& status, const std::string& id) {
    for (const auto& s : status["steps"])
        if (s["id"] == id)
            return s;
    throw std::runtime_error("no step " + id + " in " + status.dump());
}

TEST_F(StatusBatch, ShowsTheAutomaticDefault) {
    apply_both("");
    auto j = status_json();
    EXPECT_EQ(
        step(j, kBackfill)["batch"],
        (nlohmann::json{{"automatic", true}, {"size", 100}, {"target_ms", 250}, {"pause_ms", 0}}));
    // Steps without a backfill have none; the contract's copy into the rebuilt table has one.
    std::vector<std::string> batched;
    for (const auto& s : j["steps"])
        if (!s["batch"].is_null())
            batched.push_back(s["id"]);
    EXPECT_EQ(batched, (std::vector<std::string>{kBackfill, "items:rebuild:copy"})) << j.dump();

    auto text = run_stepwise({"status", "--url", url_});
    ASSERT_EQ(text.exit_code, 0) << text.output;
    auto at = text.output.find(kBackfill);
    ASSERT_NE(at, std::string::npos) << text.output;
    auto next_line = text.output.find('\n', at) + 1;
    EXPECT_EQ(text.output.substr(next_line, text.output.find('\n', next_line) - next_line),
              "      batches tuned to about 250ms each, the first of 100 rows")
        << text.output;
}

TEST_F(StatusBatch, ShowsAFixedSizeFromTheConfig) {
    apply_both("batch_size = 7\nbatch_target = \"80ms\"\n");
    EXPECT_EQ(
        step(status_json(), kBackfill)["batch"],
        (nlohmann::json{{"automatic", false}, {"size", 7}, {"target_ms", 80}, {"pause_ms", 0}}));
    auto text = run_stepwise({"status", "--url", url_});
    EXPECT_NE(text.output.find("\n      batches of 7 rows\n"), std::string::npos) << text.output;
}

} // namespace
