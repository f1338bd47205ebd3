#include "tests/property/harness.h"

#include "compiler/diff/differ.h"
#include "compiler/model/printer.h"
#include "tests/support/row_dump.h"

#include <algorithm>
#include <fmt/format.h>
#include <sstream>

namespace stepwise::property {

Harness::Harness(Backend& backend) : backend_(backend) {}

void Harness::load(const Dataset& data) {
    database_ = backend_.fresh_database();
    connection_ = database_->connect();
    // A is built by running the up statements directly, so the runtime records nothing and a
    // rollback can only ever undo the plan under test.
    for (const auto& step : plan_to(data.catalog).steps)
        for (const auto& sql : step.up)
            connection_->execute(sql);
    const auto& d = dialect();
    for (const auto& t : data.tables) {
        if (t.rows.empty())
            continue;
        std::string cols, marks;
        for (size_t i = 0; i < t.columns.size(); ++i) {
            cols += (i ? ", " : "") + d.quote_ident(t.columns[i]);
            marks += (i ? ", " : "") + d.placeholder(static_cast<int>(i) + 1);
        }
        std::string sql =
            fmt::format("INSERT INTO {} ({}) VALUES ({})", d.quote_ident(t.table), cols, marks);
        for (const auto& row : t.rows)
            connection_->query(sql, row);
    }
}

Snapshot Harness::snapshot() {
    Snapshot s;
    s.catalog = dialect().inspect(*connection_);
    s.schema = model::print_catalog(s.catalog);
    s.rows = dump_rows(*connection_, dialect(), s.catalog);
    return s;
}

plan::Plan Harness::plan_to(const model::Catalog& desired) {
    // As `stepwise plan` does (cli/planner.cpp), without the CLI's configuration.
    auto current = dialect().inspect(*connection_);
    plan::Plan out;
    out.dialect = dialect().name();
    out.from_fingerprint = model::fingerprint(current);
    out.to_fingerprint = model::fingerprint(desired);
    out.id = plan::make_plan_id(out.from_fingerprint, out.to_fingerprint);
    auto changes = diff::diff(current, desired, dialect().diff_driver());
    if (changes.empty())
        return out;
    dialect::CompileOptions options;
    options.plan_id = out.id;
    options.server_version = dialect().server_version(*connection_);
    options.batch.size = 2; // several batches even for a handful of rows
    out.steps = dialect().compile(changes, current, desired, options).ordered();
    return out;
}

runtime::ApplyResult Harness::apply(const plan::Plan& plan, bool contract) {
    runtime::Executor executor(dialect(), *connection_, reporter_);
    runtime::ApplyOptions options;
    options.contract = contract;
    return executor.apply(plan, options);
}

runtime::RollbackResult Harness::rollback() {
    runtime::Executor executor(dialect(), *connection_, reporter_);
    return executor.rollback();
}

std::string dump_rows(dialect::Connection& connection, const dialect::Dialect& dialect,
                      const model::Catalog& catalog) {
    std::vector<std::string> tables;
    for (const auto& t : catalog.tables)
        tables.push_back(t.name);
    return testing::dump_rows(connection, tables,
                              [&](const std::string& name) { return dialect.quote_ident(name); });
}

plan::Plan prefix(const plan::Plan& plan, size_t count) {
    plan::Plan out = plan;
    out.steps.resize(std::min(count, plan.steps.size()));
    return out;
}

std::string describe_diff(const model::Catalog& from, const model::Catalog& to,
                          const dialect::Dialect& dialect) {
    std::string out;
    for (const auto& change : diff::diff(from, to, dialect.diff_driver()).changes)
        out += "  " + diff::describe(change) + "\n";
    return out;
}

std::string second_inspection(Harness& h, const model::Catalog& first) {
    try {
        auto again = h.snapshot().catalog;
        auto changes = describe_diff(first, again, h.dialect());
        std::string printed = model::print_catalog(first), reprinted = model::print_catalog(again);
        if (changes.empty() && printed == reprinted)
            return "a second inspection gives the same catalog";
        return "a second inspection gives a different catalog:\n" + changes +
               first_difference(printed, reprinted);
    } catch (const std::exception& e) {
        return std::string("a second inspection failed: ") + e.what();
    }
}

std::string first_difference(const std::string& expected, const std::string& actual) {
    std::istringstream e(expected), a(actual);
    std::string le, la;
    for (int line = 1;; ++line) {
        bool he = static_cast<bool>(std::getline(e, le));
        bool ha = static_cast<bool>(std::getline(a, la));
        if (!he && !ha)
            return "";
        if (!he || !ha || le != la)
            return fmt::format("line {}:\n  expected: {}\n  actual:   {}\n", line,
                               he ? le : "<end>", ha ? la : "<end>");
    }
}

std::string counterexample(const Dataset& data, const Edit& edit, const plan::Plan* plan,
                           const std::string& what) {
    std::ostringstream out;
    // What differed comes first: a CI log that cuts a long failure keeps its start.
    out << "\n==== what differed ====\n" << what << "\n";
    out << "==== A ====\n" << model::print_catalog(data.catalog);
    out << "==== rows of A ====\n";
    for (const auto& t : data.tables) {
        out << t.table << ": " << t.rows.size() << " rows\n";
        for (const auto& row : t.rows) {
            out << "  (";
            for (size_t i = 0; i < row.size(); ++i)
                out << (i ? ", " : "") << (row[i] ? "'" + *row[i] + "'" : "NULL");
            out << ")\n";
        }
    }
    out << "==== edits ====\n";
    for (const auto& line : edit.log)
        out << "  " << line << "\n";
    out << "==== B ====\n" << model::print_catalog(edit.to);
    if (plan)
        out << "==== plan ====\n" << plan::to_text(*plan);
    return out.str();
}

std::string first_step_that_breaks_rollback(Backend& backend, const Dataset& data,
                                            const plan::Plan& plan, const Snapshot& start) {
    for (size_t k = 1; k <= plan.steps.size(); ++k) {
        Harness h(backend);
        // A failure to replay must not hide the failure being explained: say so instead.
        try {
            h.load(data);
        } catch (const std::exception& e) {
            return fmt::format("(could not replay: loading A failed: {})", e.what());
        }
        try {
            h.apply(prefix(plan, k));
            h.rollback();
        } catch (const std::exception& e) {
            return fmt::format("after step {} ({}): {}", k, plan.steps[k - 1].id, e.what());
        }
        Snapshot after;
        try {
            after = h.snapshot();
        } catch (const std::exception& e) {
            return fmt::format("(could not replay: reading the database after rolling back "
                               "steps 1..{} failed: {})",
                               k, e.what());
        }
        if (after.schema != start.schema)
            return fmt::format("rolling back steps 1..{} (last: {}) leaves the schema different "
                               "at {}",
                               k, plan.steps[k - 1].id,
                               first_difference(start.schema, after.schema));
        if (after.rows != start.rows)
            return fmt::format("rolling back steps 1..{} (last: {}) leaves the rows different "
                               "at {}",
                               k, plan.steps[k - 1].id, first_difference(start.rows, after.rows));
    }
    return "(none: replayed on fresh databases, every prefix rolls back to the start, so the "
           "failure did not repeat)";
}

} // namespace stepwise::property
