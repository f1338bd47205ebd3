#include "tests/support/migration_plan.h"

#include "compiler/diff/differ.h"
#include "compiler/frontend/loader.h"
#include "compiler/model/printer.h"

#include <gtest/gtest.h>

namespace stepwise::testing {

plan::Plan compile_plan(const dialect::Dialect& dialect, dialect::Connection& connection,
                        const std::string& schema, int batch_size) {
    return compile_plan(dialect, connection,
                        frontend::parse_sources({{"desired.schema", schema}}, dialect.naming()),
                        batch_size);
}

plan::Plan compile_plan(const dialect::Dialect& dialect, dialect::Connection& connection,
                        const model::Catalog& to, int batch_size) {
    auto from = dialect.inspect(connection);
    plan::Plan plan;
    plan.dialect = dialect.name();
    plan.from_fingerprint = model::fingerprint(from);
    plan.to_fingerprint = model::fingerprint(to);
    plan.id = plan::make_plan_id(plan.from_fingerprint, plan.to_fingerprint);
    dialect::CompileOptions options;
    options.plan_id = plan.id;
    // As `stepwise plan` does: the MySQL compiler writes for the flavour it connected to.
    options.server_version = dialect.server_version(connection);
    if (batch_size > 0)
        options.batch.size = batch_size;
    plan.steps =
        dialect.compile(diff::diff(from, to, dialect.diff_driver()), from, to, options).ordered();
    return plan;
}

const plan::Step* find_step(const plan::Plan& plan, const std::string& id) {
    for (const auto& s : plan.steps)
        if (s.id == id)
            return &s;
    return nullptr;
}

std::vector<std::string> step_ids(const plan::Plan& plan) {
    std::vector<std::string> ids;
    for (const auto& s : plan.steps)
        ids.push_back(s.id);
    return ids;
}

plan::Plan plan_upto(const plan::Plan& plan, const std::string& last) {
    plan::Plan cut = plan;
    for (size_t i = 0; i < cut.steps.size(); ++i)
        if (cut.steps[i].id == last) {
            cut.steps.resize(i + 1);
            return cut;
        }
    ADD_FAILURE() << "no step " << last;
    return cut;
}

std::string scalar(dialect::Connection& connection, const std::string& sql) {
    auto rs = connection.query(sql);
    if (rs.rows.empty() || rs.rows[0].empty() || !rs.rows[0][0])
        return "NULL";
    return *rs.rows[0][0];
}

} // namespace stepwise::testing
