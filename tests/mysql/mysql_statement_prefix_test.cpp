// A MariaDB step stopped part-way (a failed statement, a killed run) is rolled back by its
// whole down, then the downs of the steps before it (mysql_steps.h). For every case of
// tests/cases/mysql, each step with more than one up statement is stopped after each of its
// statements in turn and the plan rolled back from there; the database must equal the start
// (SHOW CREATE TABLE of every table and view, the rows, the triggers). The steps before it
// are then run again, and the step whole, before the next step is tried.

#include "compiler/diff/differ.h"
#include "compiler/frontend/loader.h"
#include "compiler/model/printer.h"
#include "compiler/plan/plan.h"
#include "dialects/mysql/mysql_dialect.h"
#include "dialects/mysql/mysql_quote.h"
#include "runtime/executor.h"
#include "tests/acceptance/case_runner.h"
#include "tests/mysql/mysql_case_suite.h"
#include "tests/mysql/mysql_rows.h"
#include "tests/mysql/mysql_server.h"
#include "tests/support/migration_plan.h"

#include <filesystem>
#include <gtest/gtest.h>
#include <regex>

namespace fs = std::filesystem;
using namespace stepwise;
using stepwise::testing::MysqlServer;

namespace {

// Everything a down must give back, as text.
std::string snapshot(dialect::Connection& c) {
    static const std::regex counter(" AUTO_INCREMENT=[0-9]+");
    std::string out;
    for (const auto& table : stepwise::testing::mysql_user_tables(c))
        out += std::regex_replace(
                   *c.query("SHOW CREATE TABLE " + mysql::quote_ident(table)).rows.at(0).at(1),
                   counter, "") +
               "\n";
    for (const auto& row : c.query("SELECT trigger_name FROM information_schema.triggers WHERE "
                                   "trigger_schema = DATABASE() ORDER BY 1")
                               .rows)
        out += "trigger " + *row[0] + "\n";
    return out + stepwise::testing::mysql_dump_rows(c);
}

void run(dialect::Connection& c, const std::string& what, const std::vector<std::string>& sql,
         size_t count) {
    for (size_t i = 0; i < count; ++i) {
        try {
            c.execute(sql[i]);
        } catch (const dialect::DatabaseError& e) {
            throw std::runtime_error(what + " statement " + std::to_string(i + 1) + ": " +
                                     e.what() + "\n  " + sql[i]);
        }
    }
}

class PrefixCase : public ::testing::Test {
public:
    PrefixCase(std::string dir, std::string name) : dir_(std::move(dir)), name_(std::move(name)) {}

    void TestBody() override {
        std::string db = "prefix_" + name_;
        ASSERT_EQ(MysqlServer::client("DROP DATABASE IF EXISTS `" + db + "`; CREATE DATABASE `" +
                                      db + "`"),
                  0);
        auto dialect = mysql::make_mysql_dialect();
        auto conn = dialect->connect(dialect::parse_url(MysqlServer::url(db)));
        if (fs::exists(dir_ + "/start.schema")) {
            runtime::QuietReporter quiet;
            runtime::ApplyOptions options;
            options.contract = true;
            runtime::Executor(*dialect, *conn, quiet)
                .apply(stepwise::testing::compile_plan(
                           *dialect, *conn,
                           frontend::load_catalog({dir_ + "/start.schema"}, dialect->naming())),
                       options);
        }
        if (fs::exists(dir_ + "/start.sql"))
            conn->execute(stepwise::testing::read_text(dir_ + "/start.sql"));
        auto desired = frontend::load_catalog({dir_ + "/desired.schema"}, dialect->naming());
        plan::Plan p = stepwise::testing::compile_plan(*dialect, *conn, desired);
        ASSERT_FALSE(p.steps.empty()) << "the case changes nothing";
        std::string start = snapshot(*conn);
        auto up = [&](const plan::Step& step) {
            run(*conn, step.id + " up", step.up, step.up.size());
            if (step.backfill) {
                auto bound = conn->query(step.backfill->max_key_sql).rows.at(0).at(0);
                if (bound)
                    conn->query(step.backfill->batch_sql, {dialect::Value{}, bound});
            }
        };
        for (size_t i = 0; i < p.steps.size(); ++i) {
            const plan::Step& step = p.steps[i];
            for (size_t k = 1; k < step.up.size(); ++k) {
                try {
                    run(*conn, step.id + " up", step.up, k);
                    for (size_t j = i + 1; j-- > 0;)
                        run(*conn, p.steps[j].id + " down", p.steps[j].down,
                            p.steps[j].down.size());
                } catch (const std::exception& e) {
                    FAIL() << "stopped after the first " << k << " of " << step.up.size()
                           << " up statements of " << step.id << ", rolling back: " << e.what();
                }
                ASSERT_EQ(snapshot(*conn), start)
                    << "stopped after the first " << k << " of " << step.up.size()
                    << " up statements of " << step.id
                    << ", rolling back did not restore the start";
                for (size_t j = 0; j < i; ++j)
                    ASSERT_NO_THROW(up(p.steps[j]));
            }
            ASSERT_NO_THROW(up(step));
        }
        EXPECT_TRUE(
            diff::diff(dialect->inspect(*conn), desired, dialect->diff_driver()).changes.empty())
            << "the steps run whole did not reach desired.schema";
        MysqlServer::client("DROP DATABASE IF EXISTS `" + db + "`");
    }

private:
    std::string dir_, name_;
};

} // namespace

int main(int argc, char** argv) {
    return stepwise::testing::run_mysql_case_suite<PrefixCase>(argc, argv, "MysqlStatementPrefix");
}
