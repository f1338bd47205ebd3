// The runtime's two dialect hooks, on a real SQLite database: the statement guard is asked
// about exactly the statements the plan marks (never by their text), and purge runs the
// statements a dialect wants before a tombstone column goes.

#include "dialects/common/statement_guard.h"
#include "runtime/executor.h"
#include "tests/unit/runtime_test_support.h"

#include <gtest/gtest.h>

using namespace stepwise;
using runtime::testing::scalar;

namespace {

// SQLite, plus a guard that records what it is asked and skips builds of index `done`.
class GuardedSqlite : public sqlite::SqliteDialect, public dialect::StatementGuard {
public:
    mutable std::vector<std::string> asked; // "<table>.<index>"
    dialect::GuardVerdict before_statement(dialect::Connection&, const plan::Guard& guard,
                                           const dialect::WaitReport&) const override {
        asked.push_back(guard.table + "." + guard.index);
        return guard.index == "done" ? dialect::GuardVerdict::Skip : dialect::GuardVerdict::Run;
    }
};

// SQLite, plus a purge hook that leaves a trace of what it was told.
class PurgeHookSqlite : public sqlite::SqliteDialect {
public:
    std::vector<std::string>
    before_column_purge(dialect::Connection&, const std::string& table, const std::string& column,
                        const std::vector<std::string>& kept_with) const override {
        std::string trace = table + "." + column;
        for (const auto& k : kept_with)
            trace += "+" + k;
        return {"CREATE TABLE purge_trace (what TEXT)",
                "INSERT INTO purge_trace VALUES (" + quote_literal(trace) + ")"};
    }
};

plan::Guard index_guard(const std::string& index) {
    plan::Guard g;
    g.table = "items";
    g.index = index;
    return g;
}

plan::Plan one_step_plan(plan::Step s) {
    plan::Plan p;
    p.id = "b1b2c3d4e5f6";
    p.dialect = "sqlite";
    p.from_fingerprint = "from-fp";
    p.to_fingerprint = "to-fp";
    p.steps = {std::move(s)};
    return p;
}

} // namespace

TEST(RuntimeHooks, TheGuardIsAskedAboutMarkedStatementsOnly) {
    sqlite::TempDb db;
    sqlite::SqliteConnection conn{db.path()};
    runtime::testing::seed_items(conn);
    GuardedSqlite dialect;
    runtime::testing::RecordingReporter reporter;

    plan::Step s;
    s.id = "items:indexes";
    s.transactional = false;
    // Unmarked, though its text starts like a concurrent build: run, never shown to the guard.
    s.up = {"/* CREATE INDEX CONCURRENTLY \"done\" ON \"items\" */ CREATE INDEX \"plain\" ON "
            "items (n)"};
    plan::add_guarded(s, plan::Side::Up, "CREATE INDEX \"done\" ON items (n)", index_guard("done"));
    plan::add_guarded(s, plan::Side::Up, "CREATE INDEX \"built\" ON items (id, n)",
                      index_guard("built"));
    s.down = {"DROP INDEX IF EXISTS \"plain\"", "DROP INDEX IF EXISTS \"built\""};
    runtime::Executor(dialect, conn, reporter).apply(one_step_plan(s));

    EXPECT_EQ(dialect.asked, (std::vector<std::string>{"items.done", "items.built"}));
    auto exists = [&](const std::string& index) {
        return scalar(conn, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = ?1",
                      {index});
    };
    EXPECT_EQ(exists("plain"), "1");
    EXPECT_EQ(exists("done"), "0"); // skipped on the guard's word
    EXPECT_EQ(exists("built"), "1");
}

TEST(RuntimeHooks, PurgeRunsTheDialectsStatementsBeforeDroppingAColumn) {
    sqlite::TempDb db;
    sqlite::SqliteConnection conn{db.path()};
    runtime::testing::seed_items(conn);
    PurgeHookSqlite dialect;
    runtime::testing::RecordingReporter reporter;
    runtime::Executor executor(dialect, conn, reporter);

    const std::string tomb = runtime::tombstone_prefix("c1c2c3d4e5f6") + "n";
    plan::Step s;
    s.id = "items.n:drop";
    s.phase = plan::Phase::Contract;
    s.lock = {"write", "items"};
    s.up = {"ALTER TABLE items RENAME COLUMN n TO \"" + tomb + "\""};
    s.down = {"ALTER TABLE items RENAME COLUMN \"" + tomb + "\" TO n"};
    auto p = one_step_plan(s);
    p.id = "c1c2c3d4e5f6";
    runtime::ApplyOptions options;
    options.contract = true;
    executor.apply(p, options);

    auto tombstones = executor.tombstones();
    ASSERT_EQ(tombstones.size(), 1u);
    EXPECT_EQ(tombstones[0].column, tomb);
    EXPECT_EQ(executor.purge(tombstones).size(), 1u);
    EXPECT_EQ(scalar(conn, "SELECT what FROM purge_trace"), "items." + tomb);
    EXPECT_EQ(runtime::testing::column_names(conn, "items"), (std::vector<std::string>{"id"}));
}

TEST(RuntimeHooks, ByDefaultNothingRunsBeforeAColumnPurge) {
    // SQLite (like PostgreSQL) drops an index with its last column.
    sqlite::TempDb db;
    sqlite::SqliteConnection conn{db.path()};
    sqlite::SqliteDialect dialect;
    EXPECT_TRUE(dialect.before_column_purge(conn, "items", "n", {"items_n_idx"}).empty());
}
