// Acceptance cases for PostgreSQL, as data: tests/cases/postgres/<case>/ holds
//   start.sql               the starting tables and rows (plain SQL, run with psql)
//   desired.schema          the schema to migrate to
//   hazards (optional)      hazard classes the plan must contain, one per line
//   plan (optional)         the expected step ids of the plan, in order, one per line
//   assert.sql (optional)   queries, one per line, that must return no rows after apply
//   rows_change (optional)  present when a table's row count may change
// The runner plans, applies with contract, requires an empty second plan, compares
// pg_dump --schema-only of the migrated database with one built directly from desired.schema
// (the tool's own objects and tombstones left out), checks the rows, rolls back, and
// requires the dump and every row to equal the start.

#include "compiler/frontend/loader.h"
#include "compiler/model/printer.h"
#include "dialects/postgres/pg_dialect.h"
#include "dialects/postgres/pg_quote.h"
#include "tests/acceptance/case_runner.h"
#include "tests/postgres/pg_server.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

namespace fs = std::filesystem;
using namespace stepwise;
using stepwise::testing::lines_of;
using stepwise::testing::PgServer;
using stepwise::testing::run_stepwise;
using stepwise::testing::with;

namespace {

// pg_dump --schema-only without the stepwise schema, session settings, comments and the
// tool's own objects: whole statements about _stepwise_ objects, and tombstone column lines.
std::string schema_dump(const std::string& database) {
    auto& pg = PgServer::instance();
    std::string out;
    int rc = stepwise::testing::run_command(pg.bin("pg_dump") + " " + pg.client_args() +
                                                " --schema-only --no-owner --no-privileges "
                                                "--exclude-schema=stepwise -d " +
                                                database,
                                            &out);
    if (rc != 0)
        return "pg_dump failed: " + out;
    std::istringstream in(out);
    std::string line, statement, result;
    auto flush = [&] {
        if (statement.empty())
            return;
        std::string head = statement.substr(0, statement.find('\n'));
        if (head.find("_stepwise_") == std::string::npos) {
            std::istringstream st(statement);
            std::string l;
            std::vector<std::string> kept;
            while (std::getline(st, l))
                if (l.find("_stepwise_") == std::string::npos)
                    kept.push_back(l);
            // A removed last column leaves a comma before ");".
            for (size_t i = 0; i + 1 < kept.size(); ++i)
                if (kept[i + 1] == ");" && !kept[i].empty() && kept[i].back() == ',')
                    kept[i].pop_back();
            // Column order is left out: PostgreSQL cannot move a column, so a column swapped
            // in through expand/contract (a rename, a type change) ends up last.
            if (head.rfind("CREATE TABLE ", 0) == 0 && kept.size() > 2 && kept.back() == ");") {
                for (size_t i = 1; i + 2 < kept.size(); ++i)
                    if (!kept[i].empty() && kept[i].back() == ',')
                        kept[i].pop_back();
                std::sort(kept.begin() + 1, kept.end() - 1);
                for (size_t i = 1; i + 2 < kept.size(); ++i)
                    kept[i] += ",";
            }
            for (const auto& k : kept)
                result += k + "\n";
        }
        statement.clear();
    };
    while (std::getline(in, line)) {
        if (line.empty() || line.rfind("--", 0) == 0 || line.rfind("SET ", 0) == 0 ||
            line.rfind("SELECT pg_catalog.set_config", 0) == 0 ||
            // pg_dump's per-run random key for psql's restricted mode
            line.rfind("\\restrict ", 0) == 0 || line.rfind("\\unrestrict ", 0) == 0)
            continue;
        statement += line + "\n";
        if (line.back() == ';')
            flush();
    }
    flush();
    return result;
}

std::vector<std::string> user_tables(dialect::Connection& c) {
    std::vector<std::string> out;
    auto rs = c.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND "
                      "tablename NOT LIKE '\\_stepwise\\_%' ORDER BY tablename");
    for (const auto& row : rs.rows)
        out.push_back(*row[0]);
    return out;
}

// Every row of every user table, as text in a stable order (tombstone columns left out).
std::string dump_rows(dialect::Connection& c) {
    std::ostringstream out;
    for (const auto& table : user_tables(c)) {
        auto cols = c.query("SELECT attname FROM pg_attribute WHERE attrelid = $1::regclass AND "
                            "attnum > 0 AND NOT attisdropped AND attname NOT LIKE "
                            "'\\_stepwise\\_%' ORDER BY attnum",
                            {postgres::quote_ident(table)});
        std::string list;
        for (const auto& r : cols.rows)
            list += (list.empty() ? "" : ", ") + postgres::quote_ident(*r[0]);
        auto rs = c.query("SELECT row_to_json(x)::text FROM (SELECT " + list + " FROM " +
                          postgres::quote_ident(table) + ") x ORDER BY 1");
        out << "table " << table << " (" << rs.rows.size() << " rows)\n";
        for (const auto& row : rs.rows)
            out << "  " << *row[0] << "\n";
    }
    return out.str();
}

std::map<std::string, long> row_counts(dialect::Connection& c) {
    std::map<std::string, long> out;
    for (const auto& table : user_tables(c))
        out[table] = std::stol(
            *c.query("SELECT count(*) FROM " + postgres::quote_ident(table)).rows.at(0).at(0));
    return out;
}

class PgCase : public ::testing::Test {
public:
    explicit PgCase(std::string dir) : dir_(std::move(dir)) {}

    void TestBody() override {
        STEPWISE_REQUIRE_PG();
        auto& pg = PgServer::instance();
        auto dialect = postgres::make_postgres_dialect();
        std::string name = fs::path(dir_).filename().string();
        std::string db = "case_" + name, target_db = "target_" + name;
        std::string url = pg.create_database(db);
        std::string target_url = pg.create_database(target_db);
        std::string desired = dir_ + "/desired.schema";
        auto connect = [&](const std::string& u) {
            return dialect->connect(dialect::parse_url(u));
        };

        if (fs::exists(dir_ + "/start.sql")) {
            std::string out;
            ASSERT_EQ(stepwise::testing::run_command(pg.bin("psql") + " " + pg.client_args() +
                                                         " -v ON_ERROR_STOP=1 -q -d " + db +
                                                         " -f " + dir_ + "/start.sql",
                                                     &out),
                      0)
                << "start.sql failed:\n"
                << out;
        }
        std::string start_dump = schema_dump(db), start_rows;
        std::map<std::string, long> start_counts;
        {
            auto c = connect(url);
            start_rows = dump_rows(*c);
            start_counts = row_counts(*c);
        }

        fs::path tmp = fs::temp_directory_path() / ("stepwise-pgcase-" + name);
        fs::create_directories(tmp);
        std::string plan_file = (tmp / "plan.json").string();
        auto planned = run_stepwise({"plan", "--url", url, "--schema", desired, "-o", plan_file});
        ASSERT_EQ(planned.exit_code, 0) << planned.output;
        auto plan = nlohmann::json::parse(stepwise::testing::read_text(plan_file));
        ASSERT_FALSE(plan.at("steps").empty()) << "the case changes nothing";
        std::set<std::string> seen;
        std::vector<std::string> ids;
        for (const auto& step : plan.at("steps")) {
            ids.push_back(step.at("id").get<std::string>());
            for (const auto& h : step.at("hazards"))
                seen.insert(h.at("class").get<std::string>());
        }
        if (fs::exists(dir_ + "/hazards"))
            for (const auto& want : lines_of(dir_ + "/hazards"))
                EXPECT_TRUE(seen.count(want)) << "plan lacks hazard " << want;
        if (fs::exists(dir_ + "/plan"))
            EXPECT_EQ(ids, lines_of(dir_ + "/plan")) << "the plan's steps differ";

        auto applied = run_stepwise(
            with({"apply", "--url", url, "--schema", desired, "--contract", "--yes", "--quiet"},
                 stepwise::testing::allow_all_hazards()));
        ASSERT_EQ(applied.exit_code, 0) << applied.output;

        auto replan =
            run_stepwise({"plan", "--url", url, "--schema", desired, "--detailed-exitcode"});
        EXPECT_EQ(replan.exit_code, 0) << "second plan is not empty:\n" << replan.output;

        // The target is built from the desired schema without its migration hints, which
        // only make sense against the starting database.
        std::string target_schema = (tmp / "target.schema").string();
        {
            model::PrintOptions no_hints;
            no_hints.hints = false;
            std::ofstream(target_schema) << model::print_catalog(
                frontend::load_catalog({desired}, dialect->naming()), no_hints);
        }
        auto built = run_stepwise(with({"apply", "--url", target_url, "--schema", target_schema,
                                        "--contract", "--yes", "--quiet"},
                                       stepwise::testing::allow_all_hazards()));
        ASSERT_EQ(built.exit_code, 0) << built.output;
        EXPECT_EQ(schema_dump(db), schema_dump(target_db))
            << "the migrated schema differs from one built directly from desired.schema";

        {
            auto c = connect(url);
            auto target = frontend::load_catalog({desired}, dialect->naming());
            auto counts = row_counts(*c);
            if (!fs::exists(dir_ + "/rows_change"))
                for (const auto& lost : stepwise::testing::lost_rows(target, start_counts, counts))
                    ADD_FAILURE() << lost;
            if (fs::exists(dir_ + "/assert.sql"))
                for (const auto& q : lines_of(dir_ + "/assert.sql"))
                    EXPECT_TRUE(c->query(q).rows.empty()) << "assertion returned rows: " << q;
        }

        auto rolled = run_stepwise({"rollback", "--url", url, "--yes", "--quiet"});
        ASSERT_EQ(rolled.exit_code, 0) << rolled.output;
        EXPECT_EQ(schema_dump(db), start_dump) << "rollback did not restore the schema";
        {
            auto c = connect(url);
            EXPECT_EQ(dump_rows(*c), start_rows) << "rollback did not restore the rows";
        }
        if (!HasFailure()) {
            pg.drop_database(db);
            pg.drop_database(target_db);
        }
        fs::remove_all(tmp);
    }

private:
    std::string dir_;
};

void register_cases() {
    for (const auto& dir :
         stepwise::testing::case_dirs(std::string(STEPWISE_SOURCE_DIR) + "/tests/cases/postgres")) {
        std::string name = fs::path(dir).filename().string();
        ::testing::RegisterTest("PgCases", name.c_str(), nullptr, nullptr, __FILE__, __LINE__,
                                [dir]() -> ::testing::Test* { return new PgCase(dir); });
    }
}

} // namespace

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    ::testing::AddGlobalTestEnvironment(new stepwise::testing::PgServerEnvironment);
    register_cases();
    return RUN_ALL_TESTS();
}
