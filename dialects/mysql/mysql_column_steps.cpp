#include "dialects/mysql/mysql_expr.h"
#include "dialects/mysql/mysql_quote.h"
#include "dialects/mysql/mysql_steps.h"

#include <algorithm>
#include <cctype>

namespace stepwise::mysql {

namespace {

std::string position(const std::string& after) {
    return after.empty() ? " FIRST" : " AFTER " + quote_ident(after);
}

// The single-column primary key a backfill can walk, if the table has one.
const model::Column* walk_key(const model::Table& table) {
    if (!table.primary_key || table.primary_key->columns.size() != 1)
        return nullptr;
    return table.find_column(table.primary_key->columns.front());
}

// A batched UPDATE of `column` where it IS NULL, keyset-paginated on the primary key.
void add_backfill(plan::Step& s, const model::Table& table, const std::string& table_now,
                  const std::string& column, const model::Expr& value) {
    std::string t = quote_ident(table_now), c = quote_ident(column);
    std::string set = "UPDATE " + t + " SET " + c + " = " + render_expr(value);
    const model::Column* key = walk_key(table);
    if (!key) {
        s.up.push_back(set + " WHERE " + c + " IS NULL");
        s.hazards.push_back({plan::HazardClass::LongRunning,
                             table.name + " has no single-column primary key, so the backfill is "
                                          "one UPDATE that locks every row it changes"});
        return;
    }
    std::string k = quote_ident(key->name);
    plan::Backfill b;
    b.table = table.name;
    b.total_sql = "SELECT COUNT(*) FROM " + t;
    b.max_key_sql = "SELECT MAX(" + k + ") FROM " + t;
    b.next_key_sql = "SELECT MAX(`k`) FROM (SELECT " + k + " AS `k` FROM " + t +
                     " WHERE (?1 IS "
                     "NULL OR " +
                     k + " > ?1) AND " + k + " <= ?2 ORDER BY " + k + " LIMIT ?3) AS `batch`";
    b.batch_sql =
        set + " WHERE (?1 IS NULL OR " + k + " > ?1) AND " + k + " <= ?2 AND " + c + " IS NULL";
    s.backfill = b;
}

// `expr` with every name of a column of `table` read from the row being inserted (NEW.c),
// for a trigger; string literals and function names are left alone.
std::string on_new_row(const std::string& expr, const model::Table& table) {
    std::string out;
    for (size_t i = 0; i < expr.size();) {
        char c = expr[i];
        if (c == '\'' || c == '"') {
            size_t j = i + 1;
            while (j < expr.size() && expr[j] != c)
                j += expr[j] == '\\' ? 2 : 1;
            out.append(expr, i, j + 1 - i);
            i = j + 1;
            continue;
        }
        if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
            size_t j = i;
            while (j < expr.size() &&
                   (std::isalnum(static_cast<unsigned char>(expr[j])) || expr[j] == '_'))
                ++j;
            std::string word = expr.substr(i, j - i);
            size_t k = expr.find_first_not_of(" \t\n", j);
            bool call = k != std::string::npos && expr[k] == '(';
            bool qualified = i > 0 && expr[i - 1] == '.';
            out +=
                table.find_column(word) && !call && !qualified ? "NEW." + quote_ident(word) : word;
            i = j;
            continue;
        }
        out += c;
        ++i;
    }
    return out;
}

std::string fill_trigger(const std::string& table, const std::string& column) {
    return fit_name("_stepwise_fill_" + table + "_" + column);
}

bool is_varchar_widening(const model::Type& a, const model::Type& b) {
    // InnoDB keeps a varchar in place while its length prefix keeps its size (1 byte up to
    // 255 bytes); utf8mb4 needs 4 bytes a character.
    if (a.kind != model::TypeKind::Varchar || b.kind != model::TypeKind::Varchar)
        return false;
    int from = a.length.value_or(255), to = b.length.value_or(255);
    return to >= from && ((from * 4 < 256) == (to * 4 < 256));
}

bool is_enum_append(const StepContext& ctx, const model::Type& a, const model::Type& b) {
    if (a.kind != model::TypeKind::Enum || b.kind != model::TypeKind::Enum)
        return false;
    const model::Enum* ea = ctx.from.find_enum(a.name);
    const model::Enum* eb = ctx.to.find_enum(b.name);
    return ea && eb && eb->labels.size() >= ea->labels.size() &&
           std::equal(ea->labels.begin(), ea->labels.end(), eb->labels.begin());
}

// A type change with `using`: a shadow column of the new type, kept in step by triggers
// while a batched backfill converts the existing rows, swapped in during the contract phase.
std::vector<plan::Step> converted_column_steps(const StepContext& ctx, const std::string& table,
                                               const model::Table& target,
                                               const diff::AlterColumn& change) {
    const std::string& name = change.from.name;
    std::string id = target.name + "." + change.to.name;
    if (change.from.name != change.to.name)
        throw plan::PlanError("mysql: " + id +
                              ": a rename and a type change with `using` in "
                              "one plan are not supported; rename first");
    if (const model::Table* now = ctx.from.find_table(table)) {
        bool keyed = now->primary_key && std::count(now->primary_key->columns.begin(),
                                                    now->primary_key->columns.end(), name);
        for (const auto& u : now->uniques)
            keyed = keyed || std::count(u.columns.begin(), u.columns.end(), name);
        for (const auto& i : now->indexes)
            for (const auto& p : i.parts)
                keyed = keyed || p.column == name || p.expr;
        for (const auto& f : now->foreign_keys)
            keyed = keyed || std::count(f.columns.begin(), f.columns.end(), name);
        if (keyed)
            throw plan::PlanError("mysql: " + id +
                                  ": a type change with `using` on a column in "
                                  "an index or key is not supported; drop the "
                                  "index first or drop the `using` hint");
    }
    std::string shadow = fit_name("_stepwise_new_" + name);
    std::string tomb = ctx.tombstone(name);
    std::string t = quote_ident(table);
    std::string ins = quote_ident(fit_name("_stepwise_conv_ins_" + table + "_" + name));
    std::string upd = quote_ident(fit_name("_stepwise_conv_upd_" + table + "_" + name));
    std::string value = "(" + on_new_row(change.to.using_expr->text, target) + ")";
    if (const model::Table* now = ctx.from.find_table(table))
        value = "(" + on_new_row(change.to.using_expr->text, *now) + ")";
    std::vector<std::string> triggers = {
        "CREATE TRIGGER " + ins + " BEFORE INSERT ON " + t + " FOR EACH ROW SET NEW." +
            quote_ident(shadow) + " = " + value,
        "CREATE TRIGGER " + upd + " BEFORE UPDATE ON " + t + " FOR EACH ROW SET NEW." +
            quote_ident(shadow) + " = " + value};
    std::vector<std::string> drop_triggers = {"DROP TRIGGER IF EXISTS " + ins,
                                              "DROP TRIGGER IF EXISTS " + upd};

    model::Column staged = change.to;
    staged.name = shadow;
    staged.nullable = true;
    staged.default_value.reset();
    staged.identity = false;
    staged.comment.reset();
    plan::Step expand =
        ctx.step(id + ":shadow", plan::Phase::Expand, "add " + shadow + " to convert " + id, table);
    for (auto& stmt : enum_registry(target.name, change.to))
        expand.up.push_back(stmt);
    expand.up.push_back(alter(table,
                              "ADD COLUMN " + column_definition(ctx.to_ddl(), staged) + " AFTER " +
                                  quote_ident(name),
                              Algorithm::Instant));
    expand.up.insert(expand.up.end(), drop_triggers.begin(), drop_triggers.end());
    expand.up.insert(expand.up.end(), triggers.begin(), triggers.end());
    expand.down = drop_triggers;
    expand.down.push_back(
        alter(table, "DROP COLUMN " + ctx.if_exists() + quote_ident(shadow), Algorithm::Inplace));

    plan::Step fill = ctx.step(id + ":convert", plan::Phase::Backfill,
                               "convert " + id + " into " + shadow, table);
    fill.after.push_back(expand.id);
    model::Expr using_expr = *change.to.using_expr;
    add_backfill(fill, target, table, shadow, using_expr);

    plan::Step swap =
        ctx.step(id + ":swap", plan::Phase::Contract,
                 "swap the converted " + id + " in (old values kept as " + tomb + ")", table);
    swap.after.push_back(fill.id);
    model::Column kept = change.from;
    kept.name = tomb;
    kept.nullable = true;
    kept.default_value.reset();
    kept.identity = false;
    kept.comment.reset();
    swap.up = drop_triggers;
    swap.up.push_back(alter(table,
                            "CHANGE COLUMN " + quote_ident(name) + " " +
                                column_definition(ctx.from_ddl(), kept) + ", CHANGE COLUMN " +
                                quote_ident(shadow) + " " +
                                column_definition(ctx.to_ddl(), change.to),
                            Algorithm::Inplace));
    // Rows written after the swap have no old value; `down using` gives them one.
    if (change.to.down_using)
        swap.down.push_back("UPDATE " + t + " SET " + quote_ident(tomb) + " = (" +
                            change.to.down_using->text + ") WHERE " + quote_ident(tomb) +
                            " IS NULL");
    swap.down.push_back(alter(table,
                              "CHANGE COLUMN " + quote_ident(name) + " " +
                                  column_definition(ctx.to_ddl(), staged) + ", CHANGE COLUMN " +
                                  quote_ident(tomb) + " " +
                                  column_definition(ctx.from_ddl(), change.from),
                              Algorithm::Inplace));
    swap.down.insert(swap.down.end(), drop_triggers.begin(), drop_triggers.end());
    swap.down.insert(swap.down.end(), triggers.begin(), triggers.end());
    swap.hazards.push_back({plan::HazardClass::TableRewrite,
                            "the swap rebuilds the table in place (writes continue)"});
    swap.hazards.push_back(
        {plan::HazardClass::AppIncompatible,
         "code must read and write " + change.to.name + " as " + model::to_dsl(change.to.type)});
    swap.hazards.push_back({plan::HazardClass::DataLoss,
                            "the old values stay in " + tomb + " until `stepwise purge`"});
    if (!change.to.down_using)
        swap.hazards.push_back({plan::HazardClass::Irreversible,
                                "without `down using`, rows written after the swap have no "
                                "old value and rolling back fails on them"});
    swap.deploy_note = "deploy code that uses " + id + " as " + model::to_dsl(change.to.type);
    return {std::move(expand), std::move(fill), std::move(swap)};
}

} // namespace

std::vector<plan::Step> add_column_steps(const StepContext& ctx, const std::string& table,
                                         const model::Table& target, const model::Column& column,
                                         const std::string& after) {
    std::vector<plan::Step> out;
    std::string id = target.name + "." + column.name;
    bool staged = !column.nullable && !column.default_value && column.backfill;
    model::Column added = column;
    if (staged)
        added.nullable = true;
    plan::Step add = ctx.step(id + ":add", plan::Phase::Expand,
                              "add column " + target.name + "." + column.name, table);
    for (auto& stmt : enum_registry(target.name, column))
        add.up.push_back(stmt);
    Algorithm how = column.identity ? Algorithm::Copy : Algorithm::Instant;
    add.up.push_back(alter(
        table, "ADD COLUMN " + column_definition(ctx.to_ddl(), added) + position(after), how));
    add.down.push_back(alter(table, "DROP COLUMN " + ctx.if_exists() + quote_ident(column.name),
                             Algorithm::Inplace));
    if (how == Algorithm::Copy)
        copy_hazards(add, "an AUTO_INCREMENT column");
    if (!column.nullable && !column.default_value && !column.backfill && !column.identity)
        add.hazards.push_back({plan::HazardClass::AppIncompatible,
                               "existing rows get the type's zero value and inserts that omit " +
                                   column.name + " fail"});
    if (staged) {
        // Old code inserts without the column: a trigger fills it in as the backfill would,
        // so the NOT NULL step finds no NULL written after the backfill passed.
        std::string trig = quote_ident(fill_trigger(table, column.name));
        std::string c = "NEW." + quote_ident(column.name);
        std::string value = column.backfill->kind == model::Expr::Kind::Raw
                                ? "(" + on_new_row(column.backfill->text, target) + ")"
                                : render_expr(*column.backfill);
        add.up.push_back("DROP TRIGGER IF EXISTS " + trig);
        add.up.push_back("CREATE TRIGGER " + trig + " BEFORE INSERT ON " + quote_ident(table) +
                         " FOR EACH ROW SET " + c + " = COALESCE(" + c + ", " + value + ")");
        add.down.insert(add.down.begin(), "DROP TRIGGER IF EXISTS " + trig);
    }
    out.push_back(std::move(add));
    if (!staged)
        return out;

    plan::Step fill = ctx.step(id + ":backfill", plan::Phase::Backfill,
                               "backfill " + target.name + "." + column.name, table);
    fill.after.push_back(id + ":add");
    add_backfill(fill, target, table, column.name, *column.backfill);
    out.push_back(std::move(fill));

    plan::Step required = ctx.step(id + ":not_null", plan::Phase::Validate,
                                   "set " + target.name + "." + column.name + " NOT NULL", table);
    required.after.push_back(id + ":backfill");
    required.up.push_back("DROP TRIGGER IF EXISTS " +
                          quote_ident(fill_trigger(table, column.name)));
    required.up.push_back(alter(table, "MODIFY COLUMN " + column_definition(ctx.to_ddl(), column),
                                Algorithm::Inplace));
    required.down.push_back(alter(table, "MODIFY COLUMN " + column_definition(ctx.to_ddl(), added),
                                  Algorithm::Inplace));
    required.hazards.push_back({plan::HazardClass::TableRewrite,
                                "NOT NULL rebuilds the table in place (writes continue)"});
    out.push_back(std::move(required));
    return out;
}

plan::Step drop_column_step(const StepContext& ctx, const std::string& table,
                            const model::Column& column) {
    std::string tomb = ctx.tombstone(column.name);
    plan::Step s =
        ctx.step(table + "." + column.name + ":drop", plan::Phase::Contract,
                 "drop column " + table + "." + column.name + " (kept as " + tomb + ")", table);
    // Soft drop: renamed and made nullable with no default, so new inserts do not need it.
    model::Column kept = column;
    kept.name = tomb;
    kept.nullable = true;
    kept.default_value.reset();
    kept.identity = false;
    kept.comment.reset();
    s.up.push_back(alter(table,
                         "CHANGE COLUMN " + quote_ident(column.name) + " " +
                             column_definition(ctx.from_ddl(), kept),
                         Algorithm::Inplace));
    s.down.push_back(alter(table,
                           "CHANGE COLUMN " + quote_ident(tomb) + " " +
                               column_definition(ctx.from_ddl(), column),
                           Algorithm::Inplace));
    s.hazards.push_back({plan::HazardClass::DataLoss, "the values of " + column.name + " stay in " +
                                                          tomb + " until `stepwise purge`"});
    s.hazards.push_back({plan::HazardClass::AppIncompatible,
                         "code that reads or writes " + column.name + " fails"});
    if (!column.nullable)
        s.hazards.push_back({plan::HazardClass::TableRewrite,
                             "making the kept column nullable rebuilds the table in place"});
    s.deploy_note = "deploy code that no longer uses " + table + "." + column.name;
    return s;
}

plan::Step rename_column_step(const StepContext& ctx, const std::string& table,
                              const std::string& from, const std::string& to,
                              const model::Column& target) {
    plan::Step s = ctx.step(table + "." + to + ":rename", plan::Phase::Contract,
                            "rename column " + table + "." + from + " to " + to, table);
    s.up.push_back(alter(table, "RENAME COLUMN " + quote_ident(from) + " TO " + quote_ident(to),
                         Algorithm::Instant));
    s.down.push_back(alter(table, "RENAME COLUMN " + quote_ident(to) + " TO " + quote_ident(from),
                           Algorithm::Instant));
    model::Column named = target;
    for (auto& stmt : enum_registry(table, named))
        s.up.push_back(stmt);
    s.hazards.push_back(
        {plan::HazardClass::AppIncompatible, "code that uses the name " + from + " fails"});
    s.deploy_note = "deploy code that reads and writes " + to;
    return s;
}

std::vector<plan::Step> alter_column_steps(const StepContext& ctx, const std::string& table,
                                           const model::Table& target,
                                           const diff::AlterColumn& change) {
    if (change.type && change.to.using_expr)
        return converted_column_steps(ctx, table, target, change);
    std::vector<plan::Step> out;
    std::string id = target.name + "." + change.to.name;
    // The column keeps its current name here: renames run later, in the contract phase.
    model::Column now = change.to;
    now.name = change.from.name;
    model::Column before = change.from;

    if (change.nullability && !change.to.nullable && change.to.backfill) {
        plan::Step fill =
            ctx.step(id + ":backfill", plan::Phase::Backfill, "backfill NULLs of " + id, table);
        add_backfill(fill, target, table, now.name, *change.to.backfill);
        fill.hazards.push_back(
            {plan::HazardClass::Irreversible, "rollback keeps the values the backfill wrote"});
        out.push_back(std::move(fill));
    }

    Algorithm how = Algorithm::Instant;
    auto at_least = [&how](Algorithm a) { how = std::max(how, a); };
    std::vector<std::string> why;
    if (change.type) {
        if (is_enum_append(ctx, change.from.type, change.to.type)) {
            // appending labels is metadata only
        } else if (is_varchar_widening(change.from.type, change.to.type)) {
            at_least(Algorithm::Inplace);
        } else {
            at_least(Algorithm::Copy);
            why.push_back("changing the type");
        }
    }
    if (change.nullability)
        at_least(Algorithm::Inplace);
    if (change.collation) {
        at_least(Algorithm::Copy);
        why.push_back("changing the collation");
    }
    if (change.identity) {
        at_least(Algorithm::Copy);
        why.push_back("changing AUTO_INCREMENT");
    }
    plan::Step s = ctx.step(id + ":alter", plan::Phase::Expand, "alter column " + id, table);
    for (auto& stmt : enum_registry(target.name, now))
        s.up.push_back(stmt);
    s.up.push_back(alter(table, "MODIFY COLUMN " + column_definition(ctx.to_ddl(), now), how));
    // The way back may cost more than the way there (a narrowing is a copy).
    Algorithm back = how;
    if (change.type && is_varchar_widening(change.from.type, change.to.type))
        back = Algorithm::Copy;
    if (change.type && is_enum_append(ctx, change.from.type, change.to.type))
        back = Algorithm::Copy;
    for (auto& stmt : enum_registry(target.name, before))
        s.down.push_back(stmt);
    s.down.push_back(
        alter(table, "MODIFY COLUMN " + column_definition(ctx.from_ddl(), before), back));
    if (how == Algorithm::Copy) {
        std::string what;
        for (size_t i = 0; i < why.size(); ++i)
            what += (i ? " and " : "") + why[i];
        copy_hazards(s, what.empty() ? "the change" : what);
    } else if (how == Algorithm::Inplace) {
        s.hazards.push_back(
            {plan::HazardClass::TableRewrite, "the table is rebuilt in place (writes continue)"});
    }
    if (change.type) {
        s.hazards.push_back({plan::HazardClass::DataLoss,
                             "values that do not fit the new type are converted or truncated"});
        s.hazards.push_back(
            {plan::HazardClass::AppIncompatible, "code must accept values of the new type"});
    }
    if (change.nullability && !change.to.nullable && !change.to.backfill)
        s.hazards.push_back({plan::HazardClass::AppIncompatible,
                             "fails while any row holds NULL in " + change.to.name});
    if (!out.empty())
        s.after.push_back(out.back().id);
    if (change.nullability && !change.to.nullable)
        s.phase = plan::Phase::Validate;
    out.push_back(std::move(s));
    return out;
}

} // namespace stepwise::mysql
