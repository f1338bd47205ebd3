#include "compiler/diff/differ.h"

#include <algorithm>
#include <gtest/gtest.h>
#include <random>

using namespace stepwise;
using namespace stepwise::model;
using stepwise::diff::ChangeSet;

namespace {

Column col(const std::string& name, TypeKind kind = TypeKind::Int, bool nullable = true) {
    Column c;
    c.name = name;
    c.type.kind = kind;
    c.nullable = nullable;
    return c;
}

Table table(const std::string& name, std::vector<Column> columns) {
    Table t;
    t.name = name;
    t.columns = std::move(columns);
    return t;
}

Expr raw(const std::string& text) {
    return Expr{Expr::Kind::Raw, text};
}

Index index(const std::string& name, std::vector<std::string> columns) {
    Index i;
    i.name = name;
    for (auto& c : columns)
        i.parts.push_back(IndexPart{c, std::nullopt, SortOrder::Asc});
    return i;
}

ForeignKey fk(const std::string& name, std::vector<std::string> cols, const std::string& ref,
              std::vector<std::string> ref_cols) {
    ForeignKey k;
    k.name = name;
    k.columns = std::move(cols);
    k.ref_table = ref;
    k.ref_columns = std::move(ref_cols);
    return k;
}

Catalog catalog(std::vector<Table> tables, std::vector<Enum> enums = {}) {
    Catalog c;
    c.tables = std::move(tables);
    c.enums = std::move(enums);
    canonicalize(c);
    return c;
}

std::vector<std::string> lines(const ChangeSet& changes) {
    std::vector<std::string> out;
    for (const auto& c : changes.changes)
        out.push_back(diff::describe(c));
    return out;
}

std::vector<std::string> run(const Catalog& from, const Catalog& to) {
    return lines(diff::diff(from, to));
}

using Lines = std::vector<std::string>;

// Two tables with a foreign key between them, an index, a check and a unique each.
Catalog shop() {
    Table customers = table("customers", {col("id", TypeKind::BigInt, false),
                                          col("email", TypeKind::Text, false), col("nick")});
    customers.primary_key = PrimaryKey{"customers_pkey", {"id"}, {}};
    customers.uniques = {UniqueConstraint{"customers_email_key", {"email"}, {}}};
    customers.indexes = {index("customers_nick_idx", {"nick"})};
    customers.checks = {Check{"customers_email_at", raw("email like '%@%'"), {}}};
    Table orders = table("orders", {col("id", TypeKind::BigInt, false),
                                    col("customer_id", TypeKind::BigInt, false), col("total")});
    orders.primary_key = PrimaryKey{"orders_pkey", {"id"}, {}};
    orders.foreign_keys = {fk("orders_customer_id_fkey", {"customer_id"}, "customers", {"id"})};
    orders.indexes = {index("orders_customer_idx", {"customer_id"})};
    return catalog({orders, customers}, {Enum{"status", {"new", "paid"}, {}}});
}

} // namespace

TEST(Diff, IdenticalCatalogsGiveNoChanges) {
    EXPECT_TRUE(diff::diff(shop(), shop()).empty());
    EXPECT_TRUE(diff::diff(Catalog{}, Catalog{}).empty());
}

TEST(Diff, CreateAndDropTables) {
    Catalog from = catalog({table("old", {col("a")})});
    Catalog to = catalog({table("fresh", {col("a")})});
    EXPECT_EQ(run(from, to), (Lines{"create table fresh", "drop table old"}));
    auto changes = diff::diff(from, to);
    ASSERT_TRUE(std::holds_alternative<diff::CreateTable>(changes.changes[0]));
    EXPECT_EQ(std::get<diff::CreateTable>(changes.changes[0]).table.columns.size(), 1u);
}

TEST(Diff, AddAndDropColumns) {
    Catalog from = catalog({table("t", {col("a"), col("gone")})});
    Catalog to = catalog({table("t", {col("a"), col("z"), col("b")})});
    // New columns come in declaration order, so the table ends up in the declared shape.
    EXPECT_EQ(run(from, to), (Lines{"drop column t.gone", "add column t.z", "add column t.b"}));
}

TEST(Diff, AlterColumnFlagsEachAttribute) {
    Column base = col("c", TypeKind::Int, true);
    auto alter_of = [&](const Column& changed) {
        auto cs = diff::diff(catalog({table("t", {base})}), catalog({table("t", {changed})}));
        EXPECT_EQ(cs.changes.size(), 1u);
        return std::get<diff::AlterColumn>(cs.changes.at(0));
    };
    Column c = base;
    c.type.kind = TypeKind::BigInt;
    auto a = alter_of(c);
    EXPECT_TRUE(a.type);
    EXPECT_FALSE(a.nullability || a.default_value || a.identity || a.collation || a.comment);
    EXPECT_EQ(a.from.type.kind, TypeKind::Int);
    EXPECT_EQ(a.to.type.kind, TypeKind::BigInt);

    c = base;
    c.nullable = false;
    a = alter_of(c);
    EXPECT_TRUE(a.nullability);
    EXPECT_FALSE(a.type);

    c = base;
    c.default_value = Expr{Expr::Kind::Number, "0"};
    EXPECT_TRUE(alter_of(c).default_value);

    c = base;
    c.identity = true;
    EXPECT_TRUE(alter_of(c).identity);

    c = base;
    c.collation = "nocase";
    EXPECT_TRUE(alter_of(c).collation);

    c = base;
    c.comment = "why";
    a = alter_of(c);
    EXPECT_TRUE(a.comment);
    EXPECT_EQ(diff::describe(a), "alter column t.c: comment");
}

TEST(Diff, HintsAloneAreNotChanges) {
    Column c = col("c");
    c.backfill = raw("1");
    c.using_expr = raw("c + 1");
    EXPECT_TRUE(diff::diff(catalog({table("t", {col("c")})}), catalog({table("t", {c})})).empty());
}

namespace {

// A dialect that stores every varchar as text and folds expression case.
class LenientDriver : public diff::DiffDriver {
public:
    bool same_type(const Type& a, const Type& b) const override {
        auto textish = [](const Type& t) {
            return t.kind == TypeKind::Text || t.kind == TypeKind::Varchar;
        };
        return (textish(a) && textish(b)) || a == b;
    }
    bool same_expr(const Expr& a, const Expr& b) const override {
        auto lower = [](std::string s) {
            std::transform(s.begin(), s.end(), s.begin(), ::tolower);
            return s;
        };
        return a.kind == b.kind && lower(a.text) == lower(b.text);
    }
};

} // namespace

TEST(Diff, DriverDecidesWhetherTypesAndExpressionsDiffer) {
    Table from = table("t", {col("name", TypeKind::Text)});
    from.checks = {Check{"t_name_check", raw("length(name) > 0"), {}}};
    from.columns[0].default_value = raw("upper('x')");
    Table to = from;
    to.columns[0].type = Type{TypeKind::Varchar, 20, {}, {}, ""};
    to.checks[0].expr = raw("LENGTH(name) > 0");
    to.columns[0].default_value = raw("UPPER('x')");

    EXPECT_TRUE(diff::diff(catalog({from}), catalog({to}), LenientDriver{}).empty());
    EXPECT_EQ(run(catalog({from}), catalog({to})), (Lines{"drop check t_name_check on t",
                                                          "alter column t.name: type text -> "
                                                          "varchar(20), set default",
                                                          "add check t_name_check on t"}));
}

TEST(Diff, PrimaryKeyAddDropAndChange) {
    Table plain = table("t", {col("a", TypeKind::Int, false), col("b", TypeKind::Int, false)});
    Table keyed = plain;
    keyed.primary_key = PrimaryKey{"t_pkey", {"a"}, {}};
    Table wider = plain;
    wider.primary_key = PrimaryKey{"t_pkey", {"a", "b"}, {}};
    EXPECT_EQ(run(catalog({plain}), catalog({keyed})), (Lines{"add primary key t_pkey on t (a)"}));
    EXPECT_EQ(run(catalog({keyed}), catalog({plain})), (Lines{"drop primary key t_pkey on t"}));
    EXPECT_EQ(run(catalog({keyed}), catalog({wider})),
              (Lines{"drop primary key t_pkey on t", "add primary key t_pkey on t (a, b)"}));
}

TEST(Diff, UniquesComparedByName) {
    Table from = table("t", {col("a"), col("b")});
    from.uniques = {UniqueConstraint{"t_a_key", {"a"}, {}}, UniqueConstraint{"t_old", {"b"}, {}}};
    Table to = from;
    to.uniques = {UniqueConstraint{"t_a_key", {"a", "b"}, {}},
                  UniqueConstraint{"t_new", {"b"}, {}}};
    EXPECT_EQ(run(catalog({from}), catalog({to})),
              (Lines{"drop unique t_a_key on t", "drop unique t_old on t",
                     "add unique t_a_key on t (a, b)", "add unique t_new on t (b)"}));
}

TEST(Diff, ChangedIndexIsDropThenAddOfTheSameName) {
    Table from = table("t", {col("a"), col("b")});
    from.indexes = {index("t_idx", {"a"}), index("t_keep", {"b"})};
    Table to = from;
    to.indexes[0].parts[0].order = SortOrder::Desc;
    auto cs = diff::diff(catalog({from}), catalog({to}));
    EXPECT_EQ(lines(cs), (Lines{"drop index t_idx on t", "add index t_idx on t"}));
    EXPECT_EQ(std::get<diff::DropIndex>(cs.changes[0]).index.parts[0].order, SortOrder::Asc);
    EXPECT_EQ(std::get<diff::AddIndex>(cs.changes[1]).index.parts[0].order, SortOrder::Desc);

    to = from;
    to.indexes[0].where = raw("a > 0");
    EXPECT_EQ(run(catalog({from}), catalog({to})),
              (Lines{"drop index t_idx on t", "add index t_idx on t"}));
    to = from;
    to.indexes[0].unique = true;
    EXPECT_EQ(run(catalog({from}), catalog({to})).size(), 2u);
    to = from;
    to.indexes[0].method = "hash";
    EXPECT_EQ(run(catalog({from}), catalog({to})).size(), 2u);
    to = from;
    to.indexes.push_back(index("t_z", {"b"}));
    EXPECT_EQ(run(catalog({from}), catalog({to})), (Lines{"add index t_z on t"}));
}

TEST(Diff, ForeignKeysAndChecks) {
    Catalog from = shop();
    Catalog to = shop();
    to.find_table("orders")->foreign_keys[0].on_delete = FkAction::Cascade;
    to.find_table("customers")
        ->checks.push_back(Check{"customers_nick_len", raw("length(nick) < 9"), {}});
    EXPECT_EQ(run(from, to),
              (Lines{"add check customers_nick_len on customers",
                     "drop foreign key orders_customer_id_fkey on orders",
                     "add foreign key orders_customer_id_fkey on orders -> customers"}));
    EXPECT_EQ(run(to, from),
              (Lines{"drop check customers_nick_len on customers",
                     "drop foreign key orders_customer_id_fkey on orders",
                     "add foreign key orders_customer_id_fkey on orders -> customers"}));
}

TEST(Diff, TableComment) {
    Table from = table("t", {col("a")});
    Table to = from;
    to.comment = "things";
    auto cs = diff::diff(catalog({from}), catalog({to}));
    ASSERT_EQ(cs.changes.size(), 1u);
    const auto& c = std::get<diff::SetTableComment>(cs.changes[0]);
    EXPECT_FALSE(c.from.has_value());
    EXPECT_EQ(c.to, std::optional<std::string>("things"));
}

TEST(Diff, EnumsComeFirst) {
    Catalog from =
        catalog({table("a", {col("x")})}, {Enum{"gone", {"x"}, {}}, Enum{"mood", {"ok"}, {}}});
    Catalog to = catalog({table("a", {col("x"), col("y")})},
                         {Enum{"mood", {"ok", "sad"}, {}}, Enum{"fresh", {"a"}, {}}});
    EXPECT_EQ(run(from, to),
              (Lines{"create enum fresh", "drop enum gone", "alter enum mood", "add column a.y"}));
}

TEST(Diff, RenameTableThenDiffsAgainstTheOldContents) {
    Table clients = table("clients", {col("id", TypeKind::BigInt, false), col("name")});
    clients.primary_key = PrimaryKey{"clients_pkey", {"id"}, {}};
    Table customers = table("customers", {col("id", TypeKind::BigInt, false), col("name"),
                                          col("email", TypeKind::Text)});
    customers.primary_key = PrimaryKey{"clients_pkey", {"id"}, {}};
    customers.columns[1].nullable = false;
    customers.renamed_from = "clients";
    auto cs = diff::diff(catalog({clients}), catalog({customers}));
    EXPECT_EQ(lines(cs), (Lines{"rename table clients to customers", "add column customers.email",
                                "alter column customers.name: set not null"}));
    EXPECT_EQ(std::get<diff::AddColumn>(cs.changes[1]).table, "customers");
}

TEST(Diff, RenameHintIgnoredOnceTheRenameIsDone) {
    Table customers = table("customers", {col("id")});
    customers.renamed_from = "clients";
    Table nick = table("t", {col("nickname")});
    nick.columns[0].renamed_from = "nick";
    Catalog live = catalog({table("customers", {col("id")}), table("t", {col("nickname")})});
    EXPECT_TRUE(diff::diff(live, catalog({customers, nick})).empty());
}

TEST(Diff, RenameHintIgnoredWhenTheNewNameAlreadyExists) {
    Table customers = table("customers", {col("id")});
    customers.renamed_from = "clients";
    Catalog live = catalog({table("customers", {col("id")}), table("clients", {col("id")})});
    EXPECT_EQ(run(live, catalog({customers})), (Lines{"drop table clients"}));
}

TEST(Diff, RenameColumnThenAlterFromTheOldColumn) {
    Table from = table("t", {col("id"), col("total", TypeKind::Double)});
    Table to = table("t", {col("id"), col("total_cents", TypeKind::BigInt, false)});
    to.columns[1].renamed_from = "total";
    to.columns[1].using_expr = raw("round(total * 100)");
    auto cs = diff::diff(catalog({from}), catalog({to}));
    EXPECT_EQ(lines(cs),
              (Lines{"rename column t.total to total_cents",
                     "alter column t.total_cents: type double -> bigint, set not null"}));
    const auto& alter = std::get<diff::AlterColumn>(cs.changes[1]);
    EXPECT_EQ(alter.from.name, "total");
    EXPECT_EQ(alter.to.name, "total_cents");
    EXPECT_EQ(alter.to.using_expr, raw("round(total * 100)"));
}

TEST(Diff, RenameClaimsTheOldNameBeforeANewColumnOfThatName) {
    Table from = table("t", {col("a")});
    Table to = table("t", {col("b"), col("a", TypeKind::Text)});
    to.columns[0].renamed_from = "a";
    EXPECT_EQ(run(catalog({from}), catalog({to})),
              (Lines{"rename column t.a to b", "add column t.a"}));
}

// Objects whose only difference is a column name that follows a rename are unchanged: the
// database carries the rename into them.
TEST(Diff, ObjectsFollowingARenamedColumnAreUnchanged) {
    Catalog from = shop();
    Catalog to = shop();
    Table& c = *to.find_table("customers");
    c.columns[0].name = "customer_no";
    c.columns[0].renamed_from = "id";
    c.columns[2].name = "nickname";
    c.columns[2].renamed_from = "nick";
    c.primary_key->columns = {"customer_no"};
    c.indexes[0].parts[0].column = "nickname";
    c.indexes[0].where = raw("\"nickname\" <> 'nick' and nickname <> ''");
    to.find_table("orders")->foreign_keys[0].ref_columns = {"customer_no"};
    from.find_table("customers")->indexes[0].where = raw("\"nick\" <> 'nick' and NICK <> ''");
    EXPECT_EQ(run(from, to), (Lines{"rename column customers.id to customer_no",
                                    "rename column customers.nick to nickname"}));
}

TEST(Diff, CheckFollowsARenamedColumnButNotAFunctionOfThatName) {
    Table from = table("t", {col("len"), col("b")});
    from.checks = {Check{"t_c", raw("len(b) > len and 'len' <> b"), {}}};
    Table to = table("t", {col("size"), col("b")});
    to.columns[0].renamed_from = "len";
    to.checks = {Check{"t_c", raw("len(b) > size and 'len' <> b"), {}}};
    EXPECT_EQ(run(catalog({from}), catalog({to})), (Lines{"rename column t.len to size"}));
}

TEST(Diff, ForeignKeyToARenamedTableIsUnchanged) {
    Catalog from = shop();
    Catalog to = shop();
    to.find_table("customers")->name = "clients";
    to.find_table("clients")->renamed_from = "customers";
    to.find_table("orders")->foreign_keys[0].ref_table = "clients";
    canonicalize(to);
    EXPECT_EQ(run(from, to), (Lines{"rename table customers to clients"}));
}

TEST(Diff, RenamedTableWithChangedAndRenamedColumns) {
    Table clients = table("clients", {col("id"), col("nick"), col("old")});
    clients.indexes = {index("clients_nick_idx", {"nick"})};
    Table customers = table(
        "customers", {col("id", TypeKind::BigInt), col("nickname"), col("email", TypeKind::Text)});
    customers.renamed_from = "clients";
    customers.columns[1].renamed_from = "nick";
    customers.indexes = {index("clients_nick_idx", {"nickname"})};
    EXPECT_EQ(
        run(catalog({clients}), catalog({customers})),
        (Lines{"rename table clients to customers", "rename column customers.nick to nickname",
               "drop column customers.old", "add column customers.email",
               "alter column customers.id: type int -> bigint"}));
}

TEST(Diff, OrderIsByTableThenKindThenName) {
    Catalog from = shop();
    Catalog to = shop();
    Table& o = *to.find_table("orders");
    o.columns.push_back(col("note", TypeKind::Text));
    o.indexes.push_back(index("orders_a_idx", {"total"}));
    o.comment = "orders";
    to.find_table("customers")->indexes.clear();
    to.tables.push_back(table("audit", {col("at")}));
    canonicalize(to);
    EXPECT_EQ(run(from, to),
              (Lines{"create table audit", "drop index customers_nick_idx on customers",
                     "add column orders.note", "add index orders_a_idx on orders",
                     "set comment on table orders"}));
}

TEST(Diff, ShuffledInputGivesTheSameChangeSet) {
    Catalog from = shop();
    Catalog to = shop();
    Table& o = *to.find_table("orders");
    o.indexes.push_back(index("orders_total_idx", {"total"}));
    o.indexes.push_back(index("orders_id_idx", {"id"}));
    o.checks.push_back(Check{"orders_total_pos", raw("total > 0"), {}});
    o.checks.push_back(Check{"orders_id_pos", raw("id > 0"), {}});
    to.tables.push_back(table("zeta", {col("z")}));
    to.tables.push_back(table("alpha", {col("a")}));
    to.enums.push_back(Enum{"e2", {"x"}, {}});
    to.enums.push_back(Enum{"e1", {"y"}, {}});
    canonicalize(to);
    const auto expected = lines(diff::diff(from, to));
    ASSERT_EQ(expected.size(), 8u);

    std::mt19937 rng(7);
    for (int round = 0; round < 20; ++round) {
        Catalog a = from, b = to;
        for (Catalog* c : {&a, &b}) {
            std::shuffle(c->tables.begin(), c->tables.end(), rng);
            std::shuffle(c->enums.begin(), c->enums.end(), rng);
            for (auto& t : c->tables) {
                std::shuffle(t.indexes.begin(), t.indexes.end(), rng);
                std::shuffle(t.checks.begin(), t.checks.end(), rng);
                std::shuffle(t.uniques.begin(), t.uniques.end(), rng);
                std::shuffle(t.foreign_keys.begin(), t.foreign_keys.end(), rng);
            }
            canonicalize(*c);
        }
        EXPECT_EQ(lines(diff::diff(a, b)), expected);
    }
}
