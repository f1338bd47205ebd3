#include "dialects/mysql/mysql_ddl.h"
#include "dialects/mysql/mysql_quote.h"
#include "dialects/mysql/mysql_resumable.h"
#include "dialects/mysql/mysql_steps.h"

namespace stepwise::mysql {

namespace {

template <typename T> const T* find_named(const std::vector<T>& list, const std::string& name) {
    for (const auto& x : list)
        if (x.name == name)
            return &x;
    return nullptr;
}

// `key` under its name `from` is replaced by the same key named `to`. With foreign_key_checks
// off InnoDB neither reads the rows nor copies the table. The index InnoDB made under the old
// key's name goes with it (MariaDB can say IF EXISTS) and is made again under the new name.
std::vector<std::string> rename_foreign_key(const StepContext& ctx, const std::string& table,
                                            const model::ForeignKey& key, const std::string& from) {
    std::vector<std::string> alters;
    // MariaDB renames some `<table>_ibfk_N` keys with the table itself (not those of a name
    // it had to encode, such as one with a space): whichever name the key has now goes. The
    // keys go before the indexes: stopped in between, a key left without its index (the checks
    // are off) makes the next copy of the table fail (errno 150), a down's included.
    for (const auto* name : {&from, &key.name}) {
        alters.push_back(alter(table, "DROP FOREIGN KEY " + ctx.if_exists() + quote_ident(*name),
                               Algorithm::Inplace));
        if (ctx.server.flavour != Flavour::MariaDB)
            break;
    }
    if (ctx.server.flavour == Flavour::MariaDB)
        for (const auto* name : {&from, &key.name})
            alters.push_back(
                alter(table, "DROP INDEX IF EXISTS " + quote_ident(*name), Algorithm::Inplace));
    alters.push_back(
        alter(table, "ADD " + foreign_key_clause(key, ctx.mariadb()), Algorithm::Inplace));
    // Each with the checks off: the old index may still serve the key (error 1553 otherwise).
    // MySQL 8 has no IF [NOT] EXISTS there: each runs only while the catalog says it must.
    std::vector<std::string> out;
    if (!ctx.mariadb()) {
        for (auto& one : without_key_checks(ctx, alters.front(), foreign_key_exists(table, from)))
            out.push_back(std::move(one));
        for (auto& one :
             without_key_checks(ctx, alters.back(), "NOT " + foreign_key_exists(table, key.name)))
            out.push_back(std::move(one));
        return out;
    }
    for (const auto& sql : alters)
        for (auto& one : without_key_checks(ctx, sql))
            out.push_back(std::move(one));
    return out;
}

std::vector<std::string> rename_object(const StepContext& ctx, const diff::RenameTable& c,
                                       const model::Table& target, const diff::ObjectRename& o,
                                       bool up) {
    const std::string& from = up ? o.from : o.to;
    const std::string& to = up ? o.to : o.from;
    using Kind = diff::ObjectRename::Kind;
    switch (o.kind) {
    case Kind::ForeignKey:
        if (const auto* k = find_named(target.foreign_keys, o.to)) {
            model::ForeignKey key = *k;
            key.name = to;
            return rename_foreign_key(ctx, c.to, key, from);
        }
        return {};
    case Kind::Check:
        // No RENAME CONSTRAINT: the check is added again, which reads every row.
        if (const auto* k = find_named(target.checks, o.to)) {
            model::Check check = *k;
            check.name = to;
            return {alter(c.to,
                          "DROP CONSTRAINT " + ctx.if_exists() + quote_ident(from) + ", ADD " +
                              check_clause(check, ctx.mariadb()),
                          Algorithm::Copy)};
        }
        return {};
    case Kind::PrimaryKey: // always `PRIMARY`
        return {};
    case Kind::Index:
    case Kind::Unique:
        return {rename_index(ctx, c.to, from, to)};
    }
    return {};
}

} // namespace

KeptKeyNames keep_foreign_key_names(const StepContext& ctx, const std::string& from,
                                    const std::string& to,
                                    const std::map<std::string, std::string>& later_parents) {
    KeptKeyNames out;
    const model::Table* target = ctx.to.find_table(to);
    if (!target)
        return out;
    std::string prefix = from + "_ibfk_";
    for (const auto& kept : target->foreign_keys) {
        if (kept.name.rfind(prefix, 0) != 0)
            continue;
        model::ForeignKey key = kept;
        auto later = later_parents.find(key.ref_table);
        if (later != later_parents.end())
            key.ref_table = later->second;
        // Dropped before the rename, so RENAME TABLE has no key to rename: dropping the key
        // it renamed crashed MariaDB 10.11 (docs/verify.md). Its index stays, under the key's
        // name, and serves the key added back: nothing is scanned or built.
        out.before.push_back(
            only_if(ctx, table_exists(from),
                    {alter(from, "DROP FOREIGN KEY " + ctx.if_exists() + quote_ident(key.name),
                           Algorithm::Inplace)}));
        for (auto& sql :
             without_key_checks(ctx, alter(to, "ADD " + foreign_key_clause(key, ctx.mariadb()),
                                           Algorithm::Inplace)))
            out.after.push_back(std::move(sql));
        // The down runs whole after an up stopped anywhere: between the drop and the add the
        // key is missing, and renaming the table back would not bring it. A key to the table
        // itself names it by its old name again.
        if (key.ref_table == to)
            key.ref_table = from;
        for (auto& sql : without_key_checks(
                 ctx,
                 alter(from, "ADD " + foreign_key_clause(key, ctx.mariadb()), Algorithm::Inplace),
                 "NOT " + foreign_key_exists(from, key.name)))
            out.undo.push_back(std::move(sql));
    }
    return out;
}

plan::Step rename_objects_step(const StepContext& ctx, const diff::RenameTable& c) {
    const model::Table* target = ctx.to.find_table(c.to);
    std::string names;
    std::vector<const diff::ObjectRename*> objects;
    for (const auto& o : c.objects) {
        // MySQL 8 renames `<table>_ibfk_N` keys itself along with the table; MariaDB does not.
        if (ctx.server.flavour != Flavour::MariaDB &&
            o.kind == diff::ObjectRename::Kind::ForeignKey &&
            o.from.rfind(c.from + "_ibfk_", 0) == 0)
            continue;
        objects.push_back(&o);
        names += (names.empty() ? "" : ", ") + o.from;
    }
    plan::Step s = ctx.step(c.to + ":rename:objects", plan::Phase::Contract,
                            "rename " + names + " of " + c.to + " after the table", c.to);
    if (!target)
        return s;
    for (const auto* o : objects)
        for (auto& sql : rename_object(ctx, c, *target, *o, true))
            s.up.push_back(std::move(sql));
    for (auto it = objects.rbegin(); it != objects.rend(); ++it)
        for (auto& sql : rename_object(ctx, c, *target, **it, false))
            s.down.push_back(std::move(sql));
    for (const auto* o : objects)
        if (o->kind == diff::ObjectRename::Kind::Check) {
            copy_hazards(s, "adding a CHECK again under its new name");
            break;
        }
    return s;
}

} // namespace stepwise::mysql
