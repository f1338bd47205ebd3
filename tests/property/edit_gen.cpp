// Edits that turn a generated catalog A into B, with the hints a user would write.
//
// Each column and table is edited at most once, so a hint always names A's object and
// hint expressions use A's column names, as the DSL requires.

#include "tests/property/generators.h"
#include "tests/property/values.h"

#include <algorithm>
#include <fmt/format.h>
#include <functional>
#include <rapidcheck.h>
#include <set>
#include <type_traits>

namespace stepwise::property {

using namespace model;

namespace {

const std::vector<std::string> kNewColumns = {"added", "New Col", "from", "c\"q"};
const std::vector<std::string> kNewTables = {"fresh", "New Table", "order", "t\"q"};

struct Editor {
    const Catalog& a;
    Catalog b;
    const Profile& profile;
    NamingStyle naming;
    std::vector<std::string> log;
    std::set<std::string> touched_tables;
    std::set<std::pair<std::string, std::string>> touched_columns;

    std::string ident(const std::string& name) const { return sql_ident(name, profile); }
    bool indexable(const Column& c) const { return property::indexable(c.type, profile); }

    bool touched(const Table& t, const Column& c) const {
        return touched_columns.count({t.name, c.name}) > 0;
    }
    void touch(const Table& t, const Column& c) { touched_columns.insert({t.name, c.name}); }

    static bool is_fk_column(const Table& t, const std::string& column) {
        for (const auto& fk : t.foreign_keys)
            for (const auto& c : fk.columns)
                if (c == column)
                    return true;
        return false;
    }
    // Whether the column held a foreign key in A: its values repeat, so it cannot become
    // unique.
    bool was_fk_column(const Table& t, const Column& c) const {
        const Table* before = a.find_table(t.renamed_from.value_or(t.name));
        return before && is_fk_column(*before, c.renamed_from.value_or(c.name));
    }
    static bool is_unique_column(const Table& t, const std::string& column) {
        for (const auto& u : t.uniques)
            for (const auto& c : u.columns)
                if (c == column)
                    return true;
        for (const auto& ix : t.indexes)
            if (ix.unique)
                for (const auto& p : ix.parts)
                    if (p.column == column)
                        return true;
        return false;
    }
    static bool in_any_index(const Table& t, const std::string& column) {
        if (is_fk_column(t, column) || is_unique_column(t, column))
            return true;
        for (const auto& ix : t.indexes)
            for (const auto& p : ix.parts)
                if (p.column == column)
                    return true;
        return t.primary_key &&
               std::find(t.primary_key->columns.begin(), t.primary_key->columns.end(), column) !=
                   t.primary_key->columns.end();
    }
    // Unique keys and indexes share one namespace per table on MySQL, where both are named
    // after their first column.
    static bool index_name_taken(const Table& t, const std::string& name) {
        if (t.find_index(name))
            return true;
        for (const auto& u : t.uniques)
            if (u.name == name)
                return true;
        return false;
    }
    bool has_check(const Table& t, const std::string& column) {
        for (const auto& ck : t.checks)
            if (ck.expr.text.find(ident(column)) != std::string::npos)
                return true;
        return false;
    }
    // Whether a foreign key of another table names this column of `t` (a column of its
    // primary key or of one of its unique keys).
    bool is_referenced_column(const Table& t, const std::string& column) const {
        for (const auto& other : b.tables)
            if (other.name != t.name)
                for (const auto& fk : other.foreign_keys)
                    if (fk.ref_table == t.name &&
                        std::find(fk.ref_columns.begin(), fk.ref_columns.end(), column) !=
                            fk.ref_columns.end())
                        return true;
        return false;
    }
    bool is_referenced_key(const Table& t, const std::vector<std::string>& columns) const {
        for (const auto& other : b.tables)
            for (const auto& fk : other.foreign_keys)
                if (other.name != t.name && fk.ref_table == t.name && fk.ref_columns == columns)
                    return true;
        return false;
    }
    // The columns a new foreign key to `parent` may name: its primary key, or one of its
    // one-column unique keys; empty when it has neither.
    std::vector<std::string> draw_target_key(const Table& parent) {
        std::vector<std::vector<std::string>> keys;
        if (parent.primary_key)
            keys.push_back(parent.primary_key->columns);
        for (const auto& u : parent.uniques)
            if (u.columns.size() == 1 && referenceable(parent.find_column(u.columns[0])->type))
                keys.push_back(u.columns);
        return keys.empty() ? std::vector<std::string>() : *rc::gen::elementOf(keys);
    }
    // The first MySQL-style ordinal whose default name no foreign key of `t` has.
    std::string free_foreign_key_name(const Table& t, const std::vector<std::string>& columns) {
        for (int ordinal = 1;; ++ordinal) {
            std::string n = default_foreign_key_name(naming, t.name, columns, ordinal);
            bool taken = false;
            for (const auto& other : t.foreign_keys)
                taken = taken || other.name == n;
            if (!taken)
                return n;
        }
    }
    // Whether an edit of this plan gave `t` a foreign key to a unique key new in the plan.
    bool gains_reference(const Table& t) const {
        for (const auto& fk : t.foreign_keys)
            if (const Table* parent = b.find_table(fk.ref_table))
                if (gains_unique_referenced_by(*parent, t))
                    return true;
        return false;
    }
    // Whether `parent` gained, in this plan, a unique key a foreign key of `child` names.
    bool gains_unique_referenced_by(const Table& parent, const Table& child) const {
        const Table* before = a.find_table(parent.renamed_from.value_or(parent.name));
        for (const auto& fk : child.foreign_keys)
            if (fk.ref_table == parent.name)
                for (const auto& u : parent.uniques)
                    if (u.columns == fk.ref_columns) {
                        bool old = false;
                        if (before)
                            for (const auto& v : before->uniques)
                                old = old || v.columns == u.columns;
                        if (!old)
                            return true;
                    }
        return false;
    }
    static bool references(const Table& child, const Table& parent) {
        for (const auto& fk : child.foreign_keys)
            if (fk.ref_table == parent.name)
                return true;
        return false;
    }
    bool referenced(const Table& t) const {
        for (const auto& other : b.tables)
            if (other.name != t.name)
                for (const auto& fk : other.foreign_keys)
                    if (fk.ref_table == t.name)
                        return true;
        return false;
    }
    std::string fresh_name(const std::vector<std::string>& pool,
                           const std::function<bool(const std::string&)>& taken) {
        std::vector<std::string> free;
        for (const auto& n : pool)
            if (!taken(n))
                free.push_back(n);
        return free.empty() ? std::string() : *rc::gen::elementOf(free);
    }
    bool table_taken(const std::string& name) const {
        for (const auto& t : b.tables)
            if (t.name == name || (t.renamed_from && *t.renamed_from == name))
                return true;
        return false;
    }

    // One column of one table, chosen among those `ok` accepts; false when there is none.
    bool pick_column(const std::function<bool(const Table&, const Column&)>& ok, size_t& ti,
                     size_t& ci) {
        std::vector<std::pair<size_t, size_t>> all;
        for (size_t t = 0; t < b.tables.size(); ++t)
            for (size_t c = 0; c < b.tables[t].columns.size(); ++c)
                if (ok(b.tables[t], b.tables[t].columns[c]))
                    all.push_back({t, c});
        if (all.empty())
            return false;
        std::tie(ti, ci) = *rc::gen::elementOf(all);
        return true;
    }

    bool add_column() {
        if (b.tables.empty())
            return false;
        Table& t = b.tables[*rc::gen::inRange<size_t>(0, b.tables.size())];
        std::string name =
            fresh_name(allowed_names(kNewColumns, profile),
                       [&](const std::string& n) { return t.find_column(n) != nullptr; });
        if (name.empty())
            return false;
        Column c;
        c.name = name;
        c.type.kind = *rc::gen::element(TypeKind::Int, TypeKind::BigInt, TypeKind::Text,
                                        TypeKind::Real, TypeKind::Bool, TypeKind::Date);
        int mode = *rc::gen::inRange(0, 4);
        std::string how = "nullable";
        if (mode == 1 && c.type.kind != TypeKind::Date && c.type.kind != TypeKind::Bool) {
            c.nullable = false;
            c.default_value = is_integer(c.type.kind) || c.type.kind == TypeKind::Real
                                  ? Expr{Expr::Kind::Number, "3"}
                                  : Expr{Expr::Kind::String, "d"};
            how = "not null with a default";
        } else if (mode == 2 && c.type.kind != TypeKind::Date && c.type.kind != TypeKind::Bool) {
            c.nullable = false;
            const Column& id = t.columns.front();
            if (is_integer(c.type.kind) && is_integer(id.type.kind))
                c.backfill = Expr{Expr::Kind::Raw, ident(id.name) + " * 2"};
            else
                c.backfill = Expr{Expr::Kind::Raw, literal_for(c.type)};
            how = "not null with a backfill";
        } else if (mode == 3) {
            const Table& parent = b.tables[*rc::gen::inRange<size_t>(0, b.tables.size())];
            if (parent.name == t.name)
                return false;
            auto target = draw_target_key(parent);
            if (target.empty())
                return false;
            const Column* key = parent.find_column(target.front());
            c.type = key->type;
            ForeignKey fk;
            fk.columns = {name};
            // MySQL's default names count (`t_ibfk_1`, `t_ibfk_2`): the first one free, or the
            // new key would share a name with one the table has.
            fk.name = free_foreign_key_name(t, fk.columns);
            fk.ref_table = parent.name;
            fk.ref_columns = {key->name};
            fk.on_delete = FkAction::SetNull;
            t.foreign_keys.push_back(fk);
            how = "nullable, referencing " + parent.name;
        }
        t.columns.push_back(c);
        touch(t, c);
        log.push_back(fmt::format("add column {}.{} {} ({})", t.name, name, to_dsl(c.type), how));
        return true;
    }

    void forget_column(Table& t, const std::string& name) {
        auto has = [&](const std::vector<std::string>& cols) {
            return std::find(cols.begin(), cols.end(), name) != cols.end();
        };
        t.uniques.erase(std::remove_if(t.uniques.begin(), t.uniques.end(),
                                       [&](const auto& u) { return has(u.columns); }),
                        t.uniques.end());
        t.foreign_keys.erase(std::remove_if(t.foreign_keys.begin(), t.foreign_keys.end(),
                                            [&](const auto& k) { return has(k.columns); }),
                             t.foreign_keys.end());
        t.checks.erase(std::remove_if(t.checks.begin(), t.checks.end(),
                                      [&](const auto& k) {
                                          return k.expr.text.find(ident(name)) != std::string::npos;
                                      }),
                       t.checks.end());
        t.indexes.erase(std::remove_if(t.indexes.begin(), t.indexes.end(),
                                       [&](const auto& ix) {
                                           for (const auto& p : ix.parts)
                                               if (p.column == name)
                                                   return true;
                                           return false;
                                       }),
                        t.indexes.end());
    }

    bool drop_column() {
        size_t ti, ci;
        if (!pick_column(
                [&](const Table& t, const Column& c) {
                    return c.name != "id" && !touched(t, c) && !c.renamed_from &&
                           !is_referenced_column(t, c.name);
                },
                ti, ci))
            return false;
        Table& t = b.tables[ti];
        std::string name = t.columns[ci].name;
        forget_column(t, name);
        t.columns.erase(t.columns.begin() + static_cast<long>(ci));
        log.push_back(fmt::format("drop column {}.{}", t.name, name));
        return true;
    }

    static std::string replace_all(std::string text, const std::string& from,
                                   const std::string& to) {
        for (size_t at = text.find(from); at != std::string::npos;
             at = text.find(from, at + to.size()))
            text.replace(at, from.size(), to);
        return text;
    }

    bool rename_column() {
        size_t ti, ci;
        // A third of the time a column a foreign key names, when there is one: few columns
        // are, and their renames are the ones that must carry other tables' keys.
        if (profile.rename_referenced_columns && *rc::gen::inRange(0, 3) == 0 &&
            pick_column(
                [&](const Table& t, const Column& c) {
                    return !touched(t, c) && is_referenced_column(t, c.name) &&
                           (c.type.kind != TypeKind::Json || profile.rename_json_columns);
                },
                ti, ci))
            return rename_column_at(ti, ci);
        if (!pick_column(
                [&](const Table& t, const Column& c) {
                    if (c.type.kind == TypeKind::Json && !profile.rename_json_columns)
                        return false; // a known bug: see Profile
                    // A referenced key column only when the profile draws it: see Profile.
                    return !touched(t, c) &&
                           (!is_referenced_column(t, c.name) || profile.rename_referenced_columns);
                },
                ti, ci))
            return false;
        return rename_column_at(ti, ci);
    }
    bool rename_column_at(size_t ti, size_t ci) {
        Table& t = b.tables[ti];
        Column& c = t.columns[ci];
        std::string old = c.name;
        std::string name = fresh_name(allowed_names(kNewColumns, profile),
                                      [&](const std::string& n) { return t.find_column(n); });
        if (name.empty())
            return false;
        c.name = name;
        c.renamed_from = old;
        touch(t, c);
        auto follow = [&](std::vector<std::string>& cols) {
            for (auto& x : cols)
                if (x == old)
                    x = name;
        };
        if (t.primary_key)
            follow(t.primary_key->columns);
        for (auto& u : t.uniques)
            follow(u.columns);
        for (auto& k : t.foreign_keys)
            follow(k.columns);
        for (auto& ix : t.indexes) {
            for (auto& p : ix.parts)
                if (p.column == old)
                    p.column = name;
            if (ix.where)
                ix.where->text = replace_all(ix.where->text, ident(old), ident(name));
        }
        for (auto& ck : t.checks)
            ck.expr.text = replace_all(ck.expr.text, ident(old), ident(name));
        // Foreign keys to the column follow it, as a rename does in the database.
        for (auto& other : b.tables)
            for (auto& fk : other.foreign_keys)
                if (fk.ref_table == t.name)
                    follow(fk.ref_columns);
        log.push_back(fmt::format("rename column {}.{} to {}", t.name, old, name));
        return true;
    }

    bool rename_table() {
        std::vector<size_t> ok;
        for (size_t i = 0; i < b.tables.size(); ++i)
            if (!touched_tables.count(b.tables[i].name) &&
                (profile.rename_referenced_tables || !referenced(b.tables[i])))
                ok.push_back(i);
        if (ok.empty())
            return false;
        Table& t = b.tables[*rc::gen::elementOf(ok)];
        std::string name = fresh_name(allowed_names(kNewTables, profile),
                                      [&](const std::string& n) { return table_taken(n); });
        if (name.empty())
            return false;
        std::string old = t.name;
        for (auto& other : b.tables)
            for (auto& fk : other.foreign_keys)
                if (fk.ref_table == old)
                    fk.ref_table = name;
        // Touched columns are keyed by table name.
        std::set<std::pair<std::string, std::string>> moved;
        for (const auto& [tn, cn] : touched_columns)
            moved.insert({tn == old ? name : tn, cn});
        touched_columns = moved;
        t.name = name;
        t.renamed_from = old;
        touched_tables.insert(name);
        log.push_back(fmt::format("rename table {} to {}", old, name));
        return true;
    }

    bool change_type() {
        size_t ti, ci;
        if (!pick_column(
                [&](const Table& t, const Column& c) {
                    TypeKind k = c.type.kind;
                    bool convertible = is_integer(k) || k == TypeKind::Real ||
                                       k == TypeKind::Double || k == TypeKind::Text ||
                                       k == TypeKind::Varchar;
                    // MySQL: an indexed varchar cannot become text (a key needs a prefix
                    // length).
                    if (!profile.unbounded_keys && in_any_index(t, c.name) &&
                        k == TypeKind::Varchar)
                        return false;
                    // A key column others reference changes with them (widen_referenced_key);
                    // a referencing column alone only where the types may differ.
                    bool fk_ok =
                        !is_fk_column(t, c.name) || (profile.mixed_key_types && is_integer(k));
                    if (c.name == "id" && !profile.change_type_of_primary_keys)
                        return false; // a known bug: see Profile
                    return convertible && !touched(t, c) && !c.renamed_from && fk_ok &&
                           !is_referenced_column(t, c.name) && !has_check(t, c.name);
                },
                ti, ci))
            return false;
        Table& t = b.tables[ti];
        Column& c = t.columns[ci];
        Type before = c.type;
        Type after;
        if (is_integer(before.kind)) {
            // MySQL refuses `using` on a column in an index or key at plan time
            // (docs/mysql.md), and text could not be indexed there anyway.
            bool text_ok =
                (profile.unbounded_keys || !in_any_index(t, c.name)) && !is_fk_column(t, c.name);
            if (*rc::gen::arbitrary<bool>() || !text_ok) {
                after.kind = before.kind == TypeKind::BigInt ? TypeKind::Int : TypeKind::BigInt;
            } else {
                after.kind = TypeKind::Text;
                c.using_expr = Expr{Expr::Kind::Raw,
                                    "cast(" + ident(c.name) + " as " + profile.cast_to_text + ")"};
                c.down_using = Expr{Expr::Kind::Raw, "cast(" + ident(c.name) + " as " +
                                                         profile.cast_to_integer + ")"};
                c.default_value.reset();
            }
        } else if (before.kind == TypeKind::Real || before.kind == TypeKind::Double) {
            after.kind = before.kind == TypeKind::Real ? TypeKind::Double : TypeKind::Real;
        } else {
            after.kind = before.kind == TypeKind::Text ? TypeKind::Varchar : TypeKind::Text;
            if (after.kind == TypeKind::Varchar)
                after.length = 200;
        }
        c.type = after;
        touch(t, c);
        log.push_back(fmt::format("change type of {}.{} from {} to {}{}", t.name, c.name,
                                  to_dsl(before), to_dsl(after),
                                  c.using_expr ? " with using / down using" : ""));
        return true;
    }

    bool set_not_null() {
        if (!profile.backfill_existing_nulls)
            return false; // declared Irreversible on this dialect: see Profile
        size_t ti, ci;
        if (!pick_column(
                [&](const Table& t, const Column& c) {
                    TypeKind k = c.type.kind;
                    bool literal = is_integer(k) || k == TypeKind::Numeric || k == TypeKind::Real ||
                                   k == TypeKind::Double || is_text(k);
                    // Not on a unique column: the backfill gives every NULL the same value.
                    return literal && c.nullable && !touched(t, c) && !c.renamed_from &&
                           !is_fk_column(t, c.name) && !is_unique_column(t, c.name);
                },
                ti, ci))
            return false;
        Table& t = b.tables[ti];
        Column& c = t.columns[ci];
        c.nullable = false;
        c.backfill =
            Expr{Expr::Kind::Raw, "coalesce(" + ident(c.name) + ", " + literal_for(c.type) + ")"};
        touch(t, c);
        log.push_back(fmt::format("set not null on {}.{} with a backfill", t.name, c.name));
        return true;
    }

    bool drop_not_null() {
        size_t ti, ci;
        if (!pick_column(
                [&](const Table& t, const Column& c) {
                    return !c.nullable && c.name != "id" && !touched(t, c) && !c.renamed_from;
                },
                ti, ci))
            return false;
        Table& t = b.tables[ti];
        t.columns[ci].nullable = true;
        touch(t, t.columns[ci]);
        log.push_back(fmt::format("drop not null on {}.{}", t.name, t.columns[ci].name));
        return true;
    }

    bool add_unique() {
        size_t ti, ci;
        if (!pick_column(
                [&](const Table& t, const Column& c) {
                    if (c.type.kind == TypeKind::Bool || c.type.kind == TypeKind::Enum ||
                        !indexable(c) || c.name == "id" || touched(t, c) || c.renamed_from ||
                        is_fk_column(t, c.name) || was_fk_column(t, c))
                        return false;
                    for (const auto& u : t.uniques)
                        if (u.columns == std::vector<std::string>{c.name})
                            return false;
                    return !index_name_taken(t, default_unique_name(naming, t.name, {c.name}));
                },
                ti, ci))
            return false;
        Table& t = b.tables[ti];
        const Column& c = t.columns[ci];
        t.uniques.push_back(
            UniqueConstraint{default_unique_name(naming, t.name, {c.name}), {c.name}, {}});
        touch(t, c);
        log.push_back(fmt::format("add unique on {}.{}", t.name, c.name));
        return true;
    }

    bool add_index() {
        size_t ti, ci;
        if (!pick_column(
                [&](const Table& t, const Column& c) {
                    std::string name = default_index_name(naming, t.name, {c.name});
                    return c.name != "id" && indexable(c) && !index_name_taken(t, name);
                },
                ti, ci))
            return false;
        Table& t = b.tables[ti];
        const Column& c = t.columns[ci];
        Index ix;
        ix.name = default_index_name(naming, t.name, {c.name});
        ix.unique = false;
        ix.parts.push_back(IndexPart{c.name, std::nullopt, SortOrder::Asc});
        t.indexes.push_back(ix);
        log.push_back(fmt::format("add index on {}.{}", t.name, c.name));
        return true;
    }

    bool add_check() {
        size_t ti, ci;
        if (!pick_column(
                [&](const Table& t, const Column& c) {
                    return is_integer(c.type.kind) && c.name != "id" && !touched(t, c) &&
                           !c.renamed_from && !is_fk_column(t, c.name) && !has_check(t, c.name);
                },
                ti, ci))
            return false;
        Table& t = b.tables[ti];
        const Column& c = t.columns[ci];
        std::string name = default_check_name(naming, t.name, {c.name}, 1);
        for (const auto& ck : t.checks)
            if (ck.name == name)
                return false;
        t.checks.push_back(Check{name, Expr{Expr::Kind::Raw, ident(c.name) + " >= 0"}, {}});
        touch(t, c);
        log.push_back(fmt::format("add check {} >= 0 on {}", c.name, t.name));
        return true;
    }

    // Drops one constraint or index of a table; not a unique key a foreign key needs
    // (drop_referenced_key drops one with its foreign keys).
    template <typename T> bool drop_from(std::vector<T> Table::*member, const char* what) {
        std::vector<std::pair<size_t, size_t>> all;
        for (size_t t = 0; t < b.tables.size(); ++t)
            for (size_t k = 0; k < (b.tables[t].*member).size(); ++k) {
                if constexpr (std::is_same_v<T, UniqueConstraint>)
                    if (is_referenced_key(b.tables[t], (b.tables[t].*member)[k].columns))
                        continue;
                all.push_back({t, k});
            }
        if (all.empty())
            return false;
        auto [ti, k] = *rc::gen::elementOf(all);
        auto& list = b.tables[ti].*member;
        log.push_back(fmt::format("drop {} {} on {}", what, list[k].name, b.tables[ti].name));
        list.erase(list.begin() + static_cast<long>(k));
        return true;
    }

    // A parent's primary key or unique key, dropped with every foreign key that references
    // it.
    bool drop_referenced_key() {
        if (!profile.drop_referenced_keys)
            return false;
        // (table, -1) is its primary key, (table, k) its unique key k.
        std::vector<std::pair<size_t, long>> ok;
        for (size_t i = 0; i < b.tables.size(); ++i) {
            const Table& t = b.tables[i];
            if (touched_tables.count(t.name))
                continue;
            if (t.primary_key && is_referenced_key(t, t.primary_key->columns))
                ok.push_back({i, -1});
            for (size_t k = 0; k < t.uniques.size(); ++k)
                if (profile.drop_referenced_unique_keys &&
                    is_referenced_key(t, t.uniques[k].columns))
                    ok.push_back({i, static_cast<long>(k)});
        }
        if (ok.empty())
            return false;
        auto [pi, which] = *rc::gen::elementOf(ok);
        Table& parent = b.tables[pi];
        const std::vector<std::string> columns =
            which < 0 ? parent.primary_key->columns
                      : parent.uniques[static_cast<size_t>(which)].columns;
        std::string keys;
        for (auto& t : b.tables) {
            if (t.name == parent.name)
                continue;
            auto& fks = t.foreign_keys;
            auto needs = [&](const ForeignKey& fk) {
                return fk.ref_table == parent.name && fk.ref_columns == columns;
            };
            for (const auto& fk : fks)
                if (needs(fk))
                    keys += (keys.empty() ? "" : ", ") + fk.name + " on " + t.name;
            fks.erase(std::remove_if(fks.begin(), fks.end(), needs), fks.end());
        }
        for (const auto& c : columns)
            if (const Column* col = parent.find_column(c))
                touch(parent, *col);
        if (which < 0) {
            log.push_back(
                fmt::format("drop primary key {} on {} with the foreign keys needing it ({})",
                            parent.primary_key->name, parent.name, keys));
            parent.primary_key.reset();
        } else {
            auto at = parent.uniques.begin() + which;
            log.push_back(
                fmt::format("drop unique key {} on {} with the foreign keys needing it ({})",
                            at->name, parent.name, keys));
            parent.uniques.erase(at);
        }
        return true;
    }

    // A unique key and a foreign key from another table that needs it, both new.
    bool add_unique_and_reference() {
        if (!profile.reference_new_unique_keys)
            return false; // a known bug: see Profile
        size_t ti, ci;
        if (!pick_column(
                [&](const Table& t, const Column& c) {
                    if (!property::indexable(c.type, profile) || !referenceable(c.type) ||
                        c.type.kind == TypeKind::Enum || c.name == "id" || touched(t, c) ||
                        c.renamed_from || is_fk_column(t, c.name) || was_fk_column(t, c) ||
                        b.tables.size() < 2)
                        return false;
                    if (!profile.new_keys_referencing_each_other && gains_reference(t))
                        return false;
                    for (const auto& u : t.uniques)
                        if (u.columns == std::vector<std::string>{c.name})
                            return false;
                    return !index_name_taken(t, default_unique_name(naming, t.name, {c.name}));
                },
                ti, ci))
            return false;
        std::vector<size_t> children;
        for (size_t i = 0; i < b.tables.size(); ++i)
            if (i != ti && (profile.new_keys_referencing_each_other ||
                            (!gains_unique_referenced_by(b.tables[i], b.tables[ti]) &&
                             !references(b.tables[ti], b.tables[i]))))
                children.push_back(i);
        if (children.empty())
            return false;
        Table& child = b.tables[*rc::gen::elementOf(children)];
        std::string name =
            fresh_name(allowed_names(kNewColumns, profile),
                       [&](const std::string& n) { return child.find_column(n) != nullptr; });
        if (name.empty())
            return false;
        Table& parent = b.tables[ti];
        const Column& key = parent.columns[ci];
        parent.uniques.push_back(
            UniqueConstraint{default_unique_name(naming, parent.name, {key.name}), {key.name}, {}});
        touch(parent, key);
        Column ref;
        ref.name = name;
        ref.type = key.type;
        ForeignKey fk;
        fk.columns = {name};
        fk.name = free_foreign_key_name(child, fk.columns);
        fk.ref_table = parent.name;
        fk.ref_columns = {key.name};
        fk.on_delete = FkAction::SetNull;
        child.columns.push_back(ref);
        child.foreign_keys.push_back(fk);
        touch(child, child.columns.back());
        log.push_back(
            fmt::format("add unique on {}.{} and a foreign key to it from a new column {}.{}",
                        parent.name, key.name, child.name, name));
        return true;
    }

    // An integer column other tables' foreign keys reference, widened to bigint together with
    // every column referencing it, with using / down using where the profile allows.
    bool widen_referenced_key() {
        if (!profile.change_type_of_referenced_columns)
            return false;
        // The referencing columns of (parent, column): (table index, column name).
        auto referencing = [&](const Table& parent, const std::string& column) {
            std::vector<std::pair<size_t, std::string>> out;
            for (size_t i = 0; i < b.tables.size(); ++i)
                if (b.tables[i].name != parent.name)
                    for (const auto& fk : b.tables[i].foreign_keys)
                        if (fk.ref_table == parent.name)
                            for (size_t k = 0; k < fk.ref_columns.size(); ++k)
                                if (fk.ref_columns[k] == column)
                                    out.push_back({i, fk.columns[k]});
            return out;
        };
        auto fits = [&](const Table& t, const Column& c) {
            return (c.type.kind == TypeKind::Int || c.type.kind == TypeKind::SmallInt) &&
                   !touched(t, c) && !c.renamed_from && !has_check(t, c.name);
        };
        size_t ti, ci;
        if (!pick_column(
                [&](const Table& t, const Column& c) {
                    if (!fits(t, c) || !is_referenced_column(t, c.name))
                        return false;
                    for (const auto& [i, name] : referencing(t, c.name)) {
                        const Column* child = b.tables[i].find_column(name);
                        if (!child || !fits(b.tables[i], *child) || !(child->type == c.type))
                            return false;
                    }
                    return true;
                },
                ti, ci))
            return false;
        const bool with_using = profile.using_on_key_columns && *rc::gen::arbitrary<bool>();
        const Type before = b.tables[ti].columns[ci].type;
        auto widen = [&](Table& t, Column& c) {
            c.type = Type{};
            c.type.kind = TypeKind::BigInt;
            if (with_using) {
                c.using_expr = Expr{Expr::Kind::Raw, ident(c.name) + " + 0"};
                c.down_using = Expr{Expr::Kind::Raw, "cast(" + ident(c.name) + " as " +
                                                         profile.cast_to_integer + ")"};
            }
            touch(t, c);
        };
        Table& parent = b.tables[ti];
        std::string others;
        for (const auto& [i, name] : referencing(parent, parent.columns[ci].name)) {
            Table& child = b.tables[i];
            Column* c = child.find_column(name);
            widen(child, *c);
            others += (others.empty() ? "" : ", ") + child.name + "." + name;
        }
        widen(parent, parent.columns[ci]);
        log.push_back(
            fmt::format("widen {}.{} and the columns referencing it ({}) from {} to bigint{}",
                        parent.name, parent.columns[ci].name, others, to_dsl(before),
                        with_using ? " with using / down using" : ""));
        return true;
    }

    bool change_fk_action() {
        std::vector<std::pair<size_t, size_t>> all;
        for (size_t t = 0; t < b.tables.size(); ++t)
            for (size_t k = 0; k < b.tables[t].foreign_keys.size(); ++k)
                all.push_back({t, k});
        if (all.empty())
            return false;
        auto [ti, k] = *rc::gen::elementOf(all);
        auto& fk = b.tables[ti].foreign_keys[k];
        FkAction next = fk.on_delete == FkAction::Cascade ? FkAction::NoAction : FkAction::Cascade;
        log.push_back(fmt::format("change on delete of {} from {} to {}", fk.name,
                                  to_string(fk.on_delete), to_string(next)));
        fk.on_delete = next;
        return true;
    }

    bool add_table() {
        std::string name = fresh_name(allowed_names(kNewTables, profile),
                                      [&](const std::string& n) { return table_taken(n); });
        if (name.empty())
            return false;
        Table t;
        t.name = name;
        Column id;
        id.name = "id";
        id.type.kind = TypeKind::Int;
        id.nullable = false;
        t.columns.push_back(id);
        t.primary_key = PrimaryKey{default_primary_key_name(naming, name), {"id"}, {}};
        Column a;
        a.name = "a";
        a.type.kind = TypeKind::Text;
        t.columns.push_back(a);
        std::string how;
        if (!b.tables.empty() && *rc::gen::arbitrary<bool>()) {
            const Table& parent = b.tables[*rc::gen::inRange<size_t>(0, b.tables.size())];
            auto target = draw_target_key(parent); // none if an earlier edit dropped its keys
            if (target.empty())
                return false;
            const Column* key = parent.find_column(target.front());
            Column link;
            link.name = "link";
            link.type = key->type;
            t.columns.push_back(link);
            t.foreign_keys.push_back(ForeignKey{default_foreign_key_name(naming, name, {"link"}, 1),
                                                {"link"},
                                                parent.name,
                                                {key->name},
                                                FkAction::Cascade,
                                                FkAction::NoAction,
                                                {}});
            how = " referencing " + parent.name;
        }
        touched_tables.insert(name);
        b.tables.push_back(std::move(t));
        log.push_back(fmt::format("create table {}{}", name, how));
        return true;
    }

    bool drop_table() {
        std::vector<size_t> ok;
        for (size_t i = 0; i < b.tables.size(); ++i)
            if (!touched_tables.count(b.tables[i].name) && !referenced(b.tables[i]))
                ok.push_back(i);
        if (ok.empty() || b.tables.size() < 2)
            return false;
        size_t i = *rc::gen::elementOf(ok);
        log.push_back(fmt::format("drop table {}", b.tables[i].name));
        b.tables.erase(b.tables.begin() + static_cast<long>(i));
        return true;
    }
};

void prune_unused_enums(Catalog& catalog) {
    std::set<std::string> used;
    for (const auto& t : catalog.tables)
        for (const auto& c : t.columns)
            if (c.type.kind == TypeKind::Enum)
                used.insert(c.type.name);
    catalog.enums.erase(std::remove_if(catalog.enums.begin(), catalog.enums.end(),
                                       [&](const Enum& e) { return !used.count(e.name); }),
                        catalog.enums.end());
}

} // namespace

Edit draw_edit(const Catalog& from, const Profile& profile) {
    Editor ed{from, from, profile, profile.naming, {}, {}, {}};
    int wanted = *rc::gen::inRange(1, 4);
    int attempts = 0;
    while (static_cast<int>(ed.log.size()) < wanted && attempts++ < 40) {
        // RapidCheck scales inRange by the case's size, so kinds late in this list were only
        // drawn in the largest cases (at size 50, never past 8): every kind is drawn at the
        // nominal size, so each is equally likely in every case.
        int kind = *rc::gen::resize(rc::kNominalSize, rc::gen::inRange(0, 19));
        switch (kind) {
        case 0:
            ed.add_column();
            break;
        case 1:
            ed.drop_column();
            break;
        case 2:
            ed.rename_column();
            break;
        case 3:
            ed.rename_table();
            break;
        case 4:
            ed.change_type();
            break;
        case 5:
            ed.set_not_null();
            break;
        case 6:
            ed.drop_not_null();
            break;
        case 7:
            ed.add_unique();
            break;
        case 8:
            ed.drop_from(&Table::uniques, "unique");
            break;
        case 9:
            ed.add_index();
            break;
        case 10:
            ed.drop_from(&Table::indexes, "index");
            break;
        case 11:
            ed.add_check();
            break;
        case 12:
            ed.drop_from(&Table::checks, "check");
            break;
        case 13:
            ed.drop_from(&Table::foreign_keys, "foreign key");
            break;
        case 14:
            ed.change_fk_action();
            break;
        case 16:
            ed.drop_referenced_key();
            break;
        case 17:
            ed.add_unique_and_reference();
            break;
        case 18:
            ed.widen_referenced_key();
            break;
        default:
            *rc::gen::arbitrary<bool>() ? ed.add_table() : ed.drop_table();
            break;
        }
    }
    prune_unused_enums(ed.b);
    canonicalize(ed.b);
    return Edit{std::move(ed.b), std::move(ed.log)};
}

} // namespace stepwise::property
