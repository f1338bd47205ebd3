#pragma once
// Runs a generated scenario on a real database through the library: load A and its rows,
// plan, apply, roll back, and take snapshots (canonical schema text and every row) to compare.

#include "compiler/plan/plan.h"
#include "runtime/executor.h"
#include "tests/property/backend.h"
#include "tests/property/generators.h"

#include <memory>
#include <optional>
#include <string>

namespace stepwise::property {

struct Snapshot {
    model::Catalog catalog; // as inspected
    std::string schema;     // print_catalog(catalog)
    std::string rows;       // every row of every user table, sorted per table
    bool operator==(const Snapshot& o) const { return schema == o.schema && rows == o.rows; }
};

class Harness {
public:
    explicit Harness(Backend& backend);

    // A fresh database holding the dataset's catalog (created by stepwise) and its rows.
    void load(const Dataset& data);
    Snapshot snapshot();
    // plan(live catalog → desired), with small backfill batches so that batching is exercised.
    plan::Plan plan_to(const model::Catalog& desired);
    runtime::ApplyResult apply(const plan::Plan& plan, bool contract = true);
    runtime::RollbackResult rollback();

    dialect::Connection& connection() { return *connection_; }
    const dialect::Dialect& dialect() const { return backend_.dialect(); }
    Profile profile() const { return backend_.profile(); }

private:
    Backend& backend_;
    std::unique_ptr<TestDatabase> database_;
    std::unique_ptr<dialect::Connection> connection_;
    runtime::QuietReporter reporter_;
};

// Every row of the catalog's tables as text: "table t (2 rows)" then one sorted line a row.
std::string dump_rows(dialect::Connection& connection, const dialect::Dialect& dialect,
                      const model::Catalog& catalog);

// The plan truncated to its first `count` steps (a dependency-closed prefix: steps are in
// topological order).
plan::Plan prefix(const plan::Plan& plan, size_t count);

// The changes between two catalogs in words, one a line; empty when they are the same.
std::string describe_diff(const model::Catalog& from, const model::Catalog& to,
                          const dialect::Dialect& dialect);

// A readable counterexample: A with its rows, the edits, B, the plan and what differed.
std::string counterexample(const Dataset& data, const Edit& edit, const plan::Plan* plan,
                           const std::string& what);

// Replays the plan one prefix at a time on fresh databases: the first step after which
// rollback does not restore `start`, with what differed; else a sentence saying every prefix
// restores it (the failure did not repeat) or why the replay could not run.
std::string first_step_that_breaks_rollback(Backend& backend, const Dataset& data,
                                            const plan::Plan& plan, const Snapshot& start);

// Inspects the database again and says whether that gives `first` back: a failure that does
// not repeat on replay may be an inspection that changes from one read to the next.
std::string second_inspection(Harness& h, const model::Catalog& first);

// Two texts side by side: the first line where they differ, with a little context.
std::string first_difference(const std::string& expected, const std::string& actual);

} // namespace stepwise::property
