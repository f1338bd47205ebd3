// Generated catalogs and the rows that satisfy them.

#include "tests/property/generators.h"
#include "tests/property/values.h"

#include <algorithm>
#include <map>
#include <rapidcheck.h>
#include <set>

namespace stepwise::property {

using namespace model;

namespace {

const std::vector<std::string> kTableNames = {"users", "Order Items", "group", "it's", "x\"y"};
const std::vector<std::string> kColumnNames = {"a",         "b",    "Note", "select",
                                               "two words", "q\"t", "it's", "amount"};

Type draw_type(Catalog& catalog) {
    Type t;
    t.kind = *rc::gen::element(TypeKind::Bool, TypeKind::SmallInt, TypeKind::Int, TypeKind::BigInt,
                               TypeKind::Real, TypeKind::Double, TypeKind::Numeric, TypeKind::Text,
                               TypeKind::Varchar, TypeKind::Char, TypeKind::Bytes, TypeKind::Date,
                               TypeKind::Time, TypeKind::Timestamp, TypeKind::TimestampTz,
                               TypeKind::Uuid, TypeKind::Json, TypeKind::Jsonb, TypeKind::Enum);
    if (t.kind == TypeKind::Varchar || t.kind == TypeKind::Char)
        t.length = *rc::gen::inRange(40, 80);
    if (t.kind == TypeKind::Numeric) {
        t.precision = *rc::gen::inRange(8, 13);
        t.scale = *rc::gen::inRange(0, 3);
    }
    if (t.kind == TypeKind::Enum) {
        // Enums exist through the columns that use them; one shared enum is enough.
        t.name = "mood";
        if (!catalog.find_enum("mood"))
            catalog.enums.push_back(Enum{"mood", {"sad", "ok", "it's fine"}, {}});
    }
    return t;
}

std::optional<Expr> draw_default(const Type& type, const Catalog& catalog) {
    if (!*rc::gen::arbitrary<bool>())
        return std::nullopt;
    switch (type.kind) {
    case TypeKind::SmallInt:
    case TypeKind::Int:
    case TypeKind::BigInt:
    case TypeKind::Numeric:
        return Expr{Expr::Kind::Number, *rc::gen::element<std::string>("0", "7")};
    case TypeKind::Real:
    case TypeKind::Double:
        return Expr{Expr::Kind::Number, "1.5"};
    case TypeKind::Text:
    case TypeKind::Varchar:
    case TypeKind::Char:
        return Expr{Expr::Kind::String, *rc::gen::element<std::string>("none", "it's")};
    case TypeKind::Bool:
        return Expr{Expr::Kind::Bool, "false"};
    case TypeKind::Timestamp:
    case TypeKind::TimestampTz:
        return Expr{Expr::Kind::Call, "now()"};
    case TypeKind::Date:
        return Expr{Expr::Kind::String, "2024-01-01"};
    case TypeKind::Enum:
        return Expr{Expr::Kind::String, catalog.find_enum(type.name)->labels.front()};
    default:
        return std::nullopt;
    }
}

// Up to `most` distinct names of the pool, in pool order, at least one.
std::vector<std::string> draw_names(const std::vector<std::string>& pool, size_t most) {
    std::vector<std::string> out;
    for (const auto& name : pool)
        if (out.size() < most && *rc::gen::inRange(0, 3) == 0)
            out.push_back(name);
    if (out.empty())
        out.push_back(*rc::gen::elementOf(pool));
    return out;
}

bool unbounded(TypeKind k) {
    return k == TypeKind::Text || k == TypeKind::Bytes || k == TypeKind::Json ||
           k == TypeKind::Jsonb;
}

// The columns of a child's foreign key: one per column of the key it references.
const std::vector<std::string> kOwnerColumns = {"owner", "owner two"};

bool is_owner_column(const std::string& name) {
    return std::find(kOwnerColumns.begin(), kOwnerColumns.end(), name) != kOwnerColumns.end();
}

bool uniqueable(const Type& t, const Profile& profile) {
    return t.kind != TypeKind::Bool && t.kind != TypeKind::Enum && indexable(t, profile);
}

} // namespace

bool referenceable(const Type& t) {
    return is_integer(t.kind) || t.kind == TypeKind::Text || t.kind == TypeKind::Varchar ||
           t.kind == TypeKind::Char || t.kind == TypeKind::Date || t.kind == TypeKind::Uuid ||
           t.kind == TypeKind::Enum;
}

bool indexable(const Type& t, const Profile& profile) {
    if (t.kind == TypeKind::Json && !profile.json_keys)
        return false;
    return profile.unbounded_keys || !unbounded(t.kind);
}

std::string sql_ident(const std::string& name, const Profile& profile) {
    const char q = profile.ident_quote;
    std::string out(1, q);
    for (char c : name)
        out += c == q ? std::string(2, q) : std::string(1, c);
    return out + q;
}

Catalog draw_catalog(const Profile& profile) {
    const NamingStyle naming = profile.naming;
    Catalog catalog;
    auto names = draw_names(allowed_names(kTableNames, profile), 3);

    for (size_t i = 0; i < names.size(); ++i) {
        Table t;
        t.name = names[i];
        Column id;
        id.name = "id";
        id.type.kind = profile.unbounded_keys
                           ? *rc::gen::element(TypeKind::Int, TypeKind::BigInt, TypeKind::Text)
                           : *rc::gen::element(TypeKind::Int, TypeKind::BigInt);
        id.nullable = false;
        t.columns.push_back(id);
        t.primary_key = PrimaryKey{default_primary_key_name(naming, t.name), {"id"}, {}};

        auto cols = draw_names(allowed_names(kColumnNames, profile), 4);
        for (const auto& name : cols) {
            Column c;
            c.name = name;
            c.type = draw_type(catalog);
            c.nullable = *rc::gen::arbitrary<bool>();
            c.default_value = draw_default(c.type, catalog);
            t.columns.push_back(c);
        }

        if (i > 0 && *rc::gen::arbitrary<bool>()) {
            const Table& parent = catalog.tables[*rc::gen::inRange<size_t>(0, i)];
            // The parent's primary key, or its unique key (one or two columns) when the
            // columns' types can be referenced.
            std::vector<std::string> target = {"id"};
            if (!parent.uniques.empty() && *rc::gen::inRange(0, 3) != 0) {
                bool ok = true;
                for (const auto& name : parent.uniques.front().columns)
                    ok = ok && referenceable(parent.find_column(name)->type);
                if (ok)
                    target = parent.uniques.front().columns;
            }
            const bool nullable = *rc::gen::arbitrary<bool>();
            ForeignKey fk;
            for (size_t k = 0; k < target.size(); ++k) {
                Column ref;
                ref.name = kOwnerColumns[k];
                ref.type = parent.find_column(target[k])->type;
                ref.nullable = nullable;
                t.columns.push_back(ref);
                fk.columns.push_back(ref.name);
            }
            fk.name = default_foreign_key_name(naming, t.name, fk.columns, 1);
            fk.ref_table = parent.name;
            fk.ref_columns = target;
            fk.on_delete = nullable ? *rc::gen::element(FkAction::NoAction, FkAction::Cascade,
                                                        FkAction::Restrict, FkAction::SetNull)
                                    : *rc::gen::element(FkAction::NoAction, FkAction::Cascade);
            if (fk.on_delete == FkAction::Restrict && !profile.fk_restrict)
                fk.on_delete = FkAction::NoAction;
            t.foreign_keys.push_back(fk);
        }

        std::vector<const Column*> plain; // not the key, not a foreign key
        for (size_t k = 1; k < t.columns.size(); ++k)
            if (!is_owner_column(t.columns[k].name))
                plain.push_back(&t.columns[k]);
        if (!plain.empty() && *rc::gen::arbitrary<bool>()) {
            // An index, not the pointer: while shrinking RapidCheck replays drawn values, and a
            // pointer drawn in an earlier run points into that run's freed columns.
            const Column* c = plain[*rc::gen::inRange<size_t>(0, plain.size())];
            // A second column makes the key composite; it may be an enum, whose values repeat
            // (the first column's never do).
            std::vector<std::string> columns = {c->name};
            if (plain.size() > 1 && *rc::gen::arbitrary<bool>()) {
                const Column* second = plain[*rc::gen::inRange<size_t>(0, plain.size())];
                if (second != c && second->type.kind != TypeKind::Bool &&
                    indexable(second->type, profile))
                    columns.push_back(second->name);
            }
            if (uniqueable(c->type, profile))
                t.uniques.push_back(
                    UniqueConstraint{default_unique_name(naming, t.name, columns), columns, {}});
        }
        const Column* indexed = nullptr;
        if (t.columns.size() > 1 && *rc::gen::arbitrary<bool>())
            indexed = &t.columns[*rc::gen::inRange<size_t>(1, t.columns.size())];
        // On MySQL a unique key is an index named after its first column, as is a plain
        // index, and names of indexes are unique per table.
        auto name_taken = [&](const std::string& name) {
            for (const auto& u : t.uniques)
                if (u.name == name)
                    return true;
            return false;
        };
        if (indexed && indexable(indexed->type, profile) &&
            !name_taken(default_index_name(naming, t.name, {indexed->name}))) {
            const Column& c = *indexed;
            Index index;
            index.name = default_index_name(naming, t.name, {c.name});
            index.parts.push_back(IndexPart{c.name, std::nullopt,
                                            *rc::gen::element(SortOrder::Asc, SortOrder::Desc)});
            if (profile.partial_indexes && *rc::gen::arbitrary<bool>())
                index.where = Expr{Expr::Kind::Raw, sql_ident(c.name, profile) + " is not null"};
            t.indexes.push_back(index);
        }
        std::vector<const Column*> numbers;
        for (const Column* c : plain)
            if (is_integer(c->type.kind))
                numbers.push_back(c);
        if (!numbers.empty() && *rc::gen::arbitrary<bool>()) {
            // Over one column, or over two (rows never hold negative numbers).
            const Column* c = numbers[*rc::gen::inRange<size_t>(0, numbers.size())];
            std::string text = sql_ident(c->name, profile) + " >= 0";
            if (numbers.size() > 1 && *rc::gen::arbitrary<bool>()) {
                const Column* other = numbers[*rc::gen::inRange<size_t>(0, numbers.size())];
                if (other != c)
                    text = sql_ident(c->name, profile) + " + " + sql_ident(other->name, profile) +
                           " >= 0";
            }
            t.checks.push_back(Check{
                default_check_name(naming, t.name, {c->name}, 1), Expr{Expr::Kind::Raw, text}, {}});
        }
        catalog.tables.push_back(std::move(t));
    }
    canonicalize(catalog);
    return catalog;
}

Dataset draw_dataset(const Profile& profile) {
    Dataset data;
    data.catalog = draw_catalog(profile);
    // Parents first: a table is placed once every table it references is.
    std::vector<const Table*> order;
    std::set<std::string> placed;
    while (order.size() < data.catalog.tables.size())
        for (const auto& t : data.catalog.tables) {
            if (placed.count(t.name))
                continue;
            bool ready = true;
            for (const auto& fk : t.foreign_keys)
                ready = ready && (placed.count(fk.ref_table) || fk.ref_table == t.name);
            if (ready) {
                order.push_back(&t);
                placed.insert(t.name);
            }
        }

    std::map<std::string, const TableRows*> placed_rows; // a parent's rows, by table
    data.tables.reserve(order.size());                   // placed_rows points into it
    for (const Table* t : order) {
        TableRows rows;
        rows.table = t->name;
        for (const auto& c : t->columns)
            rows.columns.push_back(c.name);
        // A child's key takes the values of one parent row whose referenced columns are all
        // set; those rows, per foreign key.
        std::vector<std::vector<dialect::Row>> targets;
        for (const auto& fk : t->foreign_keys) {
            std::vector<dialect::Row> tuples;
            if (const TableRows* parent = placed_rows[fk.ref_table])
                for (const auto& prow : parent->rows) {
                    dialect::Row tuple;
                    for (const auto& rc : fk.ref_columns) {
                        size_t at = static_cast<size_t>(
                            std::find(parent->columns.begin(), parent->columns.end(), rc) -
                            parent->columns.begin());
                        tuple.push_back(prow[at]);
                    }
                    if (std::all_of(tuple.begin(), tuple.end(),
                                    [](const auto& v) { return v.has_value(); }))
                        tuples.push_back(tuple);
                }
            targets.push_back(std::move(tuples));
        }
        int count = *rc::gen::inRange(0, 6);
        for (int r = 0; r < count; ++r) {
            std::map<std::string, std::optional<std::string>> keyed;
            for (size_t k = 0; k < t->foreign_keys.size(); ++k) {
                const auto& fk = t->foreign_keys[k];
                const bool nullable = t->find_column(fk.columns.front())->nullable;
                dialect::Row tuple(fk.columns.size());
                if (!targets[k].empty() && !(nullable && *rc::gen::arbitrary<bool>()))
                    tuple = *rc::gen::elementOf(targets[k]);
                for (size_t c = 0; c < fk.columns.size(); ++c)
                    keyed[fk.columns[c]] = tuple[c];
            }
            dialect::Row row;
            for (const auto& c : t->columns) {
                if (auto it = keyed.find(c.name); it != keyed.end()) {
                    row.push_back(it->second);
                    continue;
                }
                if (c.nullable && *rc::gen::inRange(0, 4) == 0) {
                    row.push_back(std::nullopt);
                    continue;
                }
                row.push_back(value_for(c.type, data.catalog, r, profile));
            }
            if (!row.front())
                continue;
            rows.rows.push_back(std::move(row));
        }
        // A foreign key that must be set but has no parent row: the table stays empty.
        bool ok = true;
        for (const auto& row : rows.rows)
            for (size_t k = 0; k < row.size(); ++k)
                if (!row[k] && !t->columns[k].nullable)
                    ok = false;
        if (!ok)
            rows.rows.clear();
        data.tables.push_back(std::move(rows));
        placed_rows[t->name] = &data.tables.back();
    }
    return data;
}

std::vector<std::string> allowed_names(const std::vector<std::string>& pool,
                                       const Profile& profile) {
    std::vector<std::string> out;
    for (const auto& n : pool)
        if (profile.quotes_in_names || n.find_first_of("'\"") == std::string::npos)
            out.push_back(n);
    return out;
}

} // namespace stepwise::property
