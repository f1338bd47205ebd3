#include "dialects/sqlite/sqlite_compile.h"

#include "dialects/sqlite/sqlite_expr.h"
#include "dialects/sqlite/sqlite_quote.h"
#include "dialects/sqlite/sqlite_steps.h"

#include <algorithm>
#include <map>
#include <set>

namespace stepwise::sqlite {

namespace {

// Whether the key names a column of its parent that this plan renames.
bool names_a_renamed_column(const model::Table& parent, const model::ForeignKey& fk) {
    for (const auto& c : fk.ref_columns)
        if (const model::Column* col = parent.find_column(c); col && col->renamed_from)
            return true;
    return false;
}

// Everything the ChangeSet says about one table, named as in the target catalog.
struct TableWork {
    std::string target;
    std::string current; // its name now; differs when renamed
    const diff::RenameTable* rename = nullptr;
    const diff::CreateTable* create = nullptr;
    const diff::DropTable* drop = nullptr;
    std::vector<const diff::AddColumn*> adds;
    std::vector<const diff::RenameColumn*> renames;
    std::vector<const diff::AddIndex*> add_indexes;
    std::vector<const diff::DropIndex*> drop_indexes;
    std::vector<std::string> rebuild_reasons;
    std::set<std::string> dropped_columns;
    std::map<std::string, diff::AlterColumn> alters;
    bool app_incompatible = false;
};

class Compiler {
public:
    Compiler(const model::Catalog& from, const model::Catalog& to,
             const dialect::CompileOptions& options)
        : ctx_{from, to, options} {}

    plan::StepGraph run(const diff::ChangeSet& changes) {
        for (const auto& change : changes.changes)
            std::visit([this](const auto& c) { collect(c); }, change);
        for (auto& [name, work] : work_)
            compile_table(work);
        add_table_edges();
        for (auto& s : steps_)
            graph_.add(std::move(s));
        for (const auto& [a, b] : edges_)
            graph_.must_run(a).before(b);
        return std::move(graph_);
    }

private:
    TableWork& work(const std::string& table) {
        auto it = work_.find(table);
        if (it == work_.end()) {
            it = work_.emplace(table, TableWork{}).first;
            it->second.target = table;
            it->second.current = table;
        }
        return it->second;
    }

    void rebuild(const std::string& table, std::string reason, bool incompatible = false) {
        auto& w = work(table);
        w.rebuild_reasons.push_back(std::move(reason));
        w.app_incompatible = w.app_incompatible || incompatible;
    }

    void collect(const diff::CreateTable& c) { work(c.table.name).create = &c; }
    void collect(const diff::DropTable& c) { work(c.table.name).drop = &c; }
    void collect(const diff::RenameTable& c) {
        work(c.to).current = c.from;
        work(c.to).rename = &c;
    }
    void collect(const diff::AddColumn& c) { work(c.table).adds.push_back(&c); }
    void collect(const diff::DropColumn& c) {
        work(c.table).dropped_columns.insert(c.column.name);
        rebuild(c.table, "drop column " + c.column.name, true);
    }
    void collect(const diff::RenameColumn& c) { work(c.table).renames.push_back(&c); }
    void collect(const diff::AlterColumn& c) {
        work(c.table).alters[c.to.name] = c;
        bool required = c.nullability && !c.to.nullable && !c.to.default_value;
        rebuild(c.table, (c.type ? "change type of " : "alter column ") + c.to.name,
                c.type || (required && !c.to.backfill));
    }
    void collect(const diff::AddPrimaryKey& c) { rebuild(c.table, "add primary key"); }
    void collect(const diff::DropPrimaryKey& c) { rebuild(c.table, "drop primary key"); }
    void collect(const diff::AddUnique& c) { rebuild(c.table, "add unique " + c.unique.name); }
    void collect(const diff::DropUnique& c) { rebuild(c.table, "drop unique " + c.unique.name); }
    void collect(const diff::AddForeignKey& c) {
        rebuild(c.table, "add foreign key " + c.key.name);
    }
    void collect(const diff::DropForeignKey& c) {
        rebuild(c.table, "drop foreign key " + c.key.name);
    }
    void collect(const diff::AddCheck& c) { rebuild(c.table, "add check " + c.check.name); }
    void collect(const diff::DropCheck& c) { rebuild(c.table, "drop check " + c.check.name); }
    void collect(const diff::AddIndex& c) { work(c.table).add_indexes.push_back(&c); }
    void collect(const diff::DropIndex& c) { work(c.table).drop_indexes.push_back(&c); }
    void collect(const diff::SetTableComment& c) { rebuild(c.table, "set the table comment"); }
    // SQLite has no enum type: an enum exists only as the checks of the columns using it.
    void collect(const diff::CreateEnum&) {}
    void collect(const diff::DropEnum&) {}
    // SQLite has no NOT VALID constraints, so its catalogs never ask for a validation.
    void collect(const diff::ValidateConstraint&) {}
    void collect(const diff::AlterEnum& c) {
        for (const auto& t : ctx_.to.tables)
            for (const auto& col : t.columns)
                if (col.type.kind == model::TypeKind::Enum && col.type.name == c.to.name &&
                    ctx_.from.find_table(work(t.name).current)) {
                    rebuild(t.name, "change enum " + c.to.name);
                    break;
                }
    }

    void add(plan::Step step) {
        ids_by_table_[current_table_].push_back(step.id);
        steps_.push_back(std::move(step));
    }

    void compile_table(TableWork& w) {
        current_table_ = w.target;
        if (w.create) {
            add(create_table_step(ctx_, w.create->table));
            return;
        }
        if (w.drop) {
            add(drop_table_step(ctx_, w.drop->table));
            return;
        }
        const model::Table* now = ctx_.from.find_table(w.current);
        const model::Table* target = ctx_.to.find_table(w.target);
        if (!now || !target)
            throw plan::PlanError("sqlite: table " + w.target +
                                  " changes but is missing from a catalog");

        std::map<std::string, std::string> renamed; // target column -> current column
        for (const auto* r : w.renames)
            renamed[r->to] = r->from;

        // ADD COLUMN appends: only columns that come last in the target can be added so.
        size_t kept = target->columns.size();
        std::set<std::string> added;
        for (const auto* a : w.adds)
            added.insert(a->column.name);
        while (kept > 0 && added.count(target->columns[kept - 1].name))
            --kept;
        for (size_t i = 0; i < kept; ++i)
            if (added.count(target->columns[i].name))
                rebuild(w.target, "add column " + target->columns[i].name + " in the middle");
        for (const auto* a : w.adds)
            if (!can_add_in_place(*target, a->column))
                rebuild(w.target, "add column " + a->column.name,
                        !a->column.nullable && !a->column.default_value && !a->column.backfill);

        if (compile_dual_write(w, *now, *target, renamed))
            return;

        if (!w.rebuild_reasons.empty()) {
            RebuildSpec spec;
            spec.current = now;
            spec.target = target;
            for (const auto& c : target->columns) {
                if (added.count(c.name))
                    continue;
                auto r = renamed.find(c.name);
                spec.source_of[c.name] = r != renamed.end() ? r->second : c.name;
            }
            spec.alters = w.alters;
            spec.reasons = w.rebuild_reasons;
            spec.app_incompatible = w.app_incompatible || !renamed.empty();
            spec.drops_data = !w.dropped_columns.empty();
            for (const auto* r : w.renames)
                spec.reasons.push_back("rename column " + r->from + " to " + r->to);
            if (w.current != w.target)
                spec.reasons.push_back("rename table " + w.current + " to " + w.target);
            for (auto& s : rebuild_steps(ctx_, spec))
                add(std::move(s));
            return;
        }

        std::vector<std::string> add_ids;
        for (const auto* a : w.adds) {
            plan::Step s = add_column_step(ctx_, w.current, *target, a->column);
            add_ids.push_back(s.id);
            add(std::move(s));
        }
        std::map<std::string, const model::Index*> redefined; // name -> old definition
        for (const auto* d : w.drop_indexes)
            for (const auto* a : w.add_indexes)
                if (a->index.name == d->index.name)
                    redefined[d->index.name] = &d->index;
        for (const auto* d : w.drop_indexes) {
            if (redefined.count(d->index.name))
                continue;
            add(drop_index_step(ctx_, w.current, w.target, d->index));
        }
        for (const auto* a : w.add_indexes) {
            auto old = redefined.find(a->index.name);
            plan::Step s =
                old != redefined.end()
                    ? replace_index_step(ctx_, w.current, w.target, *old->second, a->index)
                    : add_index_step(ctx_, w.current, w.target, a->index);
            // An index may name the new columns: it waits for them.
            s.after = add_ids;
            add(std::move(s));
        }
        if (w.current != w.target && now->primary_key && ids_by_table_[w.target].empty()) {
            // The contract step first: the rename is then the table's last step, the one a
            // rebuilt child that names the new table waits for (add_table_edges).
            auto steps = rename_table_with_view_steps(ctx_, *now, w.target);
            plan::Step rename = steps[0];
            add(std::move(steps[1]));
            add(std::move(steps[0]));
            add_object_renames(w, *target, rename);
        } else if (w.current != w.target) {
            plan::Step s = rename_table_step(ctx_, w.current, w.target);
            for (const auto& id : ids_by_table_[w.target])
                s.after.push_back(id);
            plan::Step rename = s;
            add(std::move(s));
            add_object_renames(w, *target, rename);
        }
    }

    // A rebuild creates the table under its target names; a rename in place leaves the
    // objects named for the old table until this step.
    void add_object_renames(const TableWork& w, const model::Table& target,
                            const plan::Step& rename) {
        if (!w.rename || w.rename->objects.empty())
            return;
        plan::Step s = rename_objects_step(ctx_, *w.rename, target);
        if (s.up.empty())
            return;
        s.after = {rename.id};
        s.phase = rename.phase; // a plain rename waits for the contract; its objects too
        add(std::move(s));
    }

    // Renames and columns with `backfill` in an existing table: both shapes side by side
    // (sqlite_dual_write.cpp) until the contract rebuilds the table into its final shape.
    // False when the table has none.
    bool compile_dual_write(const TableWork& w, const model::Table& now, const model::Table& target,
                            const std::map<std::string, std::string>& renamed) {
        std::vector<DualColumn> duals;
        for (const auto& [to, from] : renamed) {
            const model::Column* col = target.find_column(to);
            if (!col)
                continue;
            DualColumn d{from, to, quote_ident(from), quote_ident(to), col};
            auto alter = w.alters.find(to);
            if (alter != w.alters.end() && alter->second.to.using_expr)
                d.forward = render_operand(*alter->second.to.using_expr);
            else if (alter != w.alters.end() && alter->second.to.backfill)
                d.forward = "coalesce(" + quote_ident(from) + ", " +
                            render_operand(*alter->second.to.backfill) + ")";
            if (alter != w.alters.end() && alter->second.to.down_using)
                d.reverse = render_operand(*alter->second.to.down_using);
            duals.push_back(d);
        }
        for (const auto* a : w.adds)
            if (a->column.backfill)
                if (const model::Column* col = target.find_column(a->column.name))
                    duals.push_back({"", col->name, render_operand(*a->column.backfill), "", col});
        if (duals.empty())
            return false;

        // The table as it stands between expand and contract: old columns and new ones.
        model::Table mid = now;
        std::vector<std::string> before_contract;
        for (const auto* a : w.adds)
            if (!a->column.backfill && can_add_in_place(target, a->column)) {
                plan::Step s = add_column_step(ctx_, w.current, target, a->column);
                before_contract.push_back(s.id);
                add(std::move(s));
                mid.columns.push_back(a->column);
            }
        RebuildSpec spec;
        std::string writes, old_uses;
        // A backfill may name a renamed column by its new name (as the target has it), which
        // exists once that rename's expand ran and holds values once its backfill ran: renames
        // come first in `duals`, and a new column's expand (whose fill trigger names it, so
        // its down must run before the rename's drops the column) and backfill wait for theirs.
        std::vector<std::string> rename_expands, rename_fills;
        for (const auto& d : duals) {
            auto steps = dual_write_steps(ctx_, w.current, target, d);
            if (steps.size() > 1) {
                if (!d.old_column.empty()) {
                    rename_expands.push_back(steps[0].id);
                    rename_fills.push_back(steps[1].id);
                } else {
                    for (const auto& id : rename_expands)
                        steps[0].after.push_back(id);
                    for (const auto& id : rename_fills)
                        steps[1].after.push_back(id);
                }
            }
            before_contract.push_back(steps.back().id);
            for (auto& s : steps)
                add(std::move(s));
            model::Column c;
            c.name = d.new_column;
            c.type = d.target->type;
            mid.columns.push_back(c);
            for (auto& sql : drop_dual_write_triggers(w.current, d))
                spec.swap_head.push_back(sql);
            for (auto& sql : dual_write_triggers(w.current, d))
                spec.swap_down_tail.push_back(sql);
            // A write of the old shape while the mirror runs, before the dual-write trigger
            // has filled the new column, must not reach the new table without its value.
            spec.forward_of[d.new_column] =
                "coalesce(" + quote_ident(d.new_column) + ", " + d.forward + ")";
            if (!d.old_column.empty())
                spec.restore_old.push_back({d.old_column, d.new_column, d.reverse});
            writes += (writes.empty() ? "`" : " and `") + d.new_column + "`";
            if (!d.old_column.empty())
                old_uses += (old_uses.empty() ? "" : ", ") + w.current + "." + d.old_column;
            spec.reasons.push_back(d.old_column.empty()
                                       ? "add column " + d.new_column + " with a backfill"
                                       : "rename column " + d.old_column + " to " + d.new_column);
        }
        spec.current = &mid;
        spec.target = &target;
        for (const auto& c : target.columns)
            if (mid.find_column(c.name))
                spec.source_of[c.name] = c.name;
        spec.alters = w.alters;
        for (const auto& d : duals)
            spec.alters.erase(d.new_column);
        for (const auto& r : w.rebuild_reasons)
            spec.reasons.push_back(r);
        if (w.current != w.target)
            spec.reasons.push_back("rename table " + w.current + " to " + w.target);
        spec.app_incompatible = true;
        spec.all_in_contract = true;
        spec.drops_data = !w.dropped_columns.empty();
        spec.deploy_note = "deploy code that writes " + writes;
        spec.incompatible_note =
            old_uses.empty()
                ? "inserts that leave out " + writes + " fail once its constraints are real"
                : "code that still uses " + old_uses + " fails once the old shape is gone";
        auto rebuild = rebuild_steps(ctx_, spec);
        rebuild.front().after = before_contract;
        for (auto& s : rebuild)
            add(std::move(s));
        return true;
    }

    // A new table's foreign keys need their parents; a dropped table waits for the tables
    // that referenced it to let go.
    void add_table_edges() {
        auto last_of = [this](const std::string& table) -> std::string {
            auto it = ids_by_table_.find(table);
            return it == ids_by_table_.end() || it->second.empty() ? "" : it->second.back();
        };
        // A child letting go of a key its parent drops goes first: the parent's swap checks
        // every foreign key, and the child's old table then no longer has the key.
        auto before_parent_swap = [&](const std::string& child, const model::Table& now) {
            for (const auto& fk : now.foreign_keys)
                if (const model::Table* parent = parent_losing_its_key(ctx_, fk)) {
                    std::string swap = parent->name + ":rebuild:swap";
                    const auto& ids = ids_by_table_[parent->name];
                    if (parent->name != child &&
                        std::find(ids.begin(), ids.end(), swap) != ids.end())
                        edges_.insert({last_of(child), swap});
                }
        };
        for (const auto& [name, w] : work_) {
            if (w.drop) {
                if (!last_of(name).empty())
                    before_parent_swap(name, w.drop->table);
                for (const auto& t : ctx_.from.tables)
                    for (const auto& fk : t.foreign_keys)
                        if (fk.ref_table == name && t.name != name) {
                            std::string before = last_of(t.name);
                            if (!before.empty())
                                edges_.insert({before, name + ":drop"});
                        }
                continue;
            }
            const model::Table* target = ctx_.to.find_table(name);
            if (!target || ids_by_table_[name].empty())
                continue;
            if (const model::Table* now = ctx_.from.find_table(w.current))
                before_parent_swap(name, *now);
            // A rebuilt child names the columns of a parent that is not renamed as they are
            // now (naming_parent_columns_as_now): its new table must exist before the parent's
            // swap carries those references to the new names.
            const auto& own = ids_by_table_[name];
            if (std::find(own.begin(), own.end(), name + ":rebuild:create") != own.end())
                for (const auto& fk : target->foreign_keys) {
                    const model::Table* parent = ctx_.to.find_table(fk.ref_table);
                    if (!parent || parent->renamed_from || fk.ref_table == name)
                        continue;
                    bool renamed = names_a_renamed_column(*parent, fk);
                    std::string swap = fk.ref_table + ":rebuild:swap";
                    const auto& ids = ids_by_table_[fk.ref_table];
                    if (renamed && std::find(ids.begin(), ids.end(), swap) != ids.end())
                        edges_.insert({name + ":rebuild:create", swap});
                }
            // A key to a parent's key that the parent's rebuild adds: SQLite resolves a key
            // whenever either table is written to, so the child's new table (or new table)
            // may exist only once the parent's swap has made the key ("foreign key
            // mismatch" otherwise). A renamed key column is carried by the parent's swap
            // instead (above), which needs the child's table first: not both.
            for (const auto& fk : target->foreign_keys) {
                const model::Table* parent = parent_gaining_its_key(ctx_, fk);
                if (!parent || fk.ref_table == name)
                    continue;
                bool renamed = names_a_renamed_column(*parent, fk);
                std::string swap = fk.ref_table + ":rebuild:swap";
                const auto& ids = ids_by_table_[fk.ref_table];
                if (!renamed && std::find(ids.begin(), ids.end(), swap) != ids.end())
                    edges_.insert({swap, ids_by_table_[name].front()});
            }
            for (const auto& fk : target->foreign_keys) {
                if (fk.ref_table == name)
                    continue;
                auto parent = work_.find(fk.ref_table);
                if (parent == work_.end())
                    continue;
                if (parent->second.create)
                    edges_.insert({fk.ref_table + ":create", ids_by_table_[name].front()});
                // A rebuilt child's new table names its parent by the new name: the parent's
                // rename (its last step) must have run before that table is filled.
                else if (parent->second.current != parent->second.target && !w.create &&
                         !w.rebuild_reasons.empty() && !last_of(fk.ref_table).empty())
                    edges_.insert({last_of(fk.ref_table), ids_by_table_[name].front()});
            }
        }
    }

    StepContext ctx_;
    std::map<std::string, TableWork> work_;
    std::map<std::string, std::vector<std::string>> ids_by_table_;
    std::string current_table_;
    std::vector<plan::Step> steps_;
    std::set<std::pair<std::string, std::string>> edges_;
    plan::StepGraph graph_;
};

} // namespace

plan::StepGraph compile_changes(const diff::ChangeSet& changes, const model::Catalog& from,
                                const model::Catalog& to, const dialect::CompileOptions& options) {
    return Compiler(from, to, options).run(changes);
}

} // namespace stepwise::sqlite
