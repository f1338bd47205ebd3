// A step's CREATE INDEX CONCURRENTLY that finds its index being built by another session waits
// for that build (the index-build guard), and the user sees the wait as the run lock's waits
// are shown: an orphan_wait event in JSON, a "waiting for" line in text. The build is then
// done, so the resumed step counts the CREATE without running it.

#include "dialects/postgres/pg_connection.h"
#include "dialects/postgres/pg_dialect.h"
#include "runtime/executor.h"
#include "runtime/json_reporter.h"
#include "runtime/state_store.h"
#include "runtime/terminal_reporter.h"
#include "tests/postgres/pg_index_build.h"
#include "tests/postgres/pg_server.h"
#include "tests/support/migration_plan.h"

#include <condition_variable>
#include <gtest/gtest.h>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

using namespace stepwise;
using stepwise::testing::HeldIndexBuild;
using stepwise::testing::index_valid;
using stepwise::testing::PgServer;

namespace {

// Both user-facing reporters at once; the first wait ends the other session's build by
// committing the transaction it waits for, so the test never depends on how long a wait is.
class WaitWatcher : public runtime::Reporter {
public:
    explicit WaitWatcher(HeldIndexBuild& build)
        : json_(json_out_), text_(text_out_, {}), build_(build) {}

    void step_started(const runtime::StepStarted& e) override { json_.step_started(e); }
    void step_finished(const runtime::StepFinished& e) override { json_.step_finished(e); }
    void orphan_waiting(const runtime::OrphanWaiting& e) override {
        json_.orphan_waiting(e);
        text_.orphan_waiting(e);
        build_.release();
    }

    std::vector<nlohmann::json> events() const {
        std::vector<nlohmann::json> out;
        std::istringstream lines(json_out_.str());
        for (std::string line; std::getline(lines, line);)
            out.push_back(nlohmann::json::parse(line));
        return out;
    }
    std::vector<nlohmann::json> orphan_waits() const {
        std::vector<nlohmann::json> out;
        for (const auto& e : events())
            if (e["event"] == "orphan_wait")
                out.push_back(e);
        return out;
    }
    std::string text() const { return text_out_.str(); }

private:
    std::ostringstream json_out_, text_out_;
    runtime::JsonReporter json_;
    runtime::TerminalReporter text_;
    HeldIndexBuild& build_;
};

// A table t of one row, and the plan that adds index t_v_idx to it: one step.
plan::Plan index_plan(const dialect::Dialect& d, dialect::Connection& c) {
    c.execute("CREATE TABLE t (id int PRIMARY KEY, v int); INSERT INTO t VALUES (1, 1)");
    return stepwise::testing::compile_plan(
        d, c, "table t {\n  id int primary key\n  v int\n  index t_v_idx (v)\n}\n", 1000);
}

} // namespace

TEST(PgGuardWait, AnotherSessionsBuildIsReportedAsAWait) {
    STEPWISE_REQUIRE_PG();
    auto d = postgres::make_postgres_dialect();
    auto url = dialect::parse_url(PgServer::instance().create_database("guard_wait"));
    auto c = d->connect(url);
    auto plan = index_plan(*d, *c);
    ASSERT_EQ(plan.steps.size(), 1u);
    const auto& step = plan.steps[0];
    ASSERT_FALSE(step.transactional);
    // A run killed before its guarded CREATE was counted.
    ASSERT_EQ(step.up.size(), 1u);
    ASSERT_NE(plan::guard_of(step, plan::Side::Up, 0), nullptr);
    runtime::StateStore store(*d, *c);
    store.ensure_tables();
    store.record_plan(plan);
    store.mark_running(plan.id, step.id);

    // Another session's build of the same index, held half done.
    HeldIndexBuild build(*d, url, "CREATE INDEX CONCURRENTLY t_v_idx ON t (v)", "t_v_idx");
    ASSERT_EQ(index_valid(*c, "t_v_idx"), "false");

    // Unreported, the wait would run out: the guard gives up after 5 s, and one attempt
    // makes that fail the apply rather than wait again.
    auto* pg = dynamic_cast<postgres::PgConnection*>(c.get());
    ASSERT_NE(pg, nullptr);
    pg->set_orphan_wait(std::chrono::seconds(5));
    runtime::ApplyOptions options;
    options.retry.attempts = 1;
    WaitWatcher watcher(build);
    EXPECT_NO_THROW(runtime::Executor(*d, *c, watcher).apply(plan, options));
    EXPECT_EQ(build.join(), "");
    EXPECT_EQ(index_valid(*c, "t_v_idx"), "true");

    auto waits = watcher.orphan_waits();
    ASSERT_FALSE(waits.empty()) << watcher.text();
    EXPECT_EQ(waits[0]["for"], "the concurrent build of index \"t_v_idx\" on \"public\".\"t\"");
    EXPECT_EQ(waits[0]["session"], "server process " + build.pid());
    EXPECT_EQ(waits[0]["origin"], "another session");
    EXPECT_EQ(waits[0]["limit_ms"], 5000);
    EXPECT_EQ(waits[0]["then"], "give up and retry as after a lock timeout");
    EXPECT_EQ(watcher.text().rfind("      waiting for the concurrent build of index \"t_v_idx\" on "
                                   "\"public\".\"t\" of another session (server process " +
                                       build.pid() + "): ",
                                   0),
              0u)
        << watcher.text();
}

// A fresh run of an index step, not a resumed one, while another session holds a build of the
// same index: the step's first statement must be the guarded CREATE, whose wait is bounded and
// reported, not an unguarded DROP INDEX CONCURRENTLY that would queue behind the other build's
// lock with no timeout and no word to the user.
TEST(PgGuardWait, AFreshIndexStepWaitsOnlyThroughItsGuard) {
    STEPWISE_REQUIRE_PG();
    auto d = postgres::make_postgres_dialect();
    auto url = dialect::parse_url(PgServer::instance().create_database("guard_fresh"));
    auto c = d->connect(url);
    auto plan = index_plan(*d, *c);
    ASSERT_EQ(plan.steps.size(), 1u);
    const auto& step = plan.steps[0];
    ASSERT_EQ(step.up.size(), 1u) << step.up[0];
    ASSERT_NE(plan::guard_of(step, plan::Side::Up, 0), nullptr);

    HeldIndexBuild build(*d, url, "CREATE INDEX CONCURRENTLY t_v_idx ON t (v)", "t_v_idx");
    ASSERT_EQ(index_valid(*c, "t_v_idx"), "false");
    // Only for a regression: a statement stuck behind the other build's lock never reports a
    // wait, so nothing would release the build; this does, so the test fails instead of hanging.
    std::mutex m;
    std::condition_variable cv;
    bool finished = false;
    std::thread watchdog([&] {
        std::unique_lock<std::mutex> lock(m);
        if (!cv.wait_for(lock, std::chrono::seconds(60), [&] { return finished; }))
            build.release();
    });

    auto* pg = dynamic_cast<postgres::PgConnection*>(c.get());
    ASSERT_NE(pg, nullptr);
    pg->set_orphan_wait(std::chrono::seconds(30));
    runtime::ApplyOptions options;
    options.retry.attempts = 1;
    WaitWatcher watcher(build);
    EXPECT_NO_THROW(runtime::Executor(*d, *c, watcher).apply(plan, options));
    {
        std::lock_guard<std::mutex> lock(m);
        finished = true;
    }
    cv.notify_all();
    watchdog.join();
    EXPECT_EQ(build.join(), "");
    EXPECT_EQ(index_valid(*c, "t_v_idx"), "true");

    auto waits = watcher.orphan_waits();
    ASSERT_FALSE(waits.empty()) << "the step waited for the other build unreported";
    EXPECT_EQ(waits[0]["for"], "the concurrent build of index \"t_v_idx\" on \"public\".\"t\"");
    EXPECT_EQ(waits[0]["session"], "server process " + build.pid());
    EXPECT_EQ(waits[0]["limit_ms"], 30000);
}
