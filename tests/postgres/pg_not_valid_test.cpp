// Checks and foreign keys the live database holds NOT VALID: read back as such, planned as
// one Validate-phase step when the desired definition is the same, applied with the built
// binary, and left validated by rollback (PostgreSQL cannot make them NOT VALID again).

#include "compiler/diff/differ.h"
#include "compiler/frontend/loader.h"
#include "dialects/postgres/pg_dialect.h"
#include "tests/acceptance/case_runner.h"
#include "tests/postgres/pg_server.h"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace fs = std::filesystem;
using namespace stepwise;
using stepwise::testing::PgServer;
using stepwise::testing::run_stepwise;

namespace {

model::Catalog parse(const std::string& text) {
    return frontend::parse_sources({{"t.schema", text}}, model::NamingStyle::Postgres);
}

std::vector<std::string> described(const diff::ChangeSet& changes) {
    std::vector<std::string> out;
    for (const auto& c : changes.changes)
        out.push_back(diff::describe(c));
    return out;
}

const char* kSchema = R"(
table customers {
  id int primary key
}
table orders {
  id          int primary key
  customer_id int not null
  qty         int not null

  check orders_qty_positive (qty > 0)
  foreign key orders_customer_fk (customer_id) references customers (id)
}
)";

const char* kStart = R"(
    CREATE TABLE customers (id int CONSTRAINT customers_pkey PRIMARY KEY);
    CREATE TABLE orders (id int CONSTRAINT orders_pkey PRIMARY KEY, customer_id int NOT NULL,
                         qty int NOT NULL);
    INSERT INTO customers VALUES (1), (2);
    INSERT INTO orders VALUES (10, 1, 3), (11, 2, 1);
    ALTER TABLE orders ADD CONSTRAINT orders_qty_positive CHECK (qty > 0) NOT VALID;
    ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id)
        REFERENCES customers (id) NOT VALID;
)";

std::map<std::string, std::string> validated(dialect::Connection& c) {
    std::map<std::string, std::string> out;
    for (const auto& row : c.query("SELECT conname, convalidated::text FROM pg_constraint "
                                   "WHERE contype IN ('c', 'f') AND conrelid <> 0 ORDER BY conname")
                               .rows)
        out[*row[0]] = *row[1];
    return out;
}

} // namespace

TEST(PgNotValid, TheDifferValidatesWhatIsLeftNotValidWithTheSameDefinition) {
    auto live = parse(kSchema);
    auto desired = parse(kSchema);
    live.find_table("orders")->checks[0].validated = false;
    live.find_table("orders")->foreign_keys[0].validated = false;
    EXPECT_EQ(described(diff::diff(live, desired)),
              (std::vector<std::string>{"validate foreign key orders_customer_fk on orders",
                                        "validate check orders_qty_positive on orders"}));
    // Validated on both sides, or only on the live one: nothing to do.
    EXPECT_TRUE(diff::diff(desired, desired).empty());
    EXPECT_TRUE(diff::diff(desired, live).empty());
}

TEST(PgNotValid, AChangedDefinitionIsADropAndAnAddWithoutAnExtraValidation) {
    auto live = parse(kSchema);
    live.find_table("orders")->checks[0].validated = false;
    std::string text = kSchema;
    text.replace(text.find("qty > 0"), 7, "qty > 1");
    EXPECT_EQ(described(diff::diff(live, parse(text))),
              (std::vector<std::string>{"drop check orders_qty_positive on orders",
                                        "add check orders_qty_positive on orders"}));
}

TEST(PgNotValid, InspectReadsConvalidated) {
    STEPWISE_REQUIRE_PG();
    auto dialect = postgres::make_postgres_dialect();
    auto conn =
        dialect->connect(dialect::parse_url(PgServer::instance().create_database("nv_inspect")));
    conn->execute(kStart);
    conn->execute("ALTER TABLE customers ADD CONSTRAINT customers_id_positive CHECK (id > 0)");
    auto cat = dialect->inspect(*conn);
    EXPECT_FALSE(cat.find_table("orders")->checks.at(0).validated);
    EXPECT_FALSE(cat.find_table("orders")->foreign_keys.at(0).validated);
    EXPECT_TRUE(cat.find_table("customers")->checks.at(0).validated);
}

TEST(PgNotValid, PlanApplyReplanAndRollbackWithTheBinary) {
    STEPWISE_REQUIRE_PG();
    auto& pg = PgServer::instance();
    std::string url = pg.create_database("nv_apply");
    auto dialect = postgres::make_postgres_dialect();
    auto conn = dialect->connect(dialect::parse_url(url));
    conn->execute(kStart);

    fs::path dir = fs::temp_directory_path() / "stepwise-pg-not-valid";
    fs::create_directories(dir);
    std::string schema = (dir / "desired.schema").string();
    std::string plan_file = (dir / "plan.json").string();
    std::ofstream(schema) << kSchema;

    auto planned = run_stepwise({"plan", "--url", url, "--schema", schema, "-o", plan_file});
    ASSERT_EQ(planned.exit_code, 0) << planned.output;
    auto plan = nlohmann::json::parse(stepwise::testing::read_text(plan_file));
    ASSERT_EQ(plan.at("steps").size(), 2u) << plan.dump(2);
    std::vector<std::string> ids;
    for (const auto& step : plan.at("steps")) {
        ids.push_back(step.at("id").get<std::string>());
        EXPECT_EQ(step.at("phase"), "validate");
        EXPECT_EQ(step.at("lock").at("mode"), "SHARE UPDATE EXCLUSIVE");
        EXPECT_TRUE(step.at("down").empty()) << "validation changes no data: nothing to undo";
        ASSERT_EQ(step.at("up").size(), 1u);
        EXPECT_NE(step.at("up")[0].get<std::string>().find("VALIDATE CONSTRAINT"),
                  std::string::npos);
    }
    EXPECT_EQ(ids, (std::vector<std::string>{"orders.orders_customer_fk:validate",
                                             "orders.orders_qty_positive:validate"}));

    auto applied = run_stepwise(
        stepwise::testing::with({"apply", "--url", url, "--schema", schema, "--yes", "--quiet"},
                                stepwise::testing::allow_all_hazards()));
    ASSERT_EQ(applied.exit_code, 0) << applied.output;
    EXPECT_EQ(validated(*conn),
              (std::map<std::string, std::string>{{"orders_customer_fk", "true"},
                                                  {"orders_qty_positive", "true"}}));
    auto replan = run_stepwise({"plan", "--url", url, "--schema", schema, "--detailed-exitcode"});
    EXPECT_EQ(replan.exit_code, 0) << "second plan is not empty:\n" << replan.output;

    auto rolled = run_stepwise({"rollback", "--url", url, "--yes", "--quiet"});
    ASSERT_EQ(rolled.exit_code, 0) << rolled.output;
    EXPECT_EQ(validated(*conn),
              (std::map<std::string, std::string>{{"orders_customer_fk", "true"},
                                                  {"orders_qty_positive", "true"}}));
    fs::remove_all(dir);
}

TEST(PgNotValid, ARowThatBreaksTheCheckFailsTheApplyNamingTheStep) {
    STEPWISE_REQUIRE_PG();
    auto& pg = PgServer::instance();
    std::string url = pg.create_database("nv_broken");
    auto dialect = postgres::make_postgres_dialect();
    auto conn = dialect->connect(dialect::parse_url(url));
    // The bad row predates the NOT VALID check, which only guards new writes.
    std::string start = kStart;
    start.insert(start.find("    ALTER TABLE"), "    INSERT INTO orders VALUES (12, 1, 0);\n");
    conn->execute(start);

    fs::path dir = fs::temp_directory_path() / "stepwise-pg-not-valid-broken";
    fs::create_directories(dir);
    std::string schema = (dir / "desired.schema").string();
    std::ofstream(schema) << kSchema;
    auto applied = run_stepwise(
        stepwise::testing::with({"apply", "--url", url, "--schema", schema, "--yes", "--quiet"},
                                stepwise::testing::allow_all_hazards()));
    EXPECT_EQ(applied.exit_code, 1) << applied.output;
    EXPECT_NE(applied.output.find("orders.orders_qty_positive:validate"), std::string::npos)
        << applied.output;
    EXPECT_EQ(validated(*conn).at("orders_qty_positive"), "false");
    fs::remove_all(dir);
}
