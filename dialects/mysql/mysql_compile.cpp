#include "dialects/mysql/mysql_compile.h"

#include "dialects/mysql/mysql_quote.h"
#include "dialects/mysql/mysql_steps.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <variant>

namespace stepwise::mysql {

namespace {

// The whole columns an index covers; a prefix (an expression) is not one.
std::vector<std::string> index_columns(const model::Index& index) {
    std::vector<std::string> out;
    for (const auto& part : index.parts)
        if (!part.column.empty())
            out.push_back(part.column);
    return out;
}

class Compiler {
public:
    Compiler(const model::Catalog& from, const model::Catalog& to,
             const dialect::CompileOptions& options, const ServerVersion& server)
        : ctx_{from, to, options, server} {
        for (const auto& t : to.tables)
            if (t.renamed_from && from.find_table(*t.renamed_from) && !from.find_table(t.name))
                current_[t.name] = *t.renamed_from;
    }

    plan::StepGraph run(const diff::ChangeSet& changes) {
        for (const auto& change : changes.changes)
            if (const auto* c = std::get_if<diff::CreateTable>(&change))
                created_[c->table.name] = &c->table;
        plan_dual_writes(changes);
        for (const auto& change : changes.changes)
            std::visit([this](const auto& c) { compile(c); }, change);
        chain();
        for (auto& s : steps_)
            graph_.add(std::move(s));
        for (const auto& [a, b] : edges_)
            graph_.must_run(a).before(b);
        return std::move(graph_);
    }

private:
    std::string now(const std::string& table) const {
        auto it = current_.find(table);
        return it == current_.end() ? table : it->second;
    }
    const model::Table& target(const std::string& table) const {
        const model::Table* t = ctx_.to.find_table(table);
        if (!t)
            throw plan::PlanError("mysql: table " + table + " changes but is not in the target");
        return *t;
    }
    std::string column_now(const std::string& table, const std::string& column) const {
        auto it = renamed_columns_.find({table, column});
        return it == renamed_columns_.end() ? column : it->second;
    }

    model::ForeignKey parent_as_now(const model::ForeignKey& key) const {
        model::ForeignKey out = key;
        out.ref_table = now(key.ref_table);
        return out;
    }

    void add(const std::string& table, plan::Step step) {
        by_table_[table].push_back(steps_.size());
        steps_.push_back(std::move(step));
    }

    // Whether `from`, a table this plan creates, reaches `to` through the foreign keys of the
    // tables this plan creates.
    bool created_reaches(const std::string& from, const std::string& to) const {
        std::set<std::string> seen{from};
        std::vector<std::string> todo{from};
        while (!todo.empty()) {
            auto it = created_.find(todo.back());
            todo.pop_back();
            if (it == created_.end())
                continue;
            for (const auto& fk : it->second->foreign_keys) {
                if (fk.ref_table == to)
                    return true;
                if (seen.insert(fk.ref_table).second)
                    todo.push_back(fk.ref_table);
            }
        }
        return false;
    }

    // New tables whose keys name each other cannot each be created after the other: a key to
    // a new table that reaches back to this one, when the parent comes later by name, is
    // added by a step of its own once both exist (every cycle has such a key).
    bool key_added_after_create(const std::string& table, const model::ForeignKey& fk) const {
        return fk.ref_table != table && fk.ref_table > table && created_.count(fk.ref_table) &&
               created_reaches(fk.ref_table, table);
    }

    // A new table's keys name their parents as they are now, like added keys (below), and
    // their parents' columns too: the table is created in the expand phase, before the
    // contract renames those columns (RENAME COLUMN carries the key along).
    void compile(const diff::CreateTable& c) {
        model::Table table = c.table;
        table.foreign_keys.clear();
        std::vector<model::ForeignKey> later;
        for (const auto& fk : c.table.foreign_keys) {
            if (key_added_after_create(c.table.name, fk)) {
                later.push_back(parent_as_now(fk));
                continue;
            }
            model::ForeignKey now_key = parent_as_now(fk);
            for (auto& column : now_key.ref_columns)
                column = column_now(fk.ref_table, column);
            table.foreign_keys.push_back(std::move(now_key));
        }
        plan::Step s = create_table_step(ctx_, table);
        for (const auto& fk : table.foreign_keys)
            if (fk.ref_table != c.table.name) {
                creates_needing_[c.table.name].push_back(fk.ref_table);
                fk_adds_[fk.ref_table].push_back(s.id);
            }
        add(c.table.name, std::move(s));
        for (const auto& fk : later) {
            plan::Step k = add_foreign_key_step(ctx_, c.table.name, fk);
            k.hazards.clear(); // the table is new: no code writes to it yet
            created_parents_.insert({fk.ref_table, k.id});
            add(c.table.name, std::move(k));
        }
    }
    void compile(const diff::DropTable& c) { add(c.table.name, drop_table_step(ctx_, c.table)); }
    void compile(const diff::RenameTable& c) {
        renames_[c.to] = c.from;
        if (!c.objects.empty())
            rename_objects_[c.to] = &c;
    }
    void compile(const diff::AddColumn& c) {
        const model::Table& t = target(c.table);
        std::string after;
        for (const auto& col : t.columns) {
            if (col.name == c.column.name)
                break;
            after = column_now(c.table, col.name);
        }
        for (auto& s :
             add_column_steps(ctx_, now(c.table), t, c.column, after, now_names_[c.table])) {
            if (s.phase == plan::Phase::Contract)
                fill_retires_[c.table].push_back(s.id);
            add(c.table, std::move(s));
        }
    }
    void compile(const diff::DropColumn& c) {
        add(c.table, drop_column_step(ctx_, now(c.table), c.column));
    }
    void compile(const diff::RenameColumn& c) {
        renamed_columns_[{c.table, c.to}] = c.from;
        const model::Column* col = target(c.table).find_column(c.to);
        if (dual_written_.count({c.table, c.to})) {
            const model::Column* old = ctx_.from.find_table(now(c.table))->find_column(c.from);
            auto steps = dual_write_steps(ctx_, now(c.table), target(c.table),
                                          {*old, *col, now_names_[c.table]});
            rename_ids_[c.table].push_back(steps.back().id);
            for (auto& s : steps)
                add(c.table, std::move(s));
            return;
        }
        plan::Step s = rename_column_step(ctx_, now(c.table), c.from, c.to, *col);
        rename_ids_[c.table].push_back(s.id);
        add(c.table, std::move(s));
    }
    void compile(const diff::AlterColumn& c) {
        if (dual_written_.count({c.table, c.to.name}))
            return; // the rename's second column has the target's definition
        if (c.type && c.to.using_expr) {
            for (auto& s : dual_write_steps(ctx_, now(c.table), target(c.table),
                                            {c.from, c.to, now_names_[c.table]})) {
                if (s.phase == plan::Phase::Contract) {
                    conversions_[c.table].push_back(s.id);
                    if (c.from.name == c.to.name)
                        retyped_[{c.table, c.from.name}].push_back(steps_.size());
                }
                add(c.table, std::move(s));
            }
            return;
        }
        for (auto& s :
             alter_column_steps(ctx_, now(c.table), target(c.table), c, now_names_[c.table])) {
            if (c.type) // the type changes in the expand phase, before any rename
                retyped_[{c.table, c.from.name}].push_back(steps_.size());
            add(c.table, std::move(s));
        }
    }
    void compile(const diff::AddPrimaryKey& c) {
        add_after_renames(c.table, "PRIMARY", add_primary_key_step(ctx_, now(c.table), c.key));
    }
    void compile(const diff::DropPrimaryKey& c) {
        add_drop(c.table, "PRIMARY", drop_primary_key_step(ctx_, now(c.table), c.key));
    }
    void compile(const diff::AddUnique& c) {
        plan::Step s = add_index_step(ctx_, now(c.table), c.table, c.unique.name,
                                      unique_clause(c.unique, ctx_.mariadb()), true,
                                      key_algorithm(target(c.table), c.unique.columns, true));
        index_adds_[c.table].push_back(s.id);
        add_after_renames(c.table, c.unique.name, std::move(s));
    }
    void compile(const diff::DropUnique& c) {
        add_drop(c.table, c.unique.name,
                 drop_index_step(ctx_, now(c.table), c.table, c.unique.name,
                                 unique_clause(c.unique, ctx_.mariadb()),
                                 key_algorithm(target(c.table), c.unique.columns, true)));
    }
    void compile(const diff::AddIndex& c) {
        if (c.index.where)
            throw plan::PlanError("mysql: index " + c.index.name + " on " + c.table +
                                  " has a WHERE clause; MySQL and MariaDB have no partial "
                                  "indexes: drop the `where`");
        plan::Step s = add_index_step(
            ctx_, now(c.table), c.table, c.index.name, index_clause(c.index, ctx_.mariadb()),
            c.index.unique, key_algorithm(target(c.table), index_columns(c.index), c.index.unique));
        index_adds_[c.table].push_back(s.id);
        add_after_renames(c.table, c.index.name, std::move(s));
    }
    void compile(const diff::DropIndex& c) {
        add_drop(c.table, c.index.name,
                 drop_index_step(
                     ctx_, now(c.table), c.table, c.index.name,
                     index_clause(c.index, ctx_.mariadb()),
                     key_algorithm(target(c.table), index_columns(c.index), c.index.unique)));
    }
    // Like a dropped key (below), a new key names its parent as it is now and is added before
    // the parent's rename, which carries it along; it names the parent's columns by their new
    // names, so it waits for their renames (chain()).
    void compile(const diff::AddForeignKey& c) {
        plan::Step s = add_foreign_key_step(ctx_, now(c.table), parent_as_now(c.key));
        if (c.key.ref_table != c.table) {
            fk_adds_[c.key.ref_table].push_back(s.id);
            creates_needing_[c.table].push_back(c.key.ref_table);
        }
        add_after_renames(c.table, c.key.name, std::move(s));
    }
    // The key comes carried under this plan's names. Its parent takes its new name last, in
    // the contract, after every step of its own: so the key names the parent as it is now and
    // is dropped before that rename, and rollback re-adds it once the rename is undone. The
    // parent's columns keep their new names (chain() orders the drop after their renames).
    void compile(const diff::DropForeignKey& c) {
        plan::Step s = drop_foreign_key_step(ctx_, now(c.table), parent_as_now(c.key));
        if (c.key.ref_table != c.table)
            fk_drops_[c.key.ref_table].push_back(s.id);
        add_drop(c.table, c.key.name, std::move(s));
    }
    void compile(const diff::AddCheck& c) {
        add_after_renames(c.table, c.check.name, add_check_step(ctx_, now(c.table), c.check));
    }
    void compile(const diff::DropCheck& c) {
        add_drop(c.table, c.check.name, drop_check_step(ctx_, now(c.table), c.check));
    }
    void compile(const diff::SetTableComment& c) {
        add(c.table, table_comment_step(ctx_, now(c.table), c));
    }
    // Enums live in the column types: the column steps carry every enum change.
    void compile(const diff::CreateEnum&) {}
    void compile(const diff::DropEnum&) {}
    // MySQL has no NOT VALID constraints, so its catalogs never ask for a validation.
    void compile(const diff::ValidateConstraint&) {}
    void compile(const diff::AlterEnum& c) {
        for (const auto& t : ctx_.to.tables) {
            const model::Table* before = ctx_.from.find_table(now(t.name));
            if (!before)
                continue;
            for (const auto& col : t.columns) {
                const model::Column* old = before->find_column(column_now(t.name, col.name));
                if (col.type.kind != model::TypeKind::Enum || col.type.name != c.to.name || !old ||
                    old->type != col.type)
                    continue;
                diff::AlterColumn change;
                change.table = t.name;
                change.from = *old;
                change.to = col;
                change.type = true;
                for (auto& s : alter_column_steps(ctx_, now(t.name), t, change, now_names_[t.name]))
                    add(t.name, std::move(s));
            }
        }
    }

    // Which column renames move through a second column kept in step by triggers (the
    // others stay a RENAME COLUMN in the contract phase), and each column's name during the
    // expand phase.
    void plan_dual_writes(const diff::ChangeSet& changes) {
        std::map<std::pair<std::string, std::string>, const diff::AlterColumn*> alters;
        for (const auto& change : changes.changes)
            if (const auto* a = std::get_if<diff::AlterColumn>(&change))
                alters[{a->table, a->to.name}] = a;
        for (const auto& t : ctx_.to.tables)
            for (const auto& c : t.columns)
                now_names_[t.name][c.name] = c.name;
        for (const auto& change : changes.changes) {
            const auto* r = std::get_if<diff::RenameColumn>(&change);
            if (!r)
                continue;
            now_names_[r->table][r->to] = r->from;
            const model::Table* before = ctx_.from.find_table(now(r->table));
            const model::Column* old = before ? before->find_column(r->from) : nullptr;
            auto a = alters.find({r->table, r->to});
            const diff::AlterColumn* alter = a == alters.end() ? nullptr : a->second;
            if (old && (dual_write_blocker(ctx_, now(r->table), *old, alter).empty() ||
                        (alter && alter->type && alter->to.using_expr)))
                dual_written_.insert({r->table, r->to});
        }
    }

    // Objects that name columns by their new names wait for the column renames.
    void add_after_renames(const std::string& table, const std::string& name, plan::Step s) {
        auto it = rename_ids_.find(table);
        if (it != rename_ids_.end() && !it->second.empty()) {
            s.phase = plan::Phase::Contract;
            s.after = it->second;
        }
        auto dropped = dropped_ids_.find({table, name});
        if (dropped != dropped_ids_.end())
            s.after.push_back(dropped->second);
        add(table, std::move(s));
    }

    // A changed object is dropped and added again under the same name: its drop then runs
    // in the add's phase instead of waiting for the contract phase.
    void add_drop(const std::string& table, const std::string& name, plan::Step s) {
        if (re_added(table, name))
            s.phase = plan::Phase::Expand;
        // The dropped object is carried as it reads after the column renames (its down re-adds
        // it under the new names), so it is dropped after them and re-added before they are
        // undone.
        auto renames = rename_ids_.find(table);
        if (renames != rename_ids_.end() && !renames->second.empty()) {
            s.phase = plan::Phase::Contract;
            s.after.insert(s.after.end(), renames->second.begin(), renames->second.end());
        }
        dropped_ids_[{table, name}] = s.id;
        add(table, std::move(s));
    }

    bool re_added(const std::string& table, const std::string& name) const {
        const model::Table* t = ctx_.to.find_table(table);
        const model::Table* f = ctx_.from.find_table(now(table));
        if (!t || !f)
            return false;
        auto in = [&name](const model::Table& x) {
            if (name == "PRIMARY")
                return x.primary_key.has_value();
            for (const auto& u : x.uniques)
                if (u.name == name)
                    return true;
            for (const auto& i : x.indexes)
                if (i.name == name)
                    return true;
            for (const auto& k : x.foreign_keys)
                if (k.name == name)
                    return true;
            for (const auto& c : x.checks)
                if (c.name == name)
                    return true;
            return false;
        };
        return in(*t);
    }

    // The steps that change the type of `columns` (as they are named now) of `table`.
    std::vector<size_t> retypes_of(const std::string& table,
                                   const std::vector<std::string>& columns) const {
        std::vector<size_t> out;
        for (const auto& column : columns) {
            auto it = retyped_.find({table, column});
            if (it != retyped_.end())
                out.insert(out.end(), it->second.begin(), it->second.end());
        }
        return out;
    }

    // MariaDB will not change the type of a column on either side of a foreign key, even with
    // foreign_key_checks off (errors 1832 and 1833): a key the target keeps is dropped before
    // the type changes of its columns, in their phase, and added back after them (without a
    // scan; its check looks for orphans). InnoDB needs the two sides' types to match then.
    // A conversion with `using` changes the type in its contract swap: until then the key
    // stays on the old columns, which the triggers keep in step (released_key).
    void release_kept_keys() {
        for (const auto& t : ctx_.to.tables) {
            const model::Table* before = ctx_.from.find_table(now(t.name));
            if (!before)
                continue;
            for (const auto& key : before->foreign_keys) {
                const model::ForeignKey* kept = nullptr;
                for (const auto& k : t.foreign_keys)
                    if (k.name == key.name)
                        kept = &k;
                if (!kept || dropped_ids_.count({t.name, key.name}))
                    continue;
                std::string parent = kept->ref_table;
                if (!ctx_.to.find_table(parent) || now(parent) != key.ref_table)
                    continue;
                std::vector<size_t> changes = retypes_of(t.name, key.columns);
                for (size_t i : retypes_of(parent, key.ref_columns))
                    if (std::find(changes.begin(), changes.end(), i) == changes.end())
                        changes.push_back(i);
                if (changes.empty())
                    continue;
                check_key_types(t, *kept);
                plan::Step release = drop_foreign_key_step(ctx_, now(t.name), key);
                release.summary = "release foreign key " + key.name + " on " + t.name +
                                  " while the types of its columns change";
                plan::Step restore = add_foreign_key_step(ctx_, now(t.name), key);
                restore.summary = "restore foreign key " + key.name + " on " + t.name;
                restore.hazards.clear(); // the key held before: only rows written meanwhile
                                         // can fail its check
                release.phase = plan::Phase::Contract;
                restore.phase = plan::Phase::Expand;
                for (size_t i : changes) {
                    release.phase = std::min(release.phase, steps_[i].phase);
                    restore.phase = std::max(restore.phase, steps_[i].phase);
                    edges_.insert({release.id, steps_[i].id});
                    edges_.insert({steps_[i].id, restore.id});
                }
                steps_.push_back(std::move(release));
                add(t.name, std::move(restore));
            }
        }
    }

    void check_key_types(const model::Table& child, const model::ForeignKey& key) const {
        const model::Table& parent = target(key.ref_table);
        for (size_t i = 0; i < key.columns.size() && i < key.ref_columns.size(); ++i) {
            const model::Column* a = child.find_column(key.columns[i]);
            const model::Column* b = parent.find_column(key.ref_columns[i]);
            if (!a || !b || a->type == b->type)
                continue;
            auto string = [](const model::Type& x) {
                return x.kind == model::TypeKind::Varchar || x.kind == model::TypeKind::Char;
            };
            if (string(a->type) && string(b->type))
                continue; // InnoDB takes strings of different lengths
            throw plan::PlanError(
                "mysql: " + child.name + "." + key.name + ": " + child.name + "." + a->name +
                " would be " + model::to_dsl(a->type) + " but " + parent.name + "." + b->name +
                " " + model::to_dsl(b->type) +
                "; InnoDB needs both sides of a foreign key to have the same type: give both "
                "columns the same type in the same plan, or drop the key");
        }
    }

    // Steps of a table run in the differ's order, except that an earlier contract step never
    // holds back a later expand step (apply stops before the contract phase).
    void chain() {
        // A dropped key names its parent's columns by their new names: it is dropped after
        // their renames, and re-added before they are undone.
        std::map<std::string, size_t> index_of;
        for (size_t i = 0; i < steps_.size(); ++i)
            index_of[steps_[i].id] = i;
        for (const auto* keys : {&fk_drops_, &fk_adds_})
            for (const auto& [parent, ids] : *keys)
                for (const auto& id : ids)
                    for (const auto& rename : rename_ids_[parent]) {
                        steps_[index_of.at(id)].phase = plan::Phase::Contract;
                        edges_.insert({rename, id});
                    }
        // A new key needs the parent's index on the columns it names, which may be new too
        // ("Missing index for constraint"): it is added after the parent's new indexes, and
        // dropped before them.
        for (const auto& [parent, adds] : fk_adds_)
            for (const auto& index : index_adds_[parent])
                for (const auto& add : adds) {
                    plan::Step& key = steps_[index_of.at(add)];
                    key.phase = std::max(key.phase, steps_[index_of.at(index)].phase);
                    edges_.insert({index, add});
                }
        // It also needs the parent's unique key or index until it is gone.
        for (const auto& [parent, drops] : fk_drops_)
            for (const auto& [object, id] : dropped_ids_)
                if (object.first == parent &&
                    std::find(drops.begin(), drops.end(), id) == drops.end())
                    for (const auto& drop : drops)
                        edges_.insert({drop, id});
        // MariaDB will not change the type of a column in a foreign key ("Cannot change
        // column … used in a foreign key constraint"): a key the plan drops goes first, in
        // the same phase, and comes back after the type is undone.
        for (const auto& [object, id] : dropped_ids_) {
            const model::Table* before = ctx_.from.find_table(now(object.first));
            if (!before)
                continue;
            for (const auto& key : before->foreign_keys) {
                if (key.name != object.second)
                    continue;
                std::vector<size_t> changes = retypes_of(object.first, key.columns);
                // The referenced side too: the parent as the target names it.
                for (const auto& p : ctx_.to.tables)
                    if (now(p.name) == key.ref_table)
                        for (size_t i : retypes_of(p.name, key.ref_columns))
                            changes.push_back(i);
                for (size_t i : changes) {
                    steps_[index_of.at(id)].phase =
                        std::min(steps_[index_of.at(id)].phase, steps_[i].phase);
                    edges_.insert({id, steps_[i].id});
                }
            }
        }
        release_kept_keys();
        // A foreign key, check, index or unique key on a column converted in place that the
        // target drops stays on the old column (dual_write_blocker): it is dropped before the
        // swap moves that column aside, and re-added after the swap is undone.
        for (const auto& [object, id] : dropped_ids_) {
            auto swaps = conversions_.find(object.first);
            const model::Table* before = ctx_.from.find_table(now(object.first));
            if (swaps == conversions_.end() || !before)
                continue;
            bool named = false;
            auto find = [&](const auto& list) {
                for (const auto& x : list)
                    named = named || x.name == object.second;
            };
            find(before->foreign_keys);
            find(before->checks);
            find(before->indexes);
            find(before->uniques);
            if (named)
                for (const auto& swap : swaps->second)
                    edges_.insert({id, swap});
        }
        // So is a key of another table to such a column, when the plan drops it.
        for (const auto& [object, id] : dropped_ids_) {
            const model::Table* child = ctx_.from.find_table(now(object.first));
            for (const auto& key : child ? child->foreign_keys : std::vector<model::ForeignKey>{})
                for (const auto& [parent, swaps] : conversions_)
                    if (key.name == object.second && now(parent) == key.ref_table &&
                        parent != object.first)
                        for (const auto& swap : swaps)
                            edges_.insert({id, swap});
        }
        // Steps of a table follow each other in the differ's order where the phases allow;
        // an expand step also follows the table's last earlier expand step when a later phase
        // came between them: a column added after a column with a backfill names it
        // (`AFTER`), and must not run first.
        for (auto& [table, indexes] : by_table_) {
            std::optional<std::string> last_expand;
            for (size_t i = 0; i < indexes.size(); ++i) {
                const plan::Step& b = steps_[indexes[i]];
                if (i > 0 && steps_[indexes[i - 1]].phase <= b.phase)
                    edges_.insert({steps_[indexes[i - 1]].id, b.id});
                if (b.phase != plan::Phase::Expand)
                    continue;
                if (last_expand)
                    edges_.insert({*last_expand, b.id});
                last_expand = b.id;
            }
        }
        // A fill trigger names columns as the expand phase has them: it is retired before
        // the column renames, so rollback re-creates it after they are undone.
        for (const auto& [table, retires] : fill_retires_)
            for (const auto& retire : retires)
                for (const auto& rename : rename_ids_[table])
                    edges_.insert({retire, rename});
        for (const auto& [table, from] : renames_) {
            // A key kept under its old default name is added back after the rename
            // (keep_foreign_key_names), naming its parent as the parent is then. Between two
            // renamed tables the one first by target name is renamed first: the other's key
            // names it by its new name, its own key names the other by its old one (the
            // other's rename carries the key along). Tables whose kept keys name each other
            // so never wait for each other.
            std::map<std::string, std::string> later_parents;
            std::vector<std::string> earlier_parents;
            for (const auto& key : target(table).foreign_keys) {
                auto parent = renames_.find(key.ref_table);
                if (key.ref_table == table || parent == renames_.end() ||
                    key.name.rfind(from + "_ibfk_", 0) != 0)
                    continue;
                if (key.ref_table < table) {
                    earlier_parents.push_back(rename_table_step_id(key.ref_table));
                } else {
                    later_parents[key.ref_table] = parent->second;
                    edges_.insert(
                        {rename_table_step_id(table), rename_table_step_id(key.ref_table)});
                }
            }
            // The view comes after the table's other pre-contract steps, so it shows the
            // columns they add.
            plan::Step view = rename_table_view_step(ctx_, from, table);
            plan::Step s = rename_table_step(ctx_, from, table, later_parents);
            for (const auto& drop : fk_drops_[table])
                s.after.push_back(drop);
            for (const auto& add : fk_adds_[table])
                s.after.push_back(add);
            s.after.insert(s.after.end(), earlier_parents.begin(), earlier_parents.end());
            for (size_t i : by_table_[table]) {
                s.after.push_back(steps_[i].id);
                if (steps_[i].phase != plan::Phase::Contract) {
                    view.after.push_back(steps_[i].id);
                    view.phase = std::max(view.phase, steps_[i].phase);
                }
            }
            s.after.push_back(view.id);
            std::string rename_id = s.id;
            steps_.push_back(std::move(view));
            steps_.push_back(std::move(s));
            auto objects = rename_objects_.find(table);
            if (objects != rename_objects_.end()) {
                plan::Step o = rename_objects_step(ctx_, *objects->second);
                o.after.push_back(rename_id);
                if (!o.up.empty())
                    steps_.push_back(std::move(o));
            }
        }
        std::set<std::string> ids;
        for (const auto& s : steps_)
            ids.insert(s.id);
        for (const auto& [table, parents] : creates_needing_)
            for (const auto& parent : parents)
                if (ids.count(create_table_step_id(parent)) && by_table_.count(table))
                    for (size_t i : by_table_[table])
                        if (steps_[i].id != create_table_step_id(parent))
                            edges_.insert({create_table_step_id(parent), steps_[i].id});
        for (const auto& [parent, id] : created_parents_)
            edges_.insert({create_table_step_id(parent), id});
        // A dropped table waits for the tables that referenced it to let go.
        for (const auto& t : ctx_.from.tables) {
            if (!ids.count(t.name + ":drop"))
                continue;
            for (const auto& other : ctx_.from.tables)
                for (const auto& fk : other.foreign_keys)
                    if (fk.ref_table == t.name && other.name != t.name)
                        for (size_t i : by_table_[other.name])
                            if (steps_[i].phase <= plan::Phase::Contract)
                                edges_.insert({steps_[i].id, t.name + ":drop"});
        }
    }

    StepContext ctx_;
    std::map<std::string, std::string> current_; // target table -> its name now
    std::map<std::string, std::string> renames_;
    std::map<std::string, const diff::RenameTable*> rename_objects_; // target table -> change
    std::map<std::pair<std::string, std::string>, std::string> renamed_columns_;
    std::map<std::string, std::vector<std::string>> rename_ids_;
    std::map<std::string, std::vector<std::string>> fk_drops_;     // parent -> drops of keys to it
    std::map<std::string, std::vector<std::string>> fk_adds_;      // parent -> adds of keys to it
    std::map<std::string, std::vector<std::string>> index_adds_;   // table -> its new indexes
    std::map<std::string, std::vector<std::string>> fill_retires_; // table -> contract step ids
    std::map<std::pair<std::string, std::string>, std::string> dropped_ids_;
    std::map<std::string, std::vector<std::string>> creates_needing_;
    std::map<std::string, const model::Table*> created_; // tables this plan creates
    // (table, column as named now) -> the steps that change its type (the swap of a conversion
    // with `using`)
    std::map<std::pair<std::string, std::string>, std::vector<size_t>> retyped_;
    std::map<std::string, std::vector<std::string>> conversions_; // table -> contract steps of
                                                                  // columns converted in place
    // (parent, id): a key to a new table added after the parent's create (compile(CreateTable))
    std::set<std::pair<std::string, std::string>> created_parents_;
    std::map<std::string, std::vector<size_t>> by_table_;
    std::set<std::pair<std::string, std::string>> dual_written_; // (table, new column name)
    std::map<std::string, std::map<std::string, std::string>> now_names_;
    std::vector<plan::Step> steps_;
    std::set<std::pair<std::string, std::string>> edges_;
    plan::StepGraph graph_;
};

} // namespace

plan::StepGraph compile_changes(const diff::ChangeSet& changes, const model::Catalog& from,
                                const model::Catalog& to, const dialect::CompileOptions& options,
                                const ServerVersion& server) {
    return Compiler(from, to, options, server).run(changes);
}

} // namespace stepwise::mysql
