#include "dialects/postgres/pg_compile.h"

#include "dialects/postgres/pg_dual_write.h"
#include "dialects/postgres/pg_dual_write_objects.h"
#include "dialects/postgres/pg_steps.h"
#include "dialects/postgres/pg_types.h"
#include "dialects/postgres/pg_validate_steps.h"

#include <map>
#include <optional>
#include <set>

namespace stepwise::postgres {

namespace {

// What a group of steps does to its table, for the edges between changes.
enum class Role {
    RenameTable,
    RenameColumn,
    Swap,       // a column renamed or retyped through a new column (pg_dual_write.h)
    Shape,      // add, alter column
    AddObject,  // index, constraint
    DropObject, // index, constraint
    DropColumn, // soft drop, in contract
    CreateTable,
    Other,
    Enum,
};

struct Group {
    std::string table; // target name; empty for enums
    Role role = Role::Other;
    std::string object; // index / constraint name, or enum name
    std::vector<plan::Step> steps;
    // A dropped foreign key: the table it references (target name). The drop's down re-adds
    // the key as the diff carries it, with the referenced table and columns renamed.
    std::string ref_table;
};

class Compiler {
public:
    Compiler(const model::Catalog& from, const model::Catalog& to,
             const dialect::CompileOptions& options)
        : ctx_{from, to, options, Names{from.ns}} {}

    plan::StepGraph run(const diff::ChangeSet& changes) {
        for (const auto& change : changes.changes)
            readded_ = collect_names(change, readded_);
        choose_swaps(changes);
        for (const auto& change : changes.changes)
            std::visit([this](const auto& c) { compile(c); }, change);
        add_edges();
        plan::StepGraph graph;
        std::set<std::string> ids;
        for (auto& g : groups_)
            for (auto& s : g.steps) {
                ids.insert(s.id);
                graph.add(std::move(s));
            }
        for (const auto& [a, b] : edges_)
            if (a != b && ids.count(a) && ids.count(b))
                graph.must_run(a).before(b);
        return graph;
    }

private:
    // Names of indexes and constraints that are both dropped and added (a changed object).
    std::set<std::string> collect_names(const diff::Change& change, std::set<std::string> seen) {
        auto key = [](const std::string& t, const std::string& n) { return t + "." + n; };
        if (auto* c = std::get_if<diff::AddIndex>(&change))
            adds_.insert(key(c->table, c->index.name));
        if (auto* c = std::get_if<diff::AddUnique>(&change))
            adds_.insert(key(c->table, c->unique.name));
        if (auto* c = std::get_if<diff::AddPrimaryKey>(&change))
            adds_.insert(key(c->table, c->key.name));
        if (auto* c = std::get_if<diff::AddCheck>(&change))
            adds_.insert(key(c->table, c->check.name));
        if (auto* c = std::get_if<diff::AddForeignKey>(&change))
            adds_.insert(key(c->table, c->key.name));
        return seen;
    }

    // Renames and type changes that rewrite go through a new column and a dual-write trigger
    // when nothing else names the column; decided up front, since a rename and the change of
    // the same column's definition arrive as two changes and compile as one swap.
    void choose_swaps(const diff::ChangeSet& changes) {
        std::map<std::string, std::string> old_table;
        for (const auto& change : changes.changes)
            if (auto* c = std::get_if<diff::RenameTable>(&change))
                old_table[c->to] = c->from;
        auto swap_of = [&](const std::string& table, const std::string& from_col,
                           const std::string& to_col) -> std::optional<ColumnSwap> {
            auto it = old_table.find(table);
            std::string from_table = it == old_table.end() ? table : it->second;
            const model::Table* ft = ctx_.from.find_table(from_table);
            const model::Table* tt = ctx_.to.find_table(table);
            if (!ft || !tt || !ft->find_column(from_col) || !tt->find_column(to_col))
                return std::nullopt;
            ColumnSwap s{table, from_table, *ft->find_column(from_col), *tt->find_column(to_col),
                         adds_};
            if (std::string why = in_place_reason(ctx_, s); !why.empty()) {
                in_place_[table + "." + to_col] = why;
                return std::nullopt;
            }
            return s;
        };
        for (const auto& change : changes.changes) {
            std::optional<ColumnSwap> s;
            if (auto* c = std::get_if<diff::RenameColumn>(&change))
                s = swap_of(c->table, c->from, c->to);
            else if (auto* c = std::get_if<diff::AlterColumn>(&change);
                     c && c->type && c->from.name == c->to.name &&
                     !binary_coercible(c->from.type, c->to.type))
                s = swap_of(c->table, c->from.name, c->to.name);
            if (s)
                swaps_.emplace(s->table + "." + s->to.name, *s);
        }
    }

    const ColumnSwap* swap_for(const std::string& table, const std::string& column) const {
        auto it = swaps_.find(table + "." + column);
        return it == swaps_.end() ? nullptr : &it->second;
    }

    void push(std::string table, Role role, std::string object, std::vector<plan::Step> steps) {
        groups_.push_back(Group{std::move(table), role, std::move(object), std::move(steps)});
    }

    void compile(const diff::CreateTable& c) {
        push(c.table.name, Role::CreateTable, "", create_table_steps(ctx_, c.table));
    }
    void compile(const diff::DropTable& c) {
        push(c.table.name, Role::Other, "", drop_table_steps(ctx_, c.table));
    }
    void compile(const diff::RenameTable& c) {
        push(c.to, Role::RenameTable, "", rename_table_steps(ctx_, c));
    }
    void compile(const diff::AddColumn& c) {
        push(c.table, Role::Shape, "", add_column_steps(ctx_, c));
    }
    void compile(const diff::DropColumn& c) {
        push(c.table, Role::DropColumn, "", drop_column_steps(ctx_, c));
    }
    void compile(const diff::RenameColumn& c) {
        if (const ColumnSwap* s = swap_for(c.table, c.to)) {
            push(c.table, Role::Swap, "", column_swap_steps(ctx_, *s));
            return;
        }
        auto steps = rename_column_steps(ctx_, c);
        auto why = in_place_.find(c.table + "." + c.to);
        if (why != in_place_.end())
            for (auto& h : steps.front().hazards)
                h.reason += " (renamed in place, not through a new column: " + why->second + ")";
        push(c.table, Role::RenameColumn, "", std::move(steps));
    }

    // A swap whose old column the dropped object `name` names: the swap retires it (in its
    // contract, or now when an object of that name is added back), so the plain drop is not
    // compiled. Returns whether it took the drop over.
    bool retired_by_swap(const std::string& table, const std::string& name) {
        for (const auto& [key, s] : swaps_) {
            if (s.table != table || !names_old_column(ctx_, s, name))
                continue;
            if (adds_.count(table + "." + name)) {
                auto steps = retire_steps(ctx_, s, name);
                for (const auto& step : steps)
                    edges_.insert({step.id, s.table + "." + s.to.name + ":contract"});
                push(table, Role::DropObject, name, std::move(steps));
            }
            return true;
        }
        return false;
    }
    void compile(const diff::AlterColumn& c) {
        if (const ColumnSwap* s = swap_for(c.table, c.to.name)) {
            // A renamed column's definition changes are part of its swap.
            if (c.from.name == c.to.name)
                push(c.table, Role::Swap, "", column_swap_steps(ctx_, *s));
            return;
        }
        push(c.table, Role::Shape, "", alter_column_steps(ctx_, c));
    }
    void compile(const diff::AddPrimaryKey& c) {
        push(c.table, Role::AddObject, c.key.name, add_primary_key_steps(ctx_, c));
    }
    void compile(const diff::DropPrimaryKey& c) {
        push(c.table, Role::DropObject, c.key.name, drop_primary_key_steps(ctx_, c));
    }
    void compile(const diff::AddUnique& c) {
        push(c.table, Role::AddObject, c.unique.name, add_unique_steps(ctx_, c));
    }
    void compile(const diff::DropUnique& c) {
        if (retired_by_swap(c.table, c.unique.name))
            return;
        push(c.table, Role::DropObject, c.unique.name, drop_unique_steps(ctx_, c));
    }
    void compile(const diff::AddForeignKey& c) {
        push(c.table, Role::AddObject, c.key.name, add_foreign_key_steps(ctx_, c));
    }
    void compile(const diff::DropForeignKey& c) {
        if (retired_by_swap(c.table, c.key.name))
            return;
        push(c.table, Role::DropObject, c.key.name, drop_foreign_key_steps(ctx_, c));
        groups_.back().ref_table = c.key.ref_table;
    }
    void compile(const diff::AddCheck& c) {
        push(c.table, Role::AddObject, c.check.name, add_check_steps(ctx_, c));
    }
    void compile(const diff::DropCheck& c) {
        if (retired_by_swap(c.table, c.check.name))
            return;
        push(c.table, Role::DropObject, c.check.name, drop_check_steps(ctx_, c));
    }
    void compile(const diff::AddIndex& c) {
        push(c.table, Role::AddObject, c.index.name, add_index_steps(ctx_, c));
    }
    void compile(const diff::DropIndex& c) {
        if (retired_by_swap(c.table, c.index.name))
            return;
        bool readded = adds_.count(c.table + "." + c.index.name) > 0;
        push(c.table, Role::DropObject, c.index.name, drop_index_steps(ctx_, c, readded));
    }
    void compile(const diff::SetTableComment& c) {
        push(c.table, Role::Other, "", table_comment_steps(ctx_, c));
    }
    void compile(const diff::CreateEnum& c) {
        push("", Role::Enum, c.e.name, create_enum_steps(ctx_, c));
    }
    void compile(const diff::DropEnum& c) { push("", Role::Other, "", drop_enum_steps(ctx_, c)); }
    void compile(const diff::ValidateConstraint& c) {
        push(c.table, Role::Other, c.name, validate_constraint_steps(ctx_, c));
    }
    void compile(const diff::AlterEnum& c) {
        push("", Role::Enum, c.to.name, alter_enum_steps(ctx_, c));
    }

    // Every step of `a` outside the contract before every step of `b`.
    void before_contract_of(const Group& a, const Group& b) {
        for (const auto& x : a.steps)
            if (x.phase != plan::Phase::Contract)
                for (const auto& y : b.steps)
                    edges_.insert({x.id, y.id});
    }

    void all_before(const Group& a, const Group& b) {
        for (const auto& x : a.steps)
            for (const auto& y : b.steps)
                edges_.insert({x.id, y.id});
    }

    // Enums each table's columns use, on either side.
    std::map<std::string, std::set<std::string>> enums_by_table() const {
        std::map<std::string, std::set<std::string>> out;
        for (const auto* cat : {&ctx_.to, &ctx_.from})
            for (const auto& t : cat->tables)
                for (const auto& c : t.columns)
                    if (c.type.kind == model::TypeKind::Enum)
                        out[t.name].insert(c.type.name);
        return out;
    }

    // Only groups that can be related are paired: those of one table, enums with the tables
    // using them, parents with the tables referencing them. Pairing every group with every
    // other was quadratic: 45 s for the 2,000 changes of a 10,000-table schema.
    void add_edges() {
        for (auto& g : groups_)
            for (auto& s : g.steps)
                for (const auto& a : s.after)
                    edges_.insert({a, s.id});
        std::map<std::string, std::vector<const Group*>> by_table;
        std::vector<const Group*> enum_groups;
        for (const auto& g : groups_) {
            if (!g.table.empty())
                by_table[g.table].push_back(&g);
            if (g.role == Role::Enum)
                enum_groups.push_back(&g);
        }
        for (const auto& [table, groups] : by_table)
            for (const Group* a : groups)
                for (const Group* b : groups)
                    if (a != b)
                        same_table_edges(*a, *b);
        // An enum is ready before the tables that use it change.
        if (!enum_groups.empty()) {
            auto uses = enums_by_table();
            for (const Group* a : enum_groups)
                for (const auto& [table, groups] : by_table) {
                    auto it = uses.find(table);
                    if (it != uses.end() && it->second.count(a->object))
                        for (const Group* b : groups)
                            all_before(*a, *b);
                }
        }
        // A parent table and its keys exist before the foreign keys that point at them.
        auto is_parent = [](Role r) {
            return r == Role::CreateTable || r == Role::AddObject || r == Role::RenameTable;
        };
        for (const auto& [table, groups] : by_table) {
            const model::Table* t = ctx_.to.find_table(table);
            if (!t)
                continue;
            std::set<std::string> parents;
            for (const auto& fk : t->foreign_keys)
                if (fk.ref_table != table)
                    parents.insert(fk.ref_table);
            for (const auto& parent : parents) {
                auto it = by_table.find(parent);
                if (it == by_table.end())
                    continue;
                for (const Group* b : groups)
                    if (b->role == Role::CreateTable || b->role == Role::AddObject)
                        for (const Group* a : it->second)
                            if (is_parent(a->role))
                                all_before(*a, *b);
            }
        }
        // A dropped foreign key names its parent by the names this plan gives it, so it is
        // dropped after the parent's renames: rollback then re-adds it before they are undone.
        // It also needs the parent's unique key or index until it is gone.
        for (const auto& g : groups_) {
            if (g.ref_table.empty() || g.ref_table == g.table)
                continue;
            auto it = by_table.find(g.ref_table);
            if (it == by_table.end())
                continue;
            for (const Group* a : it->second) {
                if (a->role == Role::RenameTable || a->role == Role::RenameColumn)
                    before_contract_of(*a, g);
                // The parent's key it needs is dropped after it, and re-added before it.
                if (a->role == Role::DropObject && a->ref_table.empty())
                    all_before(g, *a);
            }
        }
    }

    void same_table_edges(const Group& a, const Group& b) {
        // Renames first: later steps name the table and columns by their new names.
        if (a.role == Role::RenameTable)
            all_before(a, b);
        else if (a.role == Role::RenameColumn && b.role != Role::RenameColumn &&
                 b.role != Role::RenameTable)
            all_before(a, b);
        // New indexes and constraints need the columns they name in their final shape, and a
        // changed object is dropped before it is added again.
        else if (a.role == Role::Shape && b.role == Role::AddObject)
            all_before(a, b);
        // A swapped column exists from its expand on; an index or key the plan adds on it must
        // not wait for the contract, which apply holds back.
        else if (a.role == Role::Swap && b.role == Role::AddObject)
            before_contract_of(a, b);
        else if (a.role == Role::DropObject && b.role == Role::AddObject && a.object == b.object)
            all_before(a, b);
        // Indexes and constraints go before the column they name is soft-dropped, so that
        // rollback brings the column back before it re-creates them.
        if (a.role == Role::DropObject && b.role == Role::DropColumn)
            all_before(a, b);
    }

    StepContext ctx_;
    std::set<std::string> adds_;
    std::set<std::string> readded_;
    std::map<std::string, ColumnSwap> swaps_;     // "table.column" (target names)
    std::map<std::string, std::string> in_place_; // "table.column": why it is not swapped
    std::vector<Group> groups_;
    std::set<std::pair<std::string, std::string>> edges_;
};

} // namespace

plan::StepGraph compile_changes(const diff::ChangeSet& changes, const model::Catalog& from,
                                const model::Catalog& to, const dialect::CompileOptions& options) {
    return Compiler(from, to, options).run(changes);
}

} // namespace stepwise::postgres
