// Acceptance cases for MySQL / MariaDB, as data: tests/cases/mysql/<case>/ holds
//   start.schema (optional)  the starting shape, created with `stepwise apply`
//   start.sql (optional)     the starting SQL: tables and/or rows
//   desired.schema           the schema to migrate to
//   assert.sql (optional)    queries, one per line, that must return no rows after apply
//   hazards (optional)       hazard classes the plan must contain, one per line
//   rows_change (optional)   present when a table's row count may change
// The runner plans, applies with contract, requires an empty second plan, compares SHOW
// CREATE TABLE with a database built directly from desired.schema, checks the rows
// survived, rolls back and requires the catalog and every row to equal the start.
// Columns kept by soft drops (`_stepwise_dropped_*`) are left out of the SHOW CREATE TABLE
// comparison: they are the tombstones the design keeps until `stepwise purge`.

#include "compiler/frontend/loader.h"
#include "compiler/model/printer.h"
#include "dialects/mysql/mysql_dialect.h"
#include "dialects/mysql/mysql_quote.h"
#include "tests/acceptance/case_runner.h"
#include "tests/mysql/mysql_case_suite.h"
#include "tests/mysql/mysql_rows.h"
#include "tests/mysql/mysql_server.h"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

namespace fs = std::filesystem;
using namespace stepwise;
using stepwise::testing::lines_of;
using stepwise::testing::mysql_dump_rows;
using stepwise::testing::mysql_user_tables;
using stepwise::testing::MysqlServer;
using stepwise::testing::run_stepwise;
using stepwise::testing::with;

namespace {

std::unique_ptr<dialect::Connection> connect(const dialect::Dialect& d, const std::string& db) {
    return d.connect(dialect::parse_url(MysqlServer::url(db)));
}

std::map<std::string, long> row_counts(dialect::Connection& c) {
    std::map<std::string, long> out;
    for (const auto& table : mysql_user_tables(c))
        out[table] = std::stol(
            *c.query("SELECT COUNT(*) FROM " + mysql::quote_ident(table)).rows.at(0).at(0));
    return out;
}

// SHOW CREATE TABLE of every user table, without the counter and the tombstone columns.
std::string show_create(dialect::Connection& c) {
    static const std::regex counter(" AUTO_INCREMENT=[0-9]+");
    std::string out;
    for (const auto& table : mysql_user_tables(c)) {
        std::string text =
            *c.query("SHOW CREATE TABLE " + mysql::quote_ident(table)).rows.at(0).at(1);
        text = std::regex_replace(text, counter, "");
        std::istringstream in(text);
        std::string line;
        while (std::getline(in, line)) {
            if (line.find("_stepwise_dropped_") != std::string::npos)
                continue;
            if (!line.empty() && line.back() == ',')
                line.pop_back();
            out += line + "\n";
        }
    }
    return out;
}

class MysqlCase : public ::testing::Test {
public:
    MysqlCase(std::string dir, std::string name) : dir_(std::move(dir)), name_(std::move(name)) {}

    void TestBody() override {
        auto dialect = mysql::make_mysql_dialect();
        std::string db = "c_" + name_, direct = "d_" + name_;
        ASSERT_EQ(MysqlServer::client(
                      "DROP DATABASE IF EXISTS `" + db + "`; DROP DATABASE IF EXISTS `" + direct +
                      "`; CREATE DATABASE `" + db + "`; CREATE DATABASE `" + direct + "`;"),
                  0);
        std::string url = MysqlServer::url(db);
        std::string desired = dir_ + "/desired.schema";
        auto tmp = fs::temp_directory_path() / ("stepwise-mycase-" + name_);
        fs::create_directories(tmp);

        if (fs::exists(dir_ + "/start.schema")) {
            auto r = run_stepwise(with({"apply", "--url", url, "--schema", dir_ + "/start.schema",
                                        "--contract", "--yes", "--quiet"},
                                       stepwise::testing::allow_all_hazards()));
            ASSERT_EQ(r.exit_code, 0) << "creating start.schema failed:\n" << r.output;
        }
        if (fs::exists(dir_ + "/start.sql"))
            connect(*dialect, db)->execute(stepwise::testing::read_text(dir_ + "/start.sql"));
        std::string start_schema, start_rows, start_create;
        std::map<std::string, long> start_counts;
        {
            auto c = connect(*dialect, db);
            start_schema = model::print_catalog(dialect->inspect(*c));
            start_rows = mysql_dump_rows(*c);
            start_counts = row_counts(*c);
            start_create = show_create(*c);
        }

        std::string plan_file = (tmp / "plan.json").string();
        auto planned = run_stepwise({"plan", "--url", url, "--schema", desired, "-o", plan_file});
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

        auto applied = run_stepwise(
            with({"apply", "--url", url, "--schema", desired, "--contract", "--yes", "--quiet"},
                 stepwise::testing::allow_all_hazards()));
        ASSERT_EQ(applied.exit_code, 0) << applied.output;

        auto replan =
            run_stepwise({"plan", "--url", url, "--schema", desired, "--detailed-exitcode"});
        EXPECT_EQ(replan.exit_code, 0) << "second plan is not empty:\n" << replan.output;

        // The direct build starts from nothing, where a rename hint has nothing to rename.
        std::string fresh = (tmp / "fresh.schema").string();
        {
            static const std::regex hint(R"( renamed from [A-Za-z_][A-Za-z0-9_]*)");
            std::ofstream(fresh) << std::regex_replace(stepwise::testing::read_text(desired), hint,
                                                       "");
        }
        auto built = run_stepwise(with({"apply", "--url", MysqlServer::url(direct), "--schema",
                                        fresh, "--contract", "--yes", "--quiet"},
                                       stepwise::testing::allow_all_hazards()));
        ASSERT_EQ(built.exit_code, 0) << "building desired.schema directly failed:\n"
                                      << built.output;
        {
            auto c = connect(*dialect, db);
            auto d = connect(*dialect, direct);
            EXPECT_EQ(show_create(*c), show_create(*d))
                << "the migrated tables differ from the tables built directly";
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
        {
            auto c = connect(*dialect, db);
            EXPECT_EQ(model::print_catalog(dialect->inspect(*c)), start_schema)
                << "rollback did not restore the catalog";
            EXPECT_EQ(mysql_dump_rows(*c), start_rows) << "rollback did not restore the rows";
            EXPECT_EQ(show_create(*c), start_create) << "rollback did not restore the tables";
        }
        fs::remove_all(tmp);
    }

private:
    std::string dir_, name_;
};

} // namespace

int main(int argc, char** argv) {
    return stepwise::testing::run_mysql_case_suite<MysqlCase>(argc, argv, "MysqlCases");
}
