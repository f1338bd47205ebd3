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
#include "tests/postgres/pg_index_valid.h"
#include "tests/postgres/pg_server.h"
#include "tests/support/migration_plan.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

using namespace stepwise;
using stepwise::testing::index_valid;
using stepwise::testing::PgServer;

namespace {

// Both user-facing reporters at once; the first wait ends the other session's build by
// committing the transaction it waits for, so the test never depends on how long a wait is.
class WaitWatcher : public runtime::Reporter {
public:
    explicit WaitWatcher(dialect::Connection& blocker)
        : json_(json_out_), text_(text_out_, {}), blocker_(blocker) {}

    void step_started(const runtime::StepStarted& e) override { json_.step_started(e); }
    void step_finished(const runtime::StepFinished& e) override { json_.step_finished(e); }
    void orphan_waiting(const runtime::OrphanWaiting& e) override {
        json_.orphan_waiting(e);
        text_.orphan_waiting(e);
        if (blocker_.in_transaction())
            blocker_.commit();
    }

    std::vector<nlohmann::json> events() const {
        std::vector<nlohmann::json> out;
        std::istringstream lines(json_out_.str());
        for (std::string line; std::getline(lines, line);)
            out.push_back(nlohmann::json::parse(line));
        return out;
    }
    std::string text() const { return text_out_.str(); }

private:
    std::ostringstream json_out_, text_out_;
    runtime::JsonReporter json_;
    runtime::TerminalReporter text_;
    dialect::Connection& blocker_;
};

} // namespace

TEST(PgGuardWait, AnotherSessionsBuildIsReportedAsAWait) {
    STEPWISE_REQUIRE_PG();
    auto d = postgres::make_postgres_dialect();
    auto url = dialect::parse_url(PgServer::instance().create_database("guard_wait"));
    auto c = d->connect(url);
    c->execute("CREATE TABLE t (id int PRIMARY KEY, v int); INSERT INTO t VALUES (1, 1)");
    auto plan = stepwise::testing::compile_plan(
        *d, *c, "table t {\n  id int primary key\n  v int\n  index t_v_idx (v)\n}\n", 1000);
    ASSERT_EQ(plan.steps.size(), 1u);
    const auto& step = plan.steps[0];
    ASSERT_FALSE(step.transactional);
    // A run killed after the step's first statement (the DROP of a dead index, which would
    // otherwise wait on the other build's lock unseen) and before its guarded CREATE.
    ASSERT_EQ(step.up.size(), 2u);
    ASSERT_NE(plan::guard_of(step, plan::Side::Up, 1), nullptr);
    runtime::StateStore store(*d, *c);
    store.ensure_tables();
    store.record_plan(plan);
    store.mark_running(plan.id, step.id);
    store.set_statements_done(plan.id, step.id, 1);

    // An open transaction with a snapshot holds another session's CREATE INDEX CONCURRENTLY
    // of the same index in its wait, with the index in the catalog and not yet valid.
    auto old = d->connect(url);
    old->begin();
    old->query("SELECT txid_current()");
    auto builder = d->connect(url);
    std::string builder_pid = stepwise::testing::scalar(*builder, "SELECT pg_backend_pid()");
    std::string build_error;
    std::thread build([&] {
        try {
            builder->execute("CREATE INDEX CONCURRENTLY t_v_idx ON t (v)");
        } catch (const std::exception& e) {
            build_error = e.what();
        }
    });
    for (int i = 0; i < 400 && index_valid(*c, "t_v_idx") != "false"; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
    ASSERT_EQ(index_valid(*c, "t_v_idx"), "false");

    // Unreported, the wait would run out: the guard gives up after 5 s, and one attempt
    // makes that fail the apply rather than wait again.
    auto* pg = dynamic_cast<postgres::PgConnection*>(c.get());
    ASSERT_NE(pg, nullptr);
    pg->set_orphan_wait(std::chrono::seconds(5));
    runtime::ApplyOptions options;
    options.retry.attempts = 1;
    WaitWatcher watcher(*old);
    EXPECT_NO_THROW(runtime::Executor(*d, *c, watcher).apply(plan, options));
    if (old->in_transaction())
        old->commit(); // lets the other build end either way
    build.join();
    EXPECT_TRUE(build_error.empty()) << build_error;
    EXPECT_EQ(index_valid(*c, "t_v_idx"), "true");

    std::vector<nlohmann::json> waits;
    for (const auto& e : watcher.events())
        if (e["event"] == "orphan_wait")
            waits.push_back(e);
    ASSERT_FALSE(waits.empty()) << watcher.text();
    EXPECT_EQ(waits[0]["for"], "the concurrent build of index \"t_v_idx\" on \"public\".\"t\"");
    EXPECT_EQ(waits[0]["session"], "server process " + builder_pid);
    EXPECT_EQ(waits[0]["origin"], "another session");
    EXPECT_EQ(waits[0]["limit_ms"], 5000);
    EXPECT_EQ(waits[0]["then"], "give up and retry as after a lock timeout");
    EXPECT_EQ(watcher.text().rfind("      waiting for the concurrent build of index \"t_v_idx\" on "
                                   "\"public\".\"t\" of another session (server process " +
                                       builder_pid + "): ",
                                   0),
              0u)
        << watcher.text();
}
