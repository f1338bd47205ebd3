#pragma once
// A step of a plan: a small online change with an up and a down.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace stepwise::plan {

enum class Phase { Expand, Backfill, Validate, Contract };

enum class HazardClass {
    DataLoss,
    TableRewrite,
    BlockingLock,
    LongRunning,
    AppIncompatible,
    Irreversible,
};

struct Hazard {
    HazardClass cls;
    std::string reason;
};

// The strongest lock a step takes, and on what: {"ACCESS EXCLUSIVE", "orders"},
// {"write", "database"} on SQLite.
struct LockLevel {
    std::string mode;
    std::string object;
};

struct BatchPolicy {
    int size = 1000;        // rows per batch (the first batch when `automatic`)
    bool automatic = false; // tune the size after every batch to take about `target`
    // About a quarter second keeps a batch's row locks short while its fixed cost (round
    // trips, the cursor save) stays a small part of its time. The one default for the
    // compiler, the CLI and the runtime.
    std::chrono::milliseconds target{250};
    std::chrono::milliseconds pause{0};
};

// The policy stepwise compiles backfills with when nothing is configured (cli/planner.cpp).
// Automatic, because a fixed batch pays the per-batch cost too often where rows are cheap
// and holds row locks too long where they are not (bench/results/full.md, section 2). The
// first batch is small, so a table whose rows are slow to update never sees a long first
// transaction; the size then grows at most twofold per batch. A policy built field by field
// (a library caller, a test) stays fixed unless it asks for `automatic`.
constexpr int kFirstAutomaticBatch = 100;
inline BatchPolicy default_batch_policy() {
    BatchPolicy policy;
    policy.size = kFirstAutomaticBatch;
    policy.automatic = true;
    return policy;
}

// How a person reads `policy`, for hazards and plan text: "batches of 1000 rows", "batches
// tuned to about 250ms each, the first of 100 rows", and ", pausing 50ms between them".
std::string describe(const BatchPolicy& policy);

// A batched, keyset-paginated data copy or update. SQL uses the dialect's placeholders;
// keys travel as text. Each batch is its own short transaction, and the cursor (the last
// key done) is saved after it, so a killed apply resumes where it stopped.
struct Backfill {
    std::string table;       // the table whose rows are walked, for progress
    std::string total_sql;   // -> one row, one column: rows to walk (for progress)
    std::string max_key_sql; // -> the largest key now (the bound); NULL: nothing to do
    // params (cursor or NULL for the start, bound, batch size) -> the last key of the next
    // batch; no row: the batch ends at the bound
    std::string next_key_sql;
    std::string batch_sql; // params (cursor or NULL, batch's last key): does one batch
    BatchPolicy policy;
};

// Which list of a step a statement is in.
enum class Side { Up, Down };

enum class GuardKind {
    IndexBuild, // builds `index` on `table` outside a transaction (CREATE INDEX CONCURRENTLY)
};

// What one statement of a non-transactional step builds, set by the step compiler, so that a
// dialect::StatementGuard can make running it a second time safe (a kill may land between
// the statement and its count) from facts rather than by reading the SQL back.
struct Guard {
    Side side = Side::Up;
    size_t statement = 0; // its position in `up` or `down`
    GuardKind kind = GuardKind::IndexBuild;
    std::string schema; // unquoted; empty: the connection's default
    std::string table;  // unquoted
    std::string index;  // unquoted
};

struct Step {
    std::string id; // stable: "orders.total_cents:backfill"
    Phase phase = Phase::Expand;
    std::string summary;           // one line a person reads
    std::vector<std::string> up;   // SQL statements
    std::vector<std::string> down; // SQL that undoes exactly this step
    // Queries run after `up` that must return no rows (e.g. PRAGMA foreign_key_check);
    // any row fails the step with that row in the message.
    std::vector<std::string> checks;
    LockLevel lock;
    std::vector<Hazard> hazards;
    bool transactional = true; // CREATE INDEX CONCURRENTLY is not
    std::chrono::milliseconds lock_timeout{1000};
    std::chrono::milliseconds statement_timeout{0}; // 0: none
    std::optional<Backfill> backfill;               // runs after `up`
    std::vector<std::string> after;                 // ids of steps this one needs
    // For people: what to deploy before this step can run ("deploy code that writes
    // `nickname`"). Shown before contract steps.
    std::string deploy_note;
    // At most one per statement; a statement without one runs unguarded.
    std::vector<Guard> guards;
};

// Appends `sql` to the `side` list of `step`, with `guard` pointing at it.
void add_guarded(Step& step, Side side, std::string sql, Guard guard);
// The guard of statement `statement` of `side`, if any.
const Guard* guard_of(const Step& step, Side side, size_t statement);

const char* to_string(Phase phase);     // "expand"
const char* to_string(HazardClass cls); // "DataLoss"
std::optional<HazardClass> hazard_from_string(const std::string& name);
std::optional<Phase> phase_from_string(const std::string& name);
const char* to_string(Side side);      // "up"
const char* to_string(GuardKind kind); // "index_build"
std::optional<Side> side_from_string(const std::string& name);
std::optional<GuardKind> guard_kind_from_string(const std::string& name);

} // namespace stepwise::plan
