#include "tests/postgres/pg_migration.h"

#include "compiler/model/printer.h"
#include "dialects/postgres/pg_dialect.h"
#include "tests/postgres/pg_server.h"
#include "tests/support/migration_plan.h"

namespace stepwise::testing {

PgMigration::PgMigration(const std::string& db, const std::string& setup, const std::string& schema,
                         int batch_size_, int retries_)
    : d(postgres::make_postgres_dialect()), batch_size(batch_size_), retries(retries_) {
    url = PgServer::instance().create_database(db);
    c = connect();
    c->execute(setup);
    replan(schema);
}

void PgMigration::replan(const std::string& schema) {
    p = compile_plan(*d, *c, schema, batch_size);
}

std::unique_ptr<dialect::Connection> PgMigration::connect() {
    return d->connect(dialect::parse_url(url));
}

std::string PgMigration::catalog() {
    return model::print_catalog(d->inspect(*c));
}

const plan::Step* PgMigration::step(const std::string& id) const {
    return find_step(p, id);
}

std::vector<std::string> PgMigration::ids() const {
    return step_ids(p);
}

runtime::ApplyResult PgMigration::apply(bool contract, std::chrono::milliseconds pause) {
    runtime::Executor executor(*d, *c, quiet);
    runtime::ApplyOptions options;
    options.contract = contract;
    options.retry.attempts = retries;
    options.retry.max_delay = std::chrono::milliseconds(200);
    options.batch.pause = pause;
    return executor.apply(p, options);
}

runtime::RollbackResult PgMigration::rollback(std::optional<std::string> to_step) {
    runtime::Executor executor(*d, *c, quiet);
    runtime::RollbackOptions options;
    options.to_step = std::move(to_step);
    return executor.rollback(options);
}

} // namespace stepwise::testing
