#include "dialects/common/connection.h"
#include "runtime/batch_sizer.h"
#include "runtime/clock.h"
#include "runtime/json_reporter.h"
#include "runtime/progress_format.h"
#include "runtime/retry.h"
#include "runtime/step_state.h"
#include "runtime/terminal_reporter.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sstream>

namespace stepwise::runtime {
namespace {

using namespace std::chrono_literals;

TEST(BatchSizer, FixedSizeNeverChanges) {
    plan::BatchPolicy policy;
    policy.size = 500;
    BatchSizer sizer(policy);
    sizer.observe(500, 10s);
    sizer.observe(500, 1us);
    EXPECT_EQ(sizer.size(), 500);
}

TEST(BatchSizer, AutomaticDoublesWhenFastAndHalvesWhenSlowWithinBounds) {
    plan::BatchPolicy policy;
    policy.size = 1000;
    policy.automatic = true;
    policy.target = 100ms;
    BatchSizer sizer(policy);
    sizer.observe(1000, 1ms); // 100x too fast: at most doubles
    EXPECT_EQ(sizer.size(), 2000);
    sizer.observe(2000, 1s); // 10x too slow: at most halves
    EXPECT_EQ(sizer.size(), 1000);
    sizer.observe(1000, 80ms); // close: scales in proportion
    EXPECT_EQ(sizer.size(), 1250);
    sizer.observe(10, 1s); // a short last batch says nothing
    EXPECT_EQ(sizer.size(), 1250);
    for (int i = 0; i < 40; ++i)
        sizer.observe(sizer.size(), 1us);
    EXPECT_EQ(sizer.size(), BatchSizer::kMax);
    for (int i = 0; i < 40; ++i)
        sizer.observe(sizer.size(), 100s);
    EXPECT_EQ(sizer.size(), BatchSizer::kMin);
}

TEST(Retry, BackoffDoublesUpToTheCap) {
    RetryPolicy policy;
    policy.initial_delay = 100ms;
    policy.max_delay = 1000ms;
    EXPECT_EQ(backoff_ceiling(policy, 1), 100ms);
    EXPECT_EQ(backoff_ceiling(policy, 2), 200ms);
    EXPECT_EQ(backoff_ceiling(policy, 4), 800ms);
    EXPECT_EQ(backoff_ceiling(policy, 5), 1000ms);
    EXPECT_EQ(backoff_ceiling(policy, 60), 1000ms);
}

TEST(Retry, JitterStaysBetweenHalfAndTheCeilingAndIsReproducible) {
    RetryPolicy policy;
    policy.initial_delay = 100ms;
    policy.max_delay = 10s;
    policy.jitter = 0.5;
    policy.seed = 1234;
    QuietReporter quiet;
    Retrier a(policy, quiet), b(policy, quiet);
    bool varied = false;
    std::chrono::milliseconds first{};
    for (int retry = 1; retry <= 6; ++retry) {
        auto ceiling = backoff_ceiling(policy, retry);
        for (int i = 0; i < 20; ++i) {
            auto d = a.next_delay(retry);
            EXPECT_EQ(d, b.next_delay(retry));
            EXPECT_GE(d, ceiling / 2);
            EXPECT_LE(d, ceiling);
            if (retry == 1 && i == 0)
                first = d;
            varied = varied || (retry == 1 && d != first);
        }
    }
    EXPECT_TRUE(varied);
}

TEST(Retry, OnlyLockTimeoutsAreRetried) {
    RetryPolicy policy;
    policy.initial_delay = 1ms;
    policy.attempts = 4;
    QuietReporter quiet;
    Retrier retrier(policy, quiet);
    int calls = 0;
    retrier.run("s", [&] {
        if (++calls < 3)
            throw dialect::DatabaseError("database is locked", "5", true);
    });
    EXPECT_EQ(calls, 3);
    EXPECT_EQ(retrier.retries(), 2);

    calls = 0;
    EXPECT_THROW(retrier.run("s",
                             [&] {
                                 ++calls;
                                 throw dialect::DatabaseError("no such table: x", "1", false);
                             }),
                 dialect::DatabaseError);
    EXPECT_EQ(calls, 1);
}

TEST(StepState, StatusNamesRoundTrip) {
    for (auto s : {StepStatus::Pending, StepStatus::Running, StepStatus::Applied,
                   StepStatus::Failed, StepStatus::RolledBack})
        EXPECT_EQ(step_status_from_string(to_string(s)), s);
    EXPECT_STREQ(to_string(StepStatus::RolledBack), "rolled_back");
    EXPECT_FALSE(step_status_from_string("done"));
    EXPECT_EQ(plan_status_from_string("partial"), PlanStatus::Partial);
}

TEST(Clock, Iso8601Utc) {
    std::chrono::system_clock::time_point t{std::chrono::milliseconds(1714564800123LL)};
    EXPECT_EQ(iso8601_utc(t), "2024-05-01T12:00:00.123Z");
}

TEST(ProgressFormat, DurationsCountsBarsAndEta) {
    EXPECT_EQ(format_duration(850ms), "850ms");
    EXPECT_EQ(format_duration(4200ms), "4.2s");
    EXPECT_EQ(format_duration(185s), "3m05s");
    EXPECT_EQ(format_duration(3720s), "1h02m");
    EXPECT_EQ(format_count(0), "0");
    EXPECT_EQ(format_count(1234567), "1,234,567");
    EXPECT_EQ(format_count(999), "999");
    EXPECT_EQ(render_bar(5, 10, 10), "[#####.....]");
    EXPECT_EQ(render_bar(20, 10, 4), "[####]");
    EXPECT_EQ(render_bar(5, std::nullopt, 4), "[....]");
    EXPECT_EQ(estimate_remaining(100, 1100, 50.0), std::optional<std::chrono::milliseconds>(20s));
    EXPECT_FALSE(estimate_remaining(100, std::nullopt, 50.0));
    EXPECT_FALSE(estimate_remaining(100, 200, 0.0));
}

plan::Step sample_step() {
    plan::Step s;
    s.id = "orders.total:backfill";
    s.phase = plan::Phase::Backfill;
    s.summary = "backfill orders.total";
    return s;
}

TEST(JsonReporter, OneObjectPerLine) {
    std::ostringstream out;
    JsonReporter reporter(out);
    auto step = sample_step();
    reporter.step_started(StepStarted{step, Direction::Up, 2, 5, true});
    reporter.batch_done(BatchDone{step, 300, 1000, 100, 200, 15ms, "300"});
    reporter.retrying(Retrying{step.id, 1, 5, 120ms, "database is locked"});
    reporter.step_finished(StepFinished{step, Direction::Up, 2500ms});

    std::istringstream lines(out.str());
    std::vector<nlohmann::json> events;
    for (std::string line; std::getline(lines, line);)
        events.push_back(nlohmann::json::parse(line));
    ASSERT_EQ(events.size(), 4u);
    EXPECT_EQ(events[0]["event"], "step_started");
    EXPECT_EQ(events[0]["phase"], "backfill");
    EXPECT_EQ(events[0]["index"], 2);
    EXPECT_EQ(events[0]["resumed"], true);
    EXPECT_EQ(events[1]["event"], "batch_done");
    EXPECT_EQ(events[1]["rows_done"], 300);
    EXPECT_EQ(events[1]["rows_total"], 1000);
    EXPECT_EQ(events[1]["cursor"], "300");
    EXPECT_EQ(events[2]["event"], "retry");
    EXPECT_EQ(events[2]["delay_ms"], 120);
    EXPECT_EQ(events[3]["elapsed_ms"], 2500);
}

TEST(JsonReporter, BackfillStartShowsItsBatchPolicyAndOrphanWaitsAreEvents) {
    std::ostringstream out;
    JsonReporter reporter(out);
    auto step = sample_step();
    StepStarted started{step, Direction::Up, 1, 1, false};
    started.batch = plan::default_batch_policy();
    reporter.step_started(started);
    reporter.orphan_waiting(
        OrphanWaiting{"a concurrent index build", "server process 4242", 3000ms, 60s, "cancel it"});

    std::istringstream lines(out.str());
    std::vector<nlohmann::json> events;
    for (std::string line; std::getline(lines, line);)
        events.push_back(nlohmann::json::parse(line));
    ASSERT_EQ(events.size(), 2u);
    // The documented default (docs/runtime.md): automatic, 250 ms a batch, a first batch of 100.
    EXPECT_EQ(events[0]["batch"]["automatic"], true);
    EXPECT_EQ(events[0]["batch"]["target_ms"], 250);
    EXPECT_EQ(events[0]["batch"]["size"], 100);
    EXPECT_EQ(events[0]["batch"]["pause_ms"], 0);
    EXPECT_EQ(events[1]["event"], "orphan_wait");
    EXPECT_EQ(events[1]["for"], "a concurrent index build");
    EXPECT_EQ(events[1]["session"], "server process 4242");
    EXPECT_EQ(events[1]["waited_ms"], 3000);
    EXPECT_EQ(events[1]["limit_ms"], 60000);
    EXPECT_EQ(events[1]["then"], "cancel it");
}

TEST(JsonReporter, StepsWithoutABackfillHaveNoBatchField) {
    std::ostringstream out;
    JsonReporter reporter(out);
    auto step = sample_step();
    reporter.step_started(StepStarted{step, Direction::Up, 1, 1, false});
    EXPECT_FALSE(nlohmann::json::parse(out.str()).contains("batch")) << out.str();
}

TEST(TerminalReporter, OrphanWaitIsShownAtOnceThenEveryFewSeconds) {
    std::ostringstream out;
    auto t0 = std::chrono::steady_clock::time_point{} + 1h;
    auto now = t0;
    TerminalOptions options;
    options.plain_interval = 5s;
    options.now = [&] { return now; };
    TerminalReporter reporter(out, options);
    OrphanWaiting wait{"a statement", "server connection 17", 0ms, 60s, "stop it with KILL QUERY"};
    reporter.orphan_waiting(wait);
    now = t0 + 1s;
    wait.waited = 1000ms;
    reporter.orphan_waiting(wait); // within the interval: no line
    now = t0 + 6s;
    wait.waited = 6000ms;
    reporter.orphan_waiting(wait);
    std::string text = out.str();
    EXPECT_NE(text.find("waiting for a statement of an earlier, killed run (server connection "
                        "17): 0ms so far, at 1m00s it will stop it with KILL QUERY"),
              std::string::npos)
        << text;
    EXPECT_EQ(text.find("1.0s so far"), std::string::npos) << text;
    EXPECT_NE(text.find("6.0s so far"), std::string::npos) << text;
}

TEST(TerminalReporter, BackfillStartSaysHowItBatches) {
    std::ostringstream out;
    TerminalReporter reporter(out, TerminalOptions{});
    auto step = sample_step();
    StepStarted started{step, Direction::Up, 1, 1, false};
    started.batch = plan::default_batch_policy();
    reporter.step_started(started);
    started.batch->automatic = false;
    started.batch->size = 5000;
    reporter.step_started(started);
    EXPECT_NE(out.str().find("batches tuned to about 250ms each, the first of 100 rows"),
              std::string::npos)
        << out.str();
    EXPECT_NE(out.str().find("batches of 5,000 rows"), std::string::npos) << out.str();
}

TEST(TerminalReporter, PlainOutputPrintsProgressEveryFewSeconds) {
    std::ostringstream out;
    auto t0 = std::chrono::steady_clock::time_point{} + 1h;
    auto now = t0;
    TerminalOptions options;
    options.tty = false;
    options.plain_interval = 5s;
    options.now = [&] { return now; };
    TerminalReporter reporter(out, options);
    auto step = sample_step();

    reporter.step_started(StepStarted{step, Direction::Up, 1, 1, false});
    now = t0 + 1s;
    reporter.batch_done(BatchDone{step, 100, 1000, 100, 100, 1s, "100"});
    now = t0 + 2s; // within the interval: no line
    reporter.batch_done(BatchDone{step, 200, 1000, 100, 100, 1s, "200"});
    now = t0 + 7s;
    reporter.batch_done(BatchDone{step, 700, 1000, 500, 100, 5s, "700"});

    std::string text = out.str();
    EXPECT_EQ(text.find('\r'), std::string::npos);
    EXPECT_NE(text.find("[1/1] backfill orders.total:backfill: backfill orders.total"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("100/1,000 rows ( 10%)"), std::string::npos) << text;
    EXPECT_EQ(text.find("200/1,000"), std::string::npos) << text;
    // 700 rows in 7 s: 100 rows/s, 300 left: 3 s.
    EXPECT_NE(text.find("700/1,000 rows ( 70%), 100 rows/s, ETA 3.0s"), std::string::npos) << text;
}

TEST(TerminalReporter, TtyRedrawsABarInPlace) {
    std::ostringstream out;
    auto t0 = std::chrono::steady_clock::time_point{} + 1h;
    auto now = t0 + 2s;
    TerminalOptions options;
    options.tty = true;
    options.bar_width = 10;
    options.now = [&] { return now; };
    TerminalReporter reporter(out, options);
    auto step = sample_step();
    reporter.batch_done(BatchDone{step, 500, 1000, 500, 500, 2s, "500"});
    reporter.step_finished(StepFinished{step, Direction::Up, 4s});
    std::string text = out.str();
    EXPECT_NE(text.find("\r      [#####.....]  50% 500/1,000 rows, 250 rows/s, ETA 2.0s"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("\n      done in 4.0s\n"), std::string::npos) << text;
}

} // namespace
} // namespace stepwise::runtime
