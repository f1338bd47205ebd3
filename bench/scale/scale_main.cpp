// stepwise_bench_scale: the scale benchmark's two halves.
//   gen --tables N --out DIR    DIR/noop/schema.schema, DIR/touched/schema.schema (10% of the
//                               tables get a column and an index), DIR/create.sql
//   run --url URL --noop DIR --touched DIR [--server-log FILE --database NAME]
//                               times each phase of planning against the live database and
//                               prints one line per phase:
//                               name|ms|cpu_ms|rss_mb|peak_mb|note
// With --server-log (a server logging every statement with log_line_prefix '%d '), the
// statements of the introspection and of the scratch-schema normalisation are counted from it.

#include "bench/scale/phase_timer.h"
#include "bench/scale/schema_gen.h"
#include "cli/planner.h"
#include "compiler/diff/differ.h"
#include "compiler/diff/respell_candidates.h"
#include "compiler/diff/respelled_driver.h"
#include "compiler/frontend/loader.h"
#include "dialects/postgres/pg_dialect.h"

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

using namespace stepwise;
using namespace stepwise::bench;

namespace {

void write_text(const std::filesystem::path& path, const std::string& text) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!(out << text) || !out.flush())
        throw std::runtime_error("cannot write " + path.string());
}

// Statements the server logged for `database` so far ("statement:" for simple queries,
// "execute" for the extended protocol).
long logged_statements(const std::string& log, const std::string& database) {
    std::ifstream in(log);
    std::string line;
    long count = 0;
    std::string prefix = database + " ";
    while (std::getline(in, line))
        if (line.compare(0, prefix.size(), prefix) == 0 &&
            (line.find("LOG:  statement:") != std::string::npos ||
             line.find("LOG:  execute") != std::string::npos))
            ++count;
    return count;
}

void print(const PhaseResult& r) {
    std::printf("%s|%.1f|%.1f|%.1f|%.1f|%s\n", r.name.c_str(), r.ms, r.cpu_ms, r.rss_mb, r.peak_mb,
                r.note.c_str());
    std::fflush(stdout);
}

int gen(std::map<std::string, std::string>& args) {
    int tables = std::atoi(args["--tables"].c_str());
    if (tables < 1 || args["--out"].empty())
        throw std::runtime_error("gen needs --tables N (N >= 1) and --out DIR");
    std::filesystem::path out = args["--out"];
    write_text(out / "noop" / "schema.schema", generate_schema(tables));
    write_text(out / "touched" / "schema.schema", generate_schema(tables, 10));
    write_text(out / "create.sql", generate_postgres_ddl(tables));
    return 0;
}

int run(std::map<std::string, std::string>& args) {
    if (args["--url"].empty() || args["--noop"].empty() || args["--touched"].empty())
        throw std::runtime_error("run needs --url, --noop and --touched");
    const std::string log = args["--server-log"];
    const std::string database = args["--database"];
    auto dialect = postgres::make_postgres_dialect();
    const auto naming = dialect->naming();

    model::Catalog noop, touched, current;
    std::unique_ptr<dialect::Connection> connection;
    print(time_phase("parse+bind (no-op schema)",
                     [&] { noop = frontend::load_catalog({args["--noop"]}, naming); }));
    print(time_phase("connect",
                     [&] { connection = dialect->connect(dialect::parse_url(args["--url"])); }));
    // The server's side of the introspection, when it runs on this machine.
    long backend = 0;
    if (auto pid = connection->query("SELECT pg_backend_pid()", {}).rows.at(0).at(0))
        backend = std::atol(pid->c_str());
    long before = log.empty() ? 0 : logged_statements(log, database);
    double backend_before = other_process_cpu_ms(backend);
    auto inspected = time_phase("introspect", [&] { current = dialect->inspect(*connection); });
    double backend_after = other_process_cpu_ms(backend);
    if (!log.empty())
        inspected.note = std::to_string(logged_statements(log, database) - before) + " queries";
    if (backend_before >= 0 && backend_after >= 0)
        inspected.note += (inspected.note.empty() ? "" : ", ") +
                          std::to_string(static_cast<long>(backend_after - backend_before)) +
                          " ms server CPU";
    inspected.note += (inspected.note.empty() ? "" : ", ") + std::to_string(current.tables.size()) +
                      " tables read";
    print(inspected);

    auto queries_since = [&](long from) {
        return log.empty() ? std::string()
                           : std::to_string(logged_statements(log, database) - from) + " queries";
    };
    auto measure = [&](const std::string& label, const model::Catalog& desired) {
        // What `stepwise plan` does before the diff: the tables whose comparison could
        // depend on it spelt by the server.
        model::Catalog candidates, stored;
        std::string warning;
        long start = log.empty() ? 0 : logged_statements(log, database);
        auto n = time_phase("normalise desired in a scratch schema (" + label + ")", [&] {
            candidates = diff::respell_candidates(current, desired);
            stored = candidates;
            if (candidates.tables.empty())
                return;
            auto normalised = dialect->normalise_desired(*connection, candidates);
            stored = std::move(normalised.catalog);
            warning = normalised.warning;
        });
        n.note = std::to_string(candidates.tables.size()) + " tables sent";
        if (!log.empty())
            n.note += ", " + queries_since(start);
        n.note += warning.empty() ? "" : "; warning: " + warning;
        print(n);
        diff::ChangeSet changes;
        auto d = time_phase("diff (" + label + ")", [&] {
            diff::RespelledDriver driver(dialect->diff_driver(), candidates, stored);
            changes = diff::diff(current, desired, driver);
        });
        d.note = std::to_string(changes.changes.size()) + " changes";
        print(d);
        size_t steps = 0;
        auto c = time_phase("compile+order (" + label + ")", [&] {
            if (changes.empty())
                return;
            dialect::CompileOptions options;
            options.plan_id = "bench";
            steps = dialect->compile(changes, current, desired, options).ordered().size();
        });
        c.note = std::to_string(steps) + " steps";
        print(c);
        plan::Plan plan;
        auto p = time_phase("whole plan after introspect (" + label + ")", [&] {
            plan = cli::make_plan(*dialect, current, desired, cli::Environment{}, connection.get());
        });
        p.note = std::to_string(plan.steps.size()) + " steps";
        print(p);
    };
    measure("no-op", noop);
    print(time_phase("parse+bind (10% touched)",
                     [&] { touched = frontend::load_catalog({args["--touched"]}, naming); }));
    measure("10% touched", touched);
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: stepwise_bench_scale gen|run OPTIONS (see the source's header)\n";
        return 1;
    }
    std::map<std::string, std::string> args;
    for (int i = 2; i + 1 < argc; i += 2)
        args[argv[i]] = argv[i + 1];
    try {
        std::string command = argv[1];
        if (command == "gen")
            return gen(args);
        if (command == "run")
            return run(args);
        std::cerr << "stepwise_bench_scale: unknown command " << command << "\n";
    } catch (const std::exception& e) {
        std::cerr << "stepwise_bench_scale: " << e.what() << "\n";
    }
    return 1;
}
