// stepwise verify: the plan run up and down on a scratch copy, each step's result reported.

#include "cli/errors.h"
#include "cli/planner.h"
#include "cli/session.h"
#include "cli/verify.h"
#include "cli/verify_server.h"
#include "compiler/diff/differ.h"
#include "compiler/model/printer.h"
#include "runtime/executor.h"

#include <fmt/format.h>
#include <iostream>
#include <map>
#include <sstream>

namespace stepwise::cli {

namespace {

// What happened to each step, in each direction.
class RecordingReporter : public runtime::Reporter {
public:
    std::map<std::string, std::string> up, down;
    void step_finished(const runtime::StepFinished& e) override {
        (e.direction == runtime::Direction::Up ? up : down)[e.step.id] = "ok";
    }
    void step_failed(const runtime::StepFailed& e) override {
        (e.direction == runtime::Direction::Up ? up : down)[e.step.id] = "failed: " + e.message;
    }
};

struct State {
    model::Catalog catalog;
    std::string schema;
    std::string rows;
};

State capture(const dialect::Dialect& dialect, dialect::Connection& c) {
    State s;
    s.catalog = dialect.inspect(c);
    s.schema = model::print_catalog(s.catalog);
    std::ostringstream rows;
    for (const auto& t : s.catalog.tables) {
        auto rs = c.query("SELECT * FROM " + dialect.quote_ident(t.name));
        std::vector<std::string> lines;
        for (const auto& row : rs.rows) {
            std::string line;
            for (size_t i = 0; i < row.size(); ++i)
                line += (i ? "|" : "") + (row[i] ? "'" + *row[i] + "'" : std::string("NULL"));
            lines.push_back(line);
        }
        std::sort(lines.begin(), lines.end());
        rows << t.name << "\n";
        for (const auto& l : lines)
            rows << "  " << l << "\n";
    }
    s.rows = rows.str();
    return s;
}

std::string describe_changes(const model::Catalog& from, const model::Catalog& to,
                             const dialect::Dialect& dialect) {
    std::string out;
    for (const auto& change : diff::diff(from, to, dialect.diff_driver()).changes)
        out += "    " + diff::describe(change) + "\n";
    return out;
}

// The dialect says how its targets are copied (Dialect::verify_scratch).
std::unique_ptr<Scratch> make_scratch(Session& session, int sample) {
    switch (session.target.dialect->verify_scratch().kind) {
    case dialect::VerifyScratch::Kind::FileCopy:
        return make_sqlite_scratch(*session.connection, *session.target.dialect, sample);
    case dialect::VerifyScratch::Kind::ServerDatabase:
        return make_server_scratch(session.target, *session.connection, sample);
    case dialect::VerifyScratch::Kind::None:
        break;
    }
    throw CliError(fmt::format("verify does not support {} targets (see docs/verify.md)",
                               session.target.dialect->name()));
}

} // namespace

int run_verify(const GlobalOptions& global, const VerifyOptions& options) {
    if (options.sample < 0)
        throw CliError("--sample must be 0 or more rows per table");
    Session session = open_session(global);
    const auto& dialect = *session.target.dialect;
    auto desired = load_desired(global, session);
    auto scratch = make_scratch(session, options.sample);
    auto& c = scratch->connection();

    std::cout << fmt::format(
        "Verifying {} on a {} ({}).\n", session.target.label, scratch->describe(),
        options.sample > 0 ? fmt::format("schema and up to {} rows per table", options.sample)
                           : std::string("schema only, no rows"));
    State start = capture(dialect, c);
    // The proof is about the live database only if the scratch starts as its copy.
    auto copy_differs =
        describe_changes(dialect.inspect(*session.connection), start.catalog, dialect);
    if (!copy_differs.empty()) {
        std::cout << "Problem: the scratch copy does not inspect as the live schema; it "
                     "would still need:\n"
                  << copy_differs << "Not verified.\n";
        return kError;
    }
    auto plan = make_plan(dialect, start.catalog, desired, session.target.settings, &c);
    if (plan.empty()) {
        std::cout << "Nothing to verify: the target already matches the schema.\n";
        return kOk;
    }

    RecordingReporter reporter;
    runtime::Executor executor(dialect, c, reporter);
    std::vector<std::string> problems;

    runtime::ApplyOptions up;
    up.contract = true; // the proof covers the contract phase too
    bool applied = false;
    try {
        executor.apply(plan, up);
        applied = true;
    } catch (const std::exception& e) {
        problems.push_back(std::string("up failed: ") + e.what());
    }
    if (applied) {
        auto after = dialect.inspect(c);
        auto missing = describe_changes(after, desired, dialect);
        if (!missing.empty())
            problems.push_back("after up, the scratch does not match the schema; still to do:\n" +
                               missing);
    }

    bool rolled_back = false;
    try {
        executor.rollback();
        rolled_back = true;
    } catch (const std::exception& e) {
        problems.push_back(std::string("down failed: ") + e.what());
    }
    if (rolled_back) {
        State end = capture(dialect, c);
        if (end.schema != start.schema)
            problems.push_back("after down, the schema differs from the start:\n" +
                               describe_changes(end.catalog, start.catalog, dialect));
        else if (end.rows != start.rows)
            problems.push_back("after down, the rows differ from the start");
    }

    size_t width = 0;
    for (const auto& s : plan.steps)
        width = std::max(width, s.id.size());
    std::cout << fmt::format("Plan {}: {} step{}\n", plan.id, plan.steps.size(),
                             plan.steps.size() == 1 ? "" : "s");
    for (const auto& s : plan.steps) {
        auto u = reporter.up.find(s.id);
        auto d = reporter.down.find(s.id);
        std::string up_text = u == reporter.up.end() ? "not run" : u->second;
        std::string down_text = d == reporter.down.end() ? "not run" : d->second;
        std::cout << fmt::format("  {:<9} {:<{}}  up {:<8} down {}\n", plan::to_string(s.phase),
                                 s.id, width, up_text.size() > 8 ? "failed" : up_text, down_text);
        if (up_text.size() > 8)
            std::cout << "      up " << up_text << "\n";
    }
    if (problems.empty()) {
        std::cout << "Verified: up gives the schema, down gives back the start"
                  << (options.sample > 0 ? " with its rows" : "") << ".\n";
        return kOk;
    }
    for (const auto& p : problems)
        std::cout << "Problem: " << p << (p.back() == '\n' ? "" : "\n");
    std::cout << "Not verified.\n";
    return kError;
}

} // namespace stepwise::cli
