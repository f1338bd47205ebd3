#pragma once
// The kill -9 proof of issue #5, shared by every dialect: `stepwise apply` killed with SIGKILL
// at random moments and run again must end at the target with every row as it should be;
// `stepwise rollback`, killed the same way and run again, must end at the start. Each dialect
// supplies its database, schemas and row checks; the loop is the same.
//
// The seed is printed; STEPWISE_RESUME_SEED=<n> replays a run, STEPWISE_RESUME_KILLS=<n>
// asks for more apply kills.

#include "dialects/common/connection.h"

#include <chrono>
#include <functional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace stepwise::testing {

struct KillLoopCase {
    std::string label;         // "postgres", in messages
    std::string url;           // the database the loop migrates, seeded at the start
    std::string start_schema;  // paths of .schema files
    std::string target_schema; // a plan with a backfill big enough to be killed inside
    // The start's rows, in a stable text form (compared before and after every rollback).
    std::function<std::string()> start_rows;
    // Checks the rows and leftovers at the target with EXPECT_*; `when` names the cycle.
    std::function<void(const std::string& when)> expect_target;
    int apply_kills = 20;   // at least this many kills of apply land inside a run
    int rollback_kills = 3; // and of rollback
    // Time for the kill cycles; generous because the machine is shared (an apply that takes
    // 1 s alone took 7 s under load).
    std::chrono::seconds budget{150};
    // On a machine so loaded that the uninterrupted apply takes longer than budget/40, the
    // time grows to 40 such applies, up to this (under each test's ctest timeout, 600 s).
    std::chrono::seconds budget_limit{360};
};

// Runs the loop with GoogleTest assertions; the database must hold the start with its rows.
void run_kill_loop(const KillLoopCase& c);

// The `stepwise apply` arguments the loop uses: contract too, every hazard allowed, small
// batches.
std::vector<std::string> kill_loop_apply_args(const std::string& url, const std::string& schema);

// Rows of `select` as text: one line per row, columns separated by '|', NULL as '∅'.
std::string dump_rows(dialect::Connection& connection, const std::string& select);
// FNV-1a of `text`, printed next to each verdict.
std::string checksum(const std::string& text);
// The first line where two dumps differ, for a readable failure.
std::string first_difference(const std::string& want, const std::string& got);

// Expects `got` to equal `want`, by checksum, naming the first difference.
void expect_rows(const std::string& what, const std::string& want, const std::string& got,
                 const std::string& when);

} // namespace stepwise::testing
