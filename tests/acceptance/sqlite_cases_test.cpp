// Acceptance cases for SQLite, as data: tests/cases/sqlite/<case>/ holds
//   start.schema (optional)  the starting shape, created with `stepwise apply`
//   start.sql                the starting SQL: tables and/or rows
//   desired.schema           the schema to migrate to
//   assert.sql (optional)    queries, one per line, that must return no rows after apply
//   hazards (optional)       hazard classes the plan must contain, one per line
//   rows_change (optional)   present when a table's row count may change (e.g. a dropped table)
//   apply_fails (optional)   text the failing apply must print; rollback must then restore
//                            the start (a migration the data refutes)
// The runner plans, applies with contract, requires an empty second plan, checks the rows
// survived, rolls back and requires the catalog and every row to equal the start.

#include "compiler/frontend/loader.h"
#include "compiler/model/printer.h"
#include "dialects/sqlite/sqlite_dialect.h"
#include "dialects/sqlite/sqlite_quote.h"
#include "tests/acceptance/case_runner.h"
#include "tests/support/row_dump.h"

#include <filesystem>
#include <gtest/gtest.h>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace stepwise;
using stepwise::testing::lines_of;
using stepwise::testing::run_stepwise;
using stepwise::testing::with;

namespace {

struct Db {
    std::unique_ptr<dialect::Dialect> dialect = sqlite::make_sqlite_dialect();
    std::string path;
    std::string url() const { return "sqlite://" + path; }
    std::unique_ptr<dialect::Connection> connect() const {
        return dialect->connect(dialect::parse_url(url()));
    }
};

std::vector<std::string> user_tables(dialect::Connection& c) {
    std::vector<std::string> out;
    auto rs = c.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                      "'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE '\\_stepwise\\_%' ESCAPE '\\' "
                      "ORDER BY name");
    for (const auto& row : rs.rows)
        out.push_back(*row[0]);
    return out;
}

// Every row of every user table, as text in a stable order.
std::string dump_rows(dialect::Connection& c) {
    return stepwise::testing::dump_rows(c, user_tables(c), sqlite::quote_ident);
}

std::map<std::string, long> row_counts(dialect::Connection& c) {
    std::map<std::string, long> out;
    for (const auto& table : user_tables(c))
        out[table] = std::stol(
            *c.query("SELECT count(*) FROM " + sqlite::quote_ident(table)).rows.at(0).at(0));
    return out;
}

class SqliteCase : public ::testing::Test {
public:
    explicit SqliteCase(std::string dir) : dir_(std::move(dir)) {}

    void TestBody() override {
        auto tmp =
            fs::temp_directory_path() / ("stepwise-case-" + fs::path(dir_).filename().string() +
                                         "-" + std::to_string(::getpid()));
        fs::remove_all(tmp);
        fs::create_directories(tmp);
        Db db;
        db.path = (tmp / "case.db").string();
        std::string desired = dir_ + "/desired.schema";

        if (fs::exists(dir_ + "/start.schema")) {
            auto r = run_stepwise({"apply", "--url", db.url(), "--schema", dir_ + "/start.schema",
                                   "--contract", "--yes", "--quiet"});
            ASSERT_EQ(r.exit_code, 0) << "creating start.schema failed:\n" << r.output;
        }
        {
            auto c = db.connect();
            if (fs::exists(dir_ + "/start.sql"))
                c->execute(stepwise::testing::read_text(dir_ + "/start.sql"));
        }
        std::string start_schema, start_rows;
        std::map<std::string, long> start_counts;
        {
            auto c = db.connect();
            start_schema = model::print_catalog(db.dialect->inspect(*c));
            start_rows = dump_rows(*c);
            start_counts = row_counts(*c);
        }

        std::string plan_file = (tmp / "plan.json").string();
        auto planned =
            run_stepwise({"plan", "--url", db.url(), "--schema", desired, "-o", plan_file});
        ASSERT_EQ(planned.exit_code, 0) << planned.output;
        auto plan = nlohmann::json::parse(stepwise::testing::read_text(plan_file));
        ASSERT_FALSE(plan.at("steps").empty()) << "the case changes nothing";

        if (fs::exists(dir_ + "/hazards")) {
            std::set<std::string> seen;
            for (const auto& step : plan.at("steps"))
                for (const auto& h : step.at("hazards"))
                    seen.insert(h.at("class").get<std::string>());
            for (const auto& want : lines_of(dir_ + "/hazards"))
                EXPECT_TRUE(seen.count(want)) << "plan lacks hazard " << want;
        }

        auto applied = run_stepwise(with(
            {"apply", "--url", db.url(), "--schema", desired, "--contract", "--yes", "--quiet"},
            stepwise::testing::allow_all_hazards()));
        bool must_fail = fs::exists(dir_ + "/apply_fails");
        if (must_fail) {
            std::string want = lines_of(dir_ + "/apply_fails").at(0);
            EXPECT_NE(applied.exit_code, 0) << "apply must fail:\n" << applied.output;
            EXPECT_NE(applied.output.find(want), std::string::npos) << applied.output;
        } else {
            ASSERT_EQ(applied.exit_code, 0) << applied.output;
        }

        if (!must_fail) {

            auto replan = run_stepwise(
                {"plan", "--url", db.url(), "--schema", desired, "--detailed-exitcode"});
            EXPECT_EQ(replan.exit_code, 0) << "second plan is not empty:\n" << replan.output;

            {
                auto c = db.connect();
                auto target = frontend::load_catalog({desired}, db.dialect->naming());
                auto counts = row_counts(*c);
                if (!fs::exists(dir_ + "/rows_change"))
                    for (const auto& lost :
                         stepwise::testing::lost_rows(target, start_counts, counts))
                        ADD_FAILURE() << lost;
                if (fs::exists(dir_ + "/assert.sql"))
                    for (const auto& q : lines_of(dir_ + "/assert.sql")) {
                        auto rs = c->query(q);
                        EXPECT_TRUE(rs.rows.empty()) << "assertion returned rows: " << q;
                    }
            }
        }

        auto rolled = run_stepwise({"rollback", "--url", db.url(), "--yes", "--quiet"});
        ASSERT_EQ(rolled.exit_code, 0) << rolled.output;
        {
            auto c = db.connect();
            EXPECT_EQ(model::print_catalog(db.dialect->inspect(*c)), start_schema)
                << "rollback did not restore the catalog";
            EXPECT_EQ(dump_rows(*c), start_rows) << "rollback did not restore the rows";
        }
        fs::remove_all(tmp);
    }

private:
    std::string dir_;
};

void register_cases() {
    for (const auto& dir :
         stepwise::testing::case_dirs(std::string(STEPWISE_SOURCE_DIR) + "/tests/cases/sqlite")) {
        std::string name = fs::path(dir).filename().string();
        ::testing::RegisterTest("SqliteCases", name.c_str(), nullptr, nullptr, __FILE__, __LINE__,
                                [dir]() -> ::testing::Test* { return new SqliteCase(dir); });
    }
}

} // namespace

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    register_cases();
    return RUN_ALL_TESTS();
}
