#include "dialects/sqlite/sqlite_compile.h"

#include "dialects/sqlite/sqlite_steps.h"

#include <map>
#include <set>

namespace stepwise::sqlite {

namespace {

// Everything the ChangeSet says about one table, named as in the target catalog.
struct TableWork {
    std::string target;
    std::string current; // its name now; differs when renamed
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
    void collect(const diff::RenameTable& c) { work(c.to).current = c.from; }
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

        std::vector<std::string> contract_ids;
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
            plan::Step s = drop_index_step(ctx_, w.current, w.target, d->index);
            contract_ids.push_back(s.id);
            add(std::move(s));
        }
        std::vector<std::string> rename_ids;
        for (const auto* r : w.renames) {
            plan::Step s = rename_column_step(ctx_, w.current, w.target, r->from, r->to);
            rename_ids.push_back(s.id);
            contract_ids.push_back(s.id);
            add(std::move(s));
        }
        for (const auto* a : w.add_indexes) {
            auto old = redefined.find(a->index.name);
            plan::Step s =
                old != redefined.end()
                    ? replace_index_step(ctx_, w.current, w.target, *old->second, a->index)
                    : add_index_step(ctx_, w.current, w.target, a->index);
            // An index may name the new columns: it waits for them.
            s.after = add_ids;
            if (!rename_ids.empty()) {
                // The index names columns by their new names: it waits for the renames.
                s.phase = plan::Phase::Contract;
                s.after.insert(s.after.end(), rename_ids.begin(), rename_ids.end());
                contract_ids.push_back(s.id);
            }
            add(std::move(s));
        }
        if (w.current != w.target) {
            plan::Step s = rename_table_step(ctx_, w.current, w.target);
            for (const auto& id : ids_by_table_[w.target])
                s.after.push_back(id);
            add(std::move(s));
        }
    }

    // A new table's foreign keys need their parents; a dropped table waits for the tables
    // that referenced it to let go.
    void add_table_edges() {
        auto last_of = [this](const std::string& table) -> std::string {
            auto it = ids_by_table_.find(table);
            return it == ids_by_table_.end() || it->second.empty() ? "" : it->second.back();
        };
        for (const auto& [name, w] : work_) {
            if (w.drop) {
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
