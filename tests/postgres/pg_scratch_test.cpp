// Normalising the desired catalog through a scratch schema on the throwaway server: what the
// user wrote and what PostgreSQL stored compare equal; the scratch never outlives the call,
// even when the role may not create schemas or the server refuses the schema.

#include "compiler/diff/differ.h"
#include "compiler/frontend/loader.h"
#include "dialects/postgres/pg_dialect.h"
#include "dialects/postgres/pg_expr.h"
#include "dialects/postgres/pg_scratch.h"
#include "tests/postgres/pg_server.h"

#include <gtest/gtest.h>

using namespace stepwise;
using stepwise::testing::PgServer;

namespace {

struct Db {
    std::unique_ptr<dialect::Dialect> dialect = postgres::make_postgres_dialect();
    std::unique_ptr<dialect::Connection> conn;
    std::string url;
    explicit Db(const std::string& name) {
        url = PgServer::instance().create_database(name);
        conn = dialect->connect(dialect::parse_url(url));
    }
};

model::Catalog desired_from(const std::string& text) {
    return frontend::parse_sources({{"desired.schema", text}}, model::NamingStyle::Postgres);
}

std::vector<std::string> described(const diff::ChangeSet& changes) {
    std::vector<std::string> out;
    for (const auto& c : changes.changes)
        out.push_back(diff::describe(c));
    return out;
}

long scratch_schemas(dialect::Connection& c) {
    auto rs =
        c.query("SELECT count(*) FROM pg_namespace WHERE nspname LIKE '\\_stepwise\\_scratch%'");
    return std::stol(*rs.rows.at(0).at(0));
}

// The live tables, made by hand in the spellings a person writes in SQL.
const char* kLive = R"(
    CREATE TYPE order_status AS ENUM ('pending', 'paid', 'shipped');
    CREATE TABLE orders (
        id bigint PRIMARY KEY,
        status order_status NOT NULL DEFAULT 'pending',
        kind varchar(10) NOT NULL DEFAULT 'retail',
        qty integer NOT NULL DEFAULT -1,
        price numeric(10,2) NOT NULL,
        placed_at timestamptz DEFAULT now() + interval '1 day',
        total numeric GENERATED ALWAYS AS (price * qty) STORED,
        CONSTRAINT orders_kind_known CHECK (kind IN ('retail', 'wholesale')),
        CONSTRAINT orders_qty_range CHECK (qty BETWEEN -1 AND 1000),
        CONSTRAINT orders_price_positive CHECK (price > 0::numeric),
        CONSTRAINT orders_status_open CHECK (status NOT IN ('shipped')));
    CREATE INDEX orders_kind_lower_idx ON orders (lower(kind)) WHERE qty BETWEEN 1 AND 10;
    CREATE INDEX orders_status_idx ON orders (status) WHERE status IN ('pending', 'paid');
)";

// The same schema as a person writes it in the DSL.
const char* kDesired = R"(
enum order_status { 'pending', 'paid', 'shipped' }
table orders {
  id        bigint primary key
  status    order_status not null default 'pending'
  kind      varchar(10) not null default 'retail'
  qty       int not null default -1
  price     numeric(10,2) not null
  placed_at timestamptz default (now() + interval '1 day')
  total     sql('numeric GENERATED ALWAYS AS (price * qty) STORED')

  check orders_kind_known (kind in ('retail', 'wholesale'))
  check orders_qty_range (qty between -1 and 1000)
  check orders_price_positive (price > 0)
  check orders_status_open (status not in ('shipped'))
  index orders_kind_lower_idx ((lower(kind))) where (qty between 1 and 10)
  index orders_status_idx (status) where (status in ('pending', 'paid'))
}
)";

} // namespace

TEST(PgScratch, StoredSpellingsOfTheDesiredSideEqualTheLiveOnes) {
    STEPWISE_REQUIRE_PG();
    Db db("scratch_equal");
    db.conn->execute(kLive);
    auto live = db.dialect->inspect(*db.conn);
    auto desired = desired_from(kDesired);

    auto normalised = db.dialect->normalise_desired(*db.conn, desired);
    EXPECT_EQ(normalised.warning, "");
    // Compared exactly: the server spelt both sides.
    auto exact = diff::diff(live, normalised.catalog);
    EXPECT_TRUE(exact.empty()) << ::testing::PrintToString(described(exact));
    EXPECT_TRUE(diff::diff(live, normalised.catalog, db.dialect->diff_driver()).empty());
    // The user's spellings differ from the stored ones when compared as written.
    EXPECT_FALSE(diff::diff(live, desired).empty());

    EXPECT_FALSE(db.conn->in_transaction());
    EXPECT_EQ(scratch_schemas(*db.conn), 0);
}

TEST(PgScratch, TheTextualFallbackAgreesOnInAndBetween) {
    STEPWISE_REQUIRE_PG();
    Db db("scratch_textual");
    db.conn->execute(kLive);
    auto live = db.dialect->inspect(*db.conn);
    // What offline `diff` sees: the desired side as written, the driver's textual rules.
    auto changes = diff::diff(live, desired_from(kDesired), db.dialect->diff_driver());
    EXPECT_TRUE(changes.empty()) << ::testing::PrintToString(described(changes));
}

TEST(PgScratch, RealDifferencesSurviveNormalisation) {
    STEPWISE_REQUIRE_PG();
    Db db("scratch_real_change");
    db.conn->execute(kLive);
    auto live = db.dialect->inspect(*db.conn);
    std::string text = kDesired;
    text.replace(text.find("'wholesale'"), 11, "'export'");
    text.replace(text.find("between -1 and 1000"), 19, "between 0 and 1000");
    auto normalised = db.dialect->normalise_desired(*db.conn, desired_from(text));
    EXPECT_EQ(described(diff::diff(live, normalised.catalog, db.dialect->diff_driver())),
              (std::vector<std::string>{"drop check orders_kind_known on orders",
                                        "drop check orders_qty_range on orders",
                                        "add check orders_kind_known on orders",
                                        "add check orders_qty_range on orders"}));
}

TEST(PgScratch, ARoleWithoutCreateFallsBackWithAWarning) {
    STEPWISE_REQUIRE_PG();
    Db db("scratch_no_create");
    db.conn->execute(kLive);
    db.conn->execute("DROP ROLE IF EXISTS scratch_reader; CREATE ROLE scratch_reader LOGIN; "
                     "GRANT USAGE ON SCHEMA public TO scratch_reader");
    std::string url = db.url;
    url.replace(url.find("postgres@"), 9, "scratch_reader@");
    auto reader = db.dialect->connect(dialect::parse_url(url));
    auto desired = desired_from(kDesired);
    auto normalised = db.dialect->normalise_desired(*reader, desired);
    EXPECT_NE(normalised.warning.find("may not CREATE SCHEMA"), std::string::npos)
        << normalised.warning;
    EXPECT_EQ(normalised.warning.find('\n'), std::string::npos) << "one line";
    EXPECT_TRUE(model::same_schema(normalised.catalog, desired));
    EXPECT_FALSE(reader->in_transaction());
    EXPECT_EQ(scratch_schemas(*db.conn), 0);
}

TEST(PgScratch, ASchemaTheServerRefusesIsRolledBackWithAWarning) {
    STEPWISE_REQUIRE_PG();
    Db db("scratch_refused");
    auto desired = desired_from(R"(
table a { id int primary key }
table b {
  id int primary key
  n  int check (no_such_function(n) > 0)
}
)");
    auto normalised = db.dialect->normalise_desired(*db.conn, desired);
    EXPECT_NE(normalised.warning.find("no_such_function"), std::string::npos) << normalised.warning;
    EXPECT_TRUE(model::same_schema(normalised.catalog, desired));
    EXPECT_FALSE(db.conn->in_transaction());
    EXPECT_EQ(scratch_schemas(*db.conn), 0);
    EXPECT_TRUE(db.dialect->inspect(*db.conn).tables.empty());
}

TEST(PgScratch, InsideAnOpenTransactionOnlyTheSavepointIsRolledBack) {
    STEPWISE_REQUIRE_PG();
    Db db("scratch_savepoint");
    db.conn->begin();
    db.conn->execute("CREATE TABLE kept (id int)");
    auto normalised = db.dialect->normalise_desired(*db.conn, desired_from(kDesired));
    EXPECT_EQ(normalised.warning, "");
    ASSERT_TRUE(db.conn->in_transaction());
    EXPECT_EQ(scratch_schemas(*db.conn), 0);
    db.conn->commit();
    auto live = db.dialect->inspect(*db.conn);
    EXPECT_TRUE(live.find_table("kept"));
    EXPECT_FALSE(live.find_table("orders"));
}

TEST(PgScratch, HostileNamesAreQuotedInTheScratch) {
    STEPWISE_REQUIRE_PG();
    Db db("scratch_hostile");
    db.conn->execute(R"(CREATE TABLE "x""; DROP TABLE victim; --" ("we""ird" int DEFAULT 1 + 1);
                        CREATE TABLE victim (id int))");
    auto live = db.dialect->inspect(*db.conn);
    auto desired = desired_from(R"(
table "x""; DROP TABLE victim; --" {
  "we""ird" int default (1 + 1)
}
table victim { id int }
)");
    auto normalised = db.dialect->normalise_desired(*db.conn, desired);
    EXPECT_EQ(normalised.warning, "");
    EXPECT_TRUE(diff::diff(live, normalised.catalog).empty());
    EXPECT_TRUE(db.dialect->inspect(*db.conn).find_table("victim"));
}

TEST(PgScratch, SpellingsThatNameTheScratchSchemaAreNotTaken) {
    model::Catalog desired = desired_from("table t {\n  n int default 1\n  check t_n (n > 0)\n}\n");
    model::Catalog stored = desired;
    stored.tables[0].columns[0].default_value =
        model::Expr{model::Expr::Kind::Raw, "nextval('_stepwise_scratch_7.s'::regclass)"};
    stored.tables[0].checks[0].expr = model::Expr{model::Expr::Kind::Raw, "(n > 0)"};
    auto out = postgres::adopt_spellings(desired, stored, "_stepwise_scratch_7");
    EXPECT_EQ(out.tables[0].columns[0].default_value, desired.tables[0].columns[0].default_value);
    EXPECT_EQ(out.tables[0].checks[0].expr.text, "(n > 0)");
}
