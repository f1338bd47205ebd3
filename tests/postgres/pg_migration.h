#pragma once
// A database on the throwaway PostgreSQL server with `setup` run in it and the plan from it to
// a desired schema, applied and rolled back through the real runtime: the fixture of the
// expand/contract suites.

#include "compiler/plan/plan.h"
#include "dialects/common/dialect.h"
#include "runtime/executor.h"

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace stepwise::testing {

struct PgMigration {
    // Backfills in batches of `batch_size`; apply retries lock timeouts `retries` times.
    PgMigration(const std::string& db, const std::string& setup, const std::string& schema,
                int batch_size, int retries);

    std::unique_ptr<dialect::Dialect> d;
    std::string url;
    std::unique_ptr<dialect::Connection> c;
    plan::Plan p;
    runtime::QuietReporter quiet;
    int batch_size;
    int retries;

    // Plans again, from the database as it is now.
    void replan(const std::string& schema);
    std::unique_ptr<dialect::Connection> connect();
    // The catalog stepwise reads, printed.
    std::string catalog();
    const plan::Step* step(const std::string& id) const;
    std::vector<std::string> ids() const;
    // `pause` between backfill batches; retries at most 200 ms apart.
    runtime::ApplyResult apply(bool contract, std::chrono::milliseconds pause = {});
    runtime::RollbackResult rollback(std::optional<std::string> to_step = std::nullopt);
};

} // namespace stepwise::testing
