#pragma once
// Shared by the runtime tests: a real SQLite database with rows, a small hand-built plan with
// real SQLite SQL, and reporters that record or interrupt.

#include "compiler/plan/plan.h"
#include "dialects/common/connection.h"
#include "dialects/sqlite/sqlite_connection.h"
#include "dialects/sqlite/sqlite_dialect.h"
#include "runtime/progress.h"
#include "tests/unit/sqlite_test_util.h"

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace stepwise::runtime::testing {

constexpr int kRows = 250;

// items(id, n) with ids 1..kRows and n = id * 10.
inline void seed_items(dialect::Connection& c) {
    c.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)");
    c.execute("WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < " +
              std::to_string(kRows) + ") INSERT INTO items (id, n) SELECT i, i * 10 FROM s");
}

inline plan::Step add_column_step() {
    plan::Step s;
    s.id = "items.touched:add";
    s.phase = plan::Phase::Expand;
    s.summary = "add column items.touched";
    s.up = {"ALTER TABLE items ADD COLUMN touched INTEGER NOT NULL DEFAULT 0"};
    s.down = {"ALTER TABLE items DROP COLUMN touched"};
    return s;
}

// Every batch adds one to `touched`, so a row done twice shows 2 and a row skipped shows 0.
inline plan::Step backfill_step(int batch_size) {
    plan::Step s;
    s.id = "items.touched:backfill";
    s.phase = plan::Phase::Backfill;
    s.summary = "backfill items.touched";
    s.down = {"UPDATE items SET touched = 0"};
    s.after = {"items.touched:add"};
    plan::Backfill b;
    b.table = "items";
    b.total_sql = "SELECT count(*) FROM items";
    b.max_key_sql = "SELECT max(rowid) FROM items";
    b.next_key_sql = "SELECT rowid FROM items WHERE rowid > coalesce(CAST(?1 AS INTEGER), -1) "
                     "AND rowid <= CAST(?2 AS INTEGER) ORDER BY rowid LIMIT 1 "
                     "OFFSET CAST(?3 AS INTEGER) - 1";
    b.batch_sql = "UPDATE items SET touched = touched + 1 WHERE rowid > "
                  "coalesce(CAST(?1 AS INTEGER), -1) AND rowid <= CAST(?2 AS INTEGER)";
    b.policy.size = batch_size;
    s.backfill = b;
    return s;
}

inline plan::Step validate_step() {
    plan::Step s;
    s.id = "items.touched:validate";
    s.phase = plan::Phase::Validate;
    s.summary = "every row backfilled";
    s.checks = {"SELECT id, touched FROM items WHERE touched <> 1"};
    s.after = {"items.touched:backfill"};
    return s;
}

inline plan::Step contract_step() {
    plan::Step s;
    s.id = "items.n:drop";
    s.phase = plan::Phase::Contract;
    s.summary = "soft-drop items.n";
    s.up = {"ALTER TABLE items RENAME COLUMN n TO _stepwise_dropped_n"};
    s.down = {"ALTER TABLE items RENAME COLUMN _stepwise_dropped_n TO n"};
    s.deploy_note = "deploy code that no longer reads items.n";
    return s;
}

inline plan::Plan items_plan(int batch_size = 100) {
    plan::Plan p;
    p.id = "a1b2c3d4e5f6";
    p.dialect = "sqlite";
    p.from_fingerprint = "from-fp";
    p.to_fingerprint = "to-fp";
    p.steps = {add_column_step(), backfill_step(batch_size), validate_step(), contract_step()};
    return p;
}

inline std::vector<std::string> column_names(dialect::Connection& c, const std::string& table) {
    std::vector<std::string> out;
    for (const auto& row :
         c.query("SELECT name FROM pragma_table_info(?1) ORDER BY cid", {table}).rows)
        out.push_back(*row[0]);
    return out;
}

inline std::string scalar(dialect::Connection& c, const std::string& sql,
                          const std::vector<dialect::Value>& params = {}) {
    auto rows = c.query(sql, params).rows;
    if (rows.empty() || rows[0].empty() || !rows[0][0])
        return "NULL";
    return *rows[0][0];
}

struct RecordingReporter : Reporter {
    std::vector<std::string> events; // "started:<id>", "batch:<cursor>", "retry", ...
    std::vector<bool> resumed;       // per step_started
    std::vector<std::optional<plan::BatchPolicy>> policies; // per step_started
    std::vector<int> batch_rows;                            // per batch_done
    int batches = 0;
    int retries = 0;
    void step_started(const StepStarted& e) override {
        events.push_back("started:" + e.step.id);
        resumed.push_back(e.resumed);
        policies.push_back(e.batch);
    }
    void step_finished(const StepFinished& e) override {
        events.push_back("finished:" + e.step.id);
    }
    void step_skipped(const StepSkipped& e) override { events.push_back("skipped:" + e.step.id); }
    void step_failed(const StepFailed& e) override { events.push_back("failed:" + e.step.id); }
    void batch_done(const BatchDone& e) override {
        ++batches;
        events.push_back("batch:" + e.cursor);
        batch_rows.push_back(e.batch_rows);
    }
    void retrying(const Retrying&) override {
        ++retries;
        events.push_back("retry");
    }
};

struct Crash : std::runtime_error {
    Crash() : std::runtime_error("simulated crash") {}
};

// Stops the run after `after` batches, as a killed process would.
struct CrashingReporter : RecordingReporter {
    int after;
    explicit CrashingReporter(int n) : after(n) {}
    void batch_done(const BatchDone& e) override {
        RecordingReporter::batch_done(e);
        if (batches == after)
            throw Crash();
    }
};

} // namespace stepwise::runtime::testing
