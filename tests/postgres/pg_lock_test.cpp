// Item 7 of issue #4: apply while another session holds a conflicting lock. The step must
// time out and retry instead of queueing, a concurrent reader must never wait much longer
// than the step's lock timeout, and apply must finish once the lock is released.

#include "compiler/diff/differ.h"
#include "compiler/frontend/loader.h"
#include "compiler/model/printer.h"
#include "compiler/plan/plan.h"
#include "dialects/postgres/pg_dialect.h"
#include "runtime/executor.h"
#include "tests/postgres/pg_server.h"

#include <atomic>
#include <gtest/gtest.h>
#include <thread>

using namespace stepwise;
using stepwise::testing::PgServer;
using Clock = std::chrono::steady_clock;

namespace {

class CountingReporter : public runtime::Reporter {
public:
    void retrying(const runtime::Retrying&) override { ++retries; }
    std::atomic<int> retries{0};
};

} // namespace

TEST(PgLock, ApplyRetriesBehindAHeldLockWithoutStallingReaders) {
    STEPWISE_REQUIRE_PG();
    auto dialect = postgres::make_postgres_dialect();
    auto url = dialect::parse_url(PgServer::instance().create_database("lock_conflict"));
    auto setup = dialect->connect(url);
    setup->execute("CREATE TABLE accounts (id int PRIMARY KEY, owner text);"
                   "INSERT INTO accounts SELECT g, 'o' || g FROM generate_series(1, 100) g");

    auto current = dialect->inspect(*setup);
    auto desired = frontend::parse_sources(
        {{"d.schema", "table accounts {\n id int primary key\n owner text\n note text\n}\n"}},
        dialect->naming());
    plan::Plan plan;
    plan.dialect = dialect->name();
    plan.from_fingerprint = model::fingerprint(current);
    plan.to_fingerprint = model::fingerprint(desired);
    plan.id = plan::make_plan_id(plan.from_fingerprint, plan.to_fingerprint);
    dialect::CompileOptions options;
    options.plan_id = plan.id;
    const auto lock_timeout = std::chrono::milliseconds(200);
    options.lock_timeout = lock_timeout;
    auto changes = diff::diff(current, desired, dialect->diff_driver());
    plan.steps = dialect->compile(changes, current, desired, options).ordered();
    ASSERT_EQ(plan.steps.size(), 1u);
    ASSERT_EQ(plan.steps[0].lock.mode, "ACCESS EXCLUSIVE");

    // Another session reads the table in an open transaction: its ACCESS SHARE lock
    // conflicts with the ACCESS EXCLUSIVE lock that ADD COLUMN needs.
    auto holder = dialect->connect(url);
    holder->begin();
    holder->query("SELECT count(*) FROM accounts");

    std::atomic<bool> stop{false};
    std::atomic<long long> worst_wait_ms{0};
    std::atomic<int> reads{0};
    std::string reader_error;
    std::thread reader([&] {
        try {
            auto r = dialect->connect(url);
            while (!stop) {
                auto started = Clock::now();
                r->query("SELECT count(*) FROM accounts");
                long long waited =
                    std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started)
                        .count();
                worst_wait_ms = std::max<long long>(worst_wait_ms, waited);
                ++reads;
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
            }
        } catch (const std::exception& e) {
            reader_error = e.what();
        }
    });
    std::thread releaser([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(1200));
        holder->commit();
    });

    auto conn = dialect->connect(url);
    CountingReporter reporter;
    runtime::Executor executor(*dialect, *conn, reporter);
    runtime::ApplyOptions apply;
    apply.retry.attempts = 20;
    apply.retry.initial_delay = std::chrono::milliseconds(100);
    apply.retry.max_delay = std::chrono::milliseconds(400);
    auto started = Clock::now();
    runtime::ApplyResult result;
    EXPECT_NO_THROW(result = executor.apply(plan, apply));
    auto took = Clock::now() - started;
    releaser.join();
    stop = true;
    reader.join();

    EXPECT_TRUE(reader_error.empty()) << reader_error;
    EXPECT_GE(reporter.retries.load(), 1) << "apply never hit the lock timeout";
    EXPECT_GE(took, std::chrono::milliseconds(1000)) << "apply cannot finish before the release";
    EXPECT_GT(reads.load(), 5);
    // The margin covers scheduling on a loaded 2-core machine; without a lock timeout the
    // reader would wait for the whole 1.2 s the lock is held.
    EXPECT_LT(worst_wait_ms.load(), lock_timeout.count() + 400)
        << "a reader queued behind the waiting ALTER for too long";
    auto cols = setup->query("SELECT count(*) FROM information_schema.columns WHERE "
                             "table_name = 'accounts' AND column_name = 'note'");
    EXPECT_EQ(cols.rows[0][0], std::optional<std::string>("1"));
}
