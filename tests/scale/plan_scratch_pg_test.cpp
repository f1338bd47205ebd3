// `stepwise plan` on a live PostgreSQL sends to the scratch schema only the tables whose
// comparison could depend on how the server spells them.

#include "cli/planner.h"
#include "compiler/frontend/loader.h"
#include "dialects/postgres/pg_dialect.h"
#include "tests/postgres/pg_server.h"

#include <gtest/gtest.h>

using namespace stepwise;
using stepwise::testing::PgServer;

namespace {

// Forwards to a real connection and keeps the text of every statement sent.
class RecordingConnection : public dialect::Connection {
public:
    explicit RecordingConnection(dialect::Connection& inner) : inner_(inner) {}
    void execute(const std::string& sql) override {
        sent += sql + "\n";
        inner_.execute(sql);
    }
    dialect::ResultSet query(const std::string& sql,
                             const std::vector<dialect::Value>& params) override {
        sent += sql + "\n";
        return inner_.query(sql, params);
    }
    void begin() override { inner_.begin(); }
    void commit() override { inner_.commit(); }
    void rollback() override { inner_.rollback(); }
    bool in_transaction() const override { return inner_.in_transaction(); }
    std::string describe() const override { return inner_.describe(); }
    std::string sent;

private:
    dialect::Connection& inner_;
};

struct Db {
    std::unique_ptr<dialect::Dialect> dialect = postgres::make_postgres_dialect();
    std::unique_ptr<dialect::Connection> conn;
    explicit Db(const std::string& name) {
        conn = dialect->connect(dialect::parse_url(PgServer::instance().create_database(name)));
    }
};

model::Catalog desired_from(const std::string& text) {
    return frontend::parse_sources({{"desired.schema", text}}, model::NamingStyle::Postgres);
}

// `plain` is written as PostgreSQL stores it; `checked` has a check in a person's spelling.
const char* kLive = R"(
    CREATE TABLE plain (id bigint PRIMARY KEY, qty integer NOT NULL DEFAULT 0,
                        made_at timestamptz DEFAULT now());
    CREATE INDEX plain_qty_idx ON plain (qty);
    CREATE TABLE checked (id bigint PRIMARY KEY, qty integer NOT NULL,
                          CONSTRAINT checked_qty_range CHECK (qty BETWEEN 1 AND 10));
)";

const char* kDesired = R"(
table plain {
  id      bigint primary key
  qty     int not null default 0
  made_at timestamptz default now()
  index plain_qty_idx (qty)
}
table checked {
  id  bigint primary key
  qty int not null
  check checked_qty_range (qty between 1 and 10)
}
)";

} // namespace

TEST(PlanScratch, OnlyTablesSpeltOtherwiseGoToTheScratchSchema) {
    STEPWISE_REQUIRE_PG();
    Db db("plan_scratch_selective");
    db.conn->execute(kLive);
    auto live = db.dialect->inspect(*db.conn);
    RecordingConnection recording(*db.conn);
    auto plan =
        cli::make_plan(*db.dialect, live, desired_from(kDesired), cli::Environment{}, &recording);
    EXPECT_TRUE(plan.steps.empty());
    EXPECT_NE(recording.sent.find("CREATE SCHEMA"), std::string::npos) << recording.sent;
    EXPECT_NE(recording.sent.find("CREATE TABLE \"_stepwise_scratch_"), std::string::npos)
        << recording.sent;
    EXPECT_NE(recording.sent.find(".\"checked\" ("), std::string::npos) << recording.sent;
    EXPECT_EQ(recording.sent.find(".\"plain\" ("), std::string::npos) << recording.sent;
}

TEST(PlanScratch, ANoOpPlanSendsNoDdl) {
    STEPWISE_REQUIRE_PG();
    Db db("plan_scratch_noop");
    db.conn->execute(kLive);
    db.conn->execute("ALTER TABLE checked DROP CONSTRAINT checked_qty_range");
    auto live = db.dialect->inspect(*db.conn);
    std::string desired = kDesired;
    desired.erase(desired.find("  check checked_qty_range"));
    desired += "}\n";
    RecordingConnection recording(*db.conn);
    auto plan =
        cli::make_plan(*db.dialect, live, desired_from(desired), cli::Environment{}, &recording);
    EXPECT_TRUE(plan.steps.empty());
    EXPECT_EQ(recording.sent, "");
}

TEST(PlanScratch, ManyTablesAreSpeltAcrossSeveralTransactions) {
    // 450 tables go to the server in rounds of 200; every round's spellings are kept.
    STEPWISE_REQUIRE_PG();
    Db db("plan_scratch_rounds");
    std::string text;
    for (int i = 0; i < 450; ++i)
        text += "table t" + std::to_string(1000 + i) +
                " {\n  id int primary key\n  check c (id between 1 and 10)\n}\n";
    auto desired = desired_from(text);
    auto normalised = db.dialect->normalise_desired(*db.conn, desired);
    ASSERT_EQ(normalised.warning, "");
    ASSERT_EQ(normalised.catalog.tables.size(), 450u);
    // The server stores BETWEEN as two comparisons: a table left out of every round would
    // keep the written text.
    const std::string written = desired.tables.front().checks.at(0).expr.text;
    const std::string stored = normalised.catalog.tables.front().checks.at(0).expr.text;
    EXPECT_NE(stored, written);
    EXPECT_NE(stored.find(">="), std::string::npos) << stored;
    for (const auto& t : normalised.catalog.tables) {
        ASSERT_EQ(t.checks.size(), 1u) << t.name;
        EXPECT_EQ(t.checks[0].expr.text, stored) << t.name;
    }
    EXPECT_FALSE(db.conn->in_transaction());
}

TEST(DiffScratch, AFileAgainstALiveDatabaseSendsOnlyTheTablesPlanWould) {
    // `stepwise diff FILE URL` and `diff URL FILE`: the same choice as `plan`, either way round.
    STEPWISE_REQUIRE_PG();
    Db db("diff_scratch_selective");
    db.conn->execute(kLive);
    auto live = db.dialect->inspect(*db.conn);
    auto file = desired_from(kDesired);
    for (bool live_is_from : {true, false}) {
        RecordingConnection recording(*db.conn);
        auto changes = live_is_from
                           ? cli::diff_against_live(*db.dialect, recording, live, file, true)
                           : cli::diff_against_live(*db.dialect, recording, file, live, false);
        // BETWEEN is stored as two comparisons: equal only because the check was respelt.
        EXPECT_TRUE(changes.empty()) << live_is_from;
        EXPECT_NE(recording.sent.find(".\"checked\" ("), std::string::npos) << recording.sent;
        EXPECT_EQ(recording.sent.find(".\"plain\" ("), std::string::npos) << recording.sent;
    }
}
