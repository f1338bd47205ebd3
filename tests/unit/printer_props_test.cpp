// Properties of the canonical printer against the parser: for every valid canonical catalog
// c, parse(print(c)) == c (schema and hints), and print is a fixed point.

#include "compiler/frontend/loader.h"
#include "compiler/model/naming.h"
#include "compiler/model/printer.h"
#include "compiler/model/types.h"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>
#include <set>

using namespace stepwise;
using namespace stepwise::model;

namespace {

constexpr NamingStyle kStyle = NamingStyle::Postgres;

// Names that need no quoting, keywords, names that must be quoted, builtin type names.
std::string gen_identifier() {
    static const std::vector<std::string> fixed = {
        "id",          "email", "status", "comment", "key",   "Order Items", "we\"ird", "table",
        "NULL",        "int",   "text",   "_x1",     "Camel", "9lives",      "sql",     "a b c",
        "caf\xc3\xa9", "from",  "index",  "x"};
    if (*rc::gen::inRange(0, 3) == 0) {
        auto body = *rc::gen::container<std::string>(
            *rc::gen::inRange(1, 8),
            rc::gen::elementOf(std::string("abcdefghijklmnopqrstuvwxyz_")));
        return body;
    }
    return *rc::gen::elementOf(fixed);
}

std::string gen_text() {
    return *rc::gen::elementOf(std::vector<std::string>{
        "", "plain", "it's", "''", "a \"quoted\" word", "(paren", "semi;colon", "two  spaces",
        "line\nbreak", "-- not a comment", "/* nor this */", "caf\xc3\xa9"});
}

Expr gen_raw() {
    return {Expr::Kind::Raw, *rc::gen::elementOf(std::vector<std::string>{
                                 "1 + 2", "a || 'x'", "x::int", "lower(b)", "(a) > 0",
                                 "'it''s' || c", "status IN ('a', 'b')", "deleted_at is null",
                                 "coalesce(a, '') <> ''", "\"Odd Name\" * 2", "count(*)", "')('"})};
}

Expr gen_default() {
    switch (*rc::gen::inRange(0, 6)) {
    case 0:
        return {Expr::Kind::Number,
                *rc::gen::elementOf(std::vector<std::string>{"0", "-1.5", "42", "1e5", ".5"})};
    case 1:
        return {Expr::Kind::String, gen_text()};
    case 2:
        return {Expr::Kind::Bool, *rc::gen::elementOf(std::vector<std::string>{"true", "false"})};
    case 3:
        return {Expr::Kind::Null, "null"};
    case 4:
        return {Expr::Kind::Call, *rc::gen::elementOf(std::vector<std::string>{
                                      "now()", "coalesce(a, 'x')", "f(1, -2.5, true, null)",
                                      "g((1 + 2))", "gen_random_uuid()", "h(\"Odd\", k(x))"})};
    default:
        return gen_raw();
    }
}

Type gen_type(const std::vector<Enum>& enums) {
    Type t;
    int choice = *rc::gen::inRange(0, 21);
    if (choice < 18) {
        t.kind = static_cast<TypeKind>(choice);
    } else if (choice < 20 && !enums.empty()) {
        t.kind = TypeKind::Enum;
        t.name = (*rc::gen::elementOf(enums)).name;
    } else {
        t.kind = TypeKind::Sql;
        t.name = *rc::gen::elementOf(
            std::vector<std::string>{"inet", "double precision", "it's", "int[]"});
    }
    if ((t.kind == TypeKind::Varchar || t.kind == TypeKind::Char) && *rc::gen::arbitrary<bool>())
        t.length = *rc::gen::inRange(1, 500);
    if (t.kind == TypeKind::Numeric && *rc::gen::arbitrary<bool>()) {
        t.precision = *rc::gen::inRange(1, 30);
        if (*rc::gen::arbitrary<bool>())
            t.scale = *rc::gen::inRange(0, *t.precision + 1);
    }
    return t;
}

template <typename T> std::vector<T> unique_names(int count, std::set<std::string>& taken) {
    std::vector<T> out;
    for (int i = 0; i < count; ++i) {
        std::string name = gen_identifier();
        if (name.empty() || !taken.insert(name).second)
            continue;
        T item;
        item.name = name;
        out.push_back(std::move(item));
    }
    return out;
}

std::vector<std::string> some_columns(const Table& t, int max) {
    std::vector<std::string> out;
    int n = *rc::gen::inRange(1, max + 1);
    for (int i = 0; i < n; ++i) {
        std::string c = (*rc::gen::elementOf(t.columns)).name;
        if (std::find(out.begin(), out.end(), c) == out.end())
            out.push_back(c);
    }
    return out;
}

Column gen_column(const std::string& name, const std::vector<Enum>& enums) {
    Column c;
    c.name = name;
    c.type = gen_type(enums);
    c.nullable = *rc::gen::arbitrary<bool>();
    if (is_integer(c.type.kind) && *rc::gen::inRange(0, 4) == 0) {
        c.identity = true;
    } else if (*rc::gen::arbitrary<bool>()) {
        if (c.type.kind == TypeKind::Enum) {
            const auto& labels = std::find_if(enums.begin(), enums.end(), [&](const Enum& e) {
                                     return e.name == c.type.name;
                                 })->labels;
            if (!labels.empty())
                c.default_value = Expr{Expr::Kind::String, *rc::gen::elementOf(labels)};
        } else {
            c.default_value = gen_default();
        }
    }
    if ((is_text(c.type.kind) || c.type.kind == TypeKind::Sql) && *rc::gen::inRange(0, 4) == 0)
        c.collation = *rc::gen::elementOf(std::vector<std::string>{"C", "en_US", "und-x-icu"});
    if (*rc::gen::inRange(0, 3) == 0)
        c.comment = gen_text();
    if (*rc::gen::inRange(0, 4) == 0) {
        std::string old = gen_identifier();
        if (!old.empty() && old != name)
            c.renamed_from = old;
    }
    if (*rc::gen::inRange(0, 4) == 0)
        c.backfill = gen_raw();
    if (*rc::gen::inRange(0, 4) == 0) {
        c.using_expr = gen_raw();
        if (*rc::gen::arbitrary<bool>())
            c.down_using = gen_raw();
    }
    return c;
}

Catalog gen_catalog() {
    Catalog c;
    if (*rc::gen::arbitrary<bool>())
        c.ns = gen_identifier();
    std::set<std::string> enum_names, table_names;
    c.enums = unique_names<Enum>(*rc::gen::inRange(0, 3), enum_names);
    for (auto& e : c.enums) {
        std::set<std::string> seen;
        for (int i = *rc::gen::inRange(0, 4); i > 0; --i) {
            std::string label = gen_text();
            if (seen.insert(label).second)
                e.labels.push_back(label);
        }
    }
    c.tables = unique_names<Table>(*rc::gen::inRange(1, 5), table_names);
    for (auto& t : c.tables) {
        std::set<std::string> column_names;
        for (int i = *rc::gen::inRange(1, 6); i > 0; --i) {
            std::string name = gen_identifier();
            if (!name.empty() && column_names.insert(name).second)
                t.columns.push_back(gen_column(name, c.enums));
        }
        if (t.columns.empty())
            t.columns.push_back(gen_column("only", c.enums));
        if (*rc::gen::inRange(0, 3) == 0)
            t.comment = gen_text();
        if (*rc::gen::inRange(0, 4) == 0) {
            std::string old = gen_identifier();
            if (!old.empty() && old != t.name)
                t.renamed_from = old;
        }

        std::set<std::string> names; // one namespace for constraints and indexes
        auto claim = [&](const std::string& n) { return !n.empty() && names.insert(n).second; };
        if (*rc::gen::arbitrary<bool>()) {
            PrimaryKey pk;
            pk.columns = some_columns(t, 2);
            pk.name = *rc::gen::arbitrary<bool>() ? default_primary_key_name(kStyle, t.name)
                                                  : gen_identifier();
            if (claim(pk.name)) {
                for (const auto& col : pk.columns)
                    t.find_column(col)->nullable = false;
                t.primary_key = pk;
            }
        }
        for (int i = *rc::gen::inRange(0, 3); i > 0; --i) {
            UniqueConstraint u;
            u.columns = some_columns(t, 2);
            u.name = *rc::gen::arbitrary<bool>() ? default_unique_name(kStyle, t.name, u.columns)
                                                 : gen_identifier();
            if (claim(u.name))
                t.uniques.push_back(u);
        }
        for (int i = *rc::gen::inRange(0, 3); i > 0; --i) {
            Index ix;
            ix.name = gen_identifier();
            ix.unique = *rc::gen::arbitrary<bool>();
            for (int p = *rc::gen::inRange(1, 3); p > 0; --p) {
                IndexPart part;
                if (*rc::gen::inRange(0, 3) == 0)
                    part.expr = gen_raw();
                else
                    part.column = (*rc::gen::elementOf(t.columns)).name;
                part.order = *rc::gen::arbitrary<bool>() ? SortOrder::Asc : SortOrder::Desc;
                ix.parts.push_back(part);
            }
            ix.method = *rc::gen::elementOf(std::vector<std::string>{"", "", "hash", "gin"});
            if (*rc::gen::arbitrary<bool>())
                ix.where = gen_raw();
            if (claim(ix.name))
                t.indexes.push_back(ix);
        }
        for (int i = *rc::gen::inRange(0, 3); i > 0; --i) {
            Check ck{gen_identifier(), gen_raw(), {}};
            if (claim(ck.name))
                t.checks.push_back(ck);
        }
        t.name.swap(t.name);
        (void)names;
    }
    // Foreign keys: to a table with a primary key, through new columns of matching types.
    for (auto& t : c.tables) {
        for (int i = *rc::gen::inRange(0, 3); i > 0; --i) {
            const auto& target = *rc::gen::elementOf(c.tables);
            if (!target.primary_key)
                continue;
            ForeignKey fk;
            fk.ref_table = target.name;
            fk.ref_columns = target.primary_key->columns;
            bool ok = true;
            for (const auto& rc_name : fk.ref_columns) {
                std::string local = "fk_" + std::to_string(i) + "_" + rc_name;
                if (t.find_column(local)) {
                    ok = false;
                    break;
                }
                Column col;
                col.name = local;
                col.type = target.find_column(rc_name)->type;
                col.nullable = *rc::gen::arbitrary<bool>();
                t.columns.push_back(col);
                fk.columns.push_back(local);
            }
            if (!ok)
                continue;
            std::vector<FkAction> actions = {FkAction::NoAction, FkAction::Restrict,
                                             FkAction::Cascade, FkAction::SetDefault};
            fk.on_delete = *rc::gen::elementOf(actions);
            fk.on_update = *rc::gen::elementOf(actions);
            fk.name = *rc::gen::arbitrary<bool>()
                          ? default_foreign_key_name(kStyle, t.name, fk.columns, 1)
                          : "fk_" + gen_identifier();
            bool taken = (t.primary_key && t.primary_key->name == fk.name);
            for (const auto& u : t.uniques)
                taken = taken || u.name == fk.name;
            for (const auto& x : t.indexes)
                taken = taken || x.name == fk.name;
            for (const auto& x : t.checks)
                taken = taken || x.name == fk.name;
            for (const auto& x : t.foreign_keys)
                taken = taken || x.name == fk.name;
            if (!taken)
                t.foreign_keys.push_back(fk);
        }
    }
    canonicalize(c);
    return c;
}

// same_schema plus the hints it deliberately ignores.
bool same_with_hints(const Catalog& a, const Catalog& b) {
    if (!same_schema(a, b))
        return false;
    for (size_t i = 0; i < a.tables.size(); ++i) {
        const auto& ta = a.tables[i];
        const auto& tb = b.tables[i];
        if (ta.renamed_from != tb.renamed_from)
            return false;
        for (size_t j = 0; j < ta.columns.size(); ++j) {
            const auto& ca = ta.columns[j];
            const auto& cb = tb.columns[j];
            if (ca.renamed_from != cb.renamed_from || ca.backfill != cb.backfill ||
                ca.using_expr != cb.using_expr || ca.down_using != cb.down_using)
                return false;
        }
    }
    return true;
}

Catalog reparse(const std::string& text) {
    try {
        return frontend::parse_sources({{"printed.schema", text}}, kStyle);
    } catch (const frontend::FrontendError& e) {
        RC_FAIL(std::string(e.what()) + "\n--- printed ---\n" + text);
    }
}

} // namespace

RC_GTEST_PROP(PrinterProps, ParsePrintRoundTrips, ()) {
    Catalog c = gen_catalog();
    std::string printed = print_catalog(c);
    RC_LOG() << printed;
    Catalog back = reparse(printed);
    RC_ASSERT(same_with_hints(c, back));
}

RC_GTEST_PROP(PrinterProps, PrintIsAFixedPoint, ()) {
    Catalog c = gen_catalog();
    std::string printed = print_catalog(c);
    RC_ASSERT(print_catalog(reparse(printed)) == printed);
}

RC_GTEST_PROP(PrinterProps, FingerprintIgnoresHintsOnly, ()) {
    Catalog c = gen_catalog();
    Catalog stripped = c;
    for (auto& t : stripped.tables) {
        t.renamed_from.reset();
        for (auto& col : t.columns) {
            col.renamed_from.reset();
            col.backfill.reset();
            col.using_expr.reset();
            col.down_using.reset();
        }
    }
    RC_ASSERT(fingerprint(c) == fingerprint(stripped));
}
