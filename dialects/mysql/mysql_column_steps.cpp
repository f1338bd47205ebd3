#include "dialects/mysql/mysql_expr.h"
#include "dialects/mysql/mysql_quote.h"
#include "dialects/mysql/mysql_resumable.h"
#include "dialects/mysql/mysql_steps.h"

#include <algorithm>
#include <cctype>
#include <map>

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

// A hint as SQL for a statement that runs before the contract phase: the columns it names
// that are renamed later in the plan go by their current names. Bare names stay bare.
std::string expand_expr(const model::Expr& expr,
                        const std::map<std::string, std::string>& now_names) {
    if (expr.kind != model::Expr::Kind::Raw)
        return render_expr(expr);
    std::map<std::string, std::string> renamed;
    for (const auto& [name, now] : now_names)
        if (name != now)
            renamed[name] = now;
    return "(" + on_row(expr.text, renamed, "") + ")";
}

} // namespace

// MariaDB does not make a `timestamp` column NOT NULL in place: without a default of its own
// the column takes the type's implicit CURRENT_TIMESTAMP, and `default now()` is one too; either
// way the in-place ALTER refuses ("cannot convert NULL to non-constant DEFAULT"). A copy can.
Algorithm not_null_algorithm(const model::Column& column) {
    bool timestamp = column.type.kind == model::TypeKind::TimestampTz;
    return timestamp && !column.nullable ? Algorithm::Copy : Algorithm::Inplace;
}

// A batched UPDATE of `column` where it IS NULL, keyset-paginated on the primary key.
void add_backfill(plan::Step& s, const plan::BatchPolicy& policy, const model::Table& table,
                  const std::string& table_now, const std::string& column, const std::string& value,
                  const std::string& also, const std::map<std::string, std::string>& now_names) {
    std::string t = quote_ident(table_now), c = quote_ident(column);
    std::string set = "UPDATE " + t + " SET " + c + " = " + value + also;
    const model::Column* key = walk_key(table);
    if (!key) {
        s.up.push_back(set + " WHERE " + c + " IS NULL");
        s.hazards.push_back({plan::HazardClass::LongRunning,
                             table.name + " has no single-column primary key, so the backfill is "
                                          "one UPDATE that locks every row it changes"});
        return;
    }
    auto key_now = now_names.find(key->name);
    std::string k = quote_ident(key_now == now_names.end() ? key->name : key_now->second);
    plan::Backfill b;
    b.table = table.name;
    b.total_sql = "SELECT COUNT(*) FROM " + t;
    b.max_key_sql = "SELECT MAX(" + k + ") FROM " + t;
    // The batch's last key and its row count in one query; the UPDATE then takes the range.
    b.next_key_sql = "SELECT MAX(`k`), COUNT(*) FROM (SELECT " + k + " AS `k` FROM " + t +
                     " WHERE (?1 IS "
                     "NULL OR " +
                     k + " > ?1) AND " + k + " <= ?2 ORDER BY " + k + " LIMIT ?3) AS `batch`";
    b.batch_sql =
        set + " WHERE (?1 IS NULL OR " + k + " > ?1) AND " + k + " <= ?2 AND " + c + " IS NULL";
    b.policy = policy;
    s.backfill = b;
}

std::string on_row(const std::string& expr, const std::map<std::string, std::string>& names,
                   const std::string& row) {
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
        if (c == '`') {
            // A backquoted name (`` doubles a backquote): on the row when it is a column.
            std::string word;
            size_t j = i + 1;
            for (; j < expr.size(); ++j) {
                if (expr[j] == '`') {
                    if (j + 1 < expr.size() && expr[j + 1] == '`') {
                        word += '`';
                        ++j;
                        continue;
                    }
                    break;
                }
                word += expr[j];
            }
            bool qualified = i > 0 && expr[i - 1] == '.';
            auto name = names.find(word);
            if (name != names.end() && !qualified)
                out += row + quote_ident(name->second);
            else
                out.append(expr, i, std::min(j + 1, expr.size()) - i);
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
            auto name = names.find(word);
            out +=
                name != names.end() && !call && !qualified ? row + quote_ident(name->second) : word;
            i = j;
            continue;
        }
        out += c;
        ++i;
    }
    return out;
}

std::vector<plan::Step> add_column_steps(const StepContext& ctx, const std::string& table,
                                         const model::Table& target, const model::Column& column,
                                         const std::string& after,
                                         const std::map<std::string, std::string>& now_names) {
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
    add.up.push_back(alter(table,
                           "ADD COLUMN " + ctx.if_not_exists() +
                               column_definition(ctx.to_ddl(), added) + position(after),
                           how));
    add.down.push_back(alter(table, "DROP COLUMN " + ctx.if_exists() + quote_ident(column.name),
                             Algorithm::Inplace));
    if (how == Algorithm::Copy)
        copy_hazards(add, "an AUTO_INCREMENT column");
    if (!column.nullable && !column.default_value && !column.backfill && !column.identity)
        add.hazards.push_back({plan::HazardClass::AppIncompatible,
                               "existing rows get the type's zero value and inserts that omit " +
                                   column.name + " fail"});
    // Old code inserts without the column: a trigger fills it in as the backfill would, so
    // the NOT NULL step finds no NULL written after the backfill passed, and old code keeps
    // working until the contract phase.
    std::string trig = quote_ident(fill_trigger(table, column.name));
    std::string fill_sql;
    if (staged) {
        std::string c = "NEW." + quote_ident(column.name);
        std::string value = column.backfill->kind == model::Expr::Kind::Raw
                                ? "(" + on_row(column.backfill->text, now_names, "NEW.") + ")"
                                : render_expr(*column.backfill);
        fill_sql = create_trigger(ctx) + trig + " BEFORE INSERT ON " + quote_ident(table) +
                   " FOR EACH ROW SET " + c + " = COALESCE(" + c + ", " + value + ")";
        add.up.push_back("DROP TRIGGER IF EXISTS " + trig);
        add.up.push_back(fill_sql);
        add.down.insert(add.down.begin(), "DROP TRIGGER IF EXISTS " + trig);
    }
    out.push_back(std::move(add));
    if (!staged)
        return out;

    plan::Step fill = ctx.step(id + ":backfill", plan::Phase::Backfill,
                               "backfill " + target.name + "." + column.name, table);
    fill.after.push_back(id + ":add");
    add_backfill(fill, ctx.options.batch, target, table, column.name,
                 expand_expr(*column.backfill, now_names), "", now_names);
    out.push_back(std::move(fill));

    plan::Step required = ctx.step(id + ":not_null", plan::Phase::Validate,
                                   "set " + target.name + "." + column.name + " NOT NULL", table);
    required.after.push_back(id + ":backfill");
    required.up.push_back(alter(table, "MODIFY COLUMN " + column_definition(ctx.to_ddl(), column),
                                not_null_algorithm(column)));
    if (not_null_algorithm(column) == Algorithm::Copy)
        copy_hazards(required, "making a timestamp NOT NULL");
    required.down.push_back(alter(table, "MODIFY COLUMN " + column_definition(ctx.to_ddl(), added),
                                  Algorithm::Inplace));
    required.hazards.push_back({plan::HazardClass::TableRewrite,
                                "NOT NULL rebuilds the table in place (writes continue)"});
    out.push_back(std::move(required));

    // The fill trigger keeps old code's inserts working through validation; retiring it is
    // what makes old code fail, so it waits for the contract phase.
    plan::Step retire = ctx.step(id + ":contract", plan::Phase::Contract,
                                 "stop filling " + id + " for inserts that omit it", table);
    retire.after.push_back(id + ":not_null");
    retire.up.push_back("DROP TRIGGER IF EXISTS " + trig);
    retire.down = {"DROP TRIGGER IF EXISTS " + trig, fill_sql};
    retire.hazards.push_back({plan::HazardClass::AppIncompatible,
                              "inserts that omit " + column.name + " fail after this step"});
    retire.deploy_note = "deploy code that writes `" + column.name + "`";
    out.push_back(std::move(retire));
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
                         "CHANGE COLUMN " + ctx.if_exists() + quote_ident(column.name) + " " +
                             column_definition(ctx.from_ddl(), kept),
                         Algorithm::Inplace));
    s.down.push_back(alter(table,
                           "CHANGE COLUMN " + ctx.if_exists() + quote_ident(tomb) + " " +
                               column_definition(ctx.from_ddl(), column),
                           not_null_algorithm(column)));
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
    // A unique key over whole text keeps its hash in a hidden virtual column, and MariaDB then
    // renames its column only by a copy (1846).
    Algorithm how = Algorithm::Instant;
    if (const model::Table* now = ctx.from.find_table(table)) {
        bool in_unique = false;
        for (const auto& u : now->uniques)
            in_unique =
                in_unique || std::find(u.columns.begin(), u.columns.end(), from) != u.columns.end();
        for (const auto& i : now->indexes)
            for (const auto& p : i.parts)
                in_unique = in_unique || (i.unique && p.column == from);
        if (in_unique && key_algorithm(*now, {from}, true) == Algorithm::Copy)
            how = Algorithm::Copy;
    }
    s.up.push_back(alter(
        table, "RENAME COLUMN " + ctx.if_exists() + quote_ident(from) + " TO " + quote_ident(to),
        how));
    s.down.push_back(alter(
        table, "RENAME COLUMN " + ctx.if_exists() + quote_ident(to) + " TO " + quote_ident(from),
        how));
    if (how == Algorithm::Copy)
        copy_hazards(s, "renaming a column of a unique key over whole text");
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
                                           const diff::AlterColumn& change,
                                           const std::map<std::string, std::string>& now_names) {
    if (change.type && change.to.using_expr) {
        ColumnMove move{change.from, change.to, {}};
        for (const auto& c : target.columns)
            move.now_names[c.name] = c.name;
        return dual_write_steps(ctx, table, target, move);
    }
    std::vector<plan::Step> out;
    std::string id = target.name + "." + change.to.name;
    // The column keeps its current name here: renames run later, in the contract phase.
    model::Column now = change.to;
    now.name = change.from.name;
    model::Column before = change.from;

    if (change.nullability && !change.to.nullable && change.to.backfill) {
        // The rows the backfill fills are marked in a tombstone column, so rollback can give
        // them their NULL back.
        std::string mark = ctx.tombstone(now.name + "_was_null");
        plan::Step marker = ctx.step(id + ":mark", plan::Phase::Expand,
                                     "add " + mark + " to remember the NULLs of " + id, table);
        marker.up.push_back(
            alter(table, "ADD COLUMN " + ctx.if_not_exists() + quote_ident(mark) + " TINYINT NULL",
                  Algorithm::Instant));
        marker.down.push_back(
            alter(table, "DROP COLUMN " + ctx.if_exists() + quote_ident(mark), Algorithm::Inplace));
        plan::Step fill =
            ctx.step(id + ":backfill", plan::Phase::Backfill, "backfill NULLs of " + id, table);
        fill.after.push_back(marker.id);
        add_backfill(fill, ctx.options.batch, target, table, now.name,
                     expand_expr(*change.to.backfill, now_names), ", " + quote_ident(mark) + " = 1",
                     now_names);
        fill.down.push_back("UPDATE " + quote_ident(table) + " SET " + quote_ident(now.name) +
                            " = NULL WHERE " + quote_ident(mark) + " = 1");
        out.push_back(std::move(marker));
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
    if (change.nullability && not_null_algorithm(change.to) == Algorithm::Copy) {
        at_least(Algorithm::Copy);
        why.push_back("making a timestamp NOT NULL");
    }
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
    if (change.nullability && not_null_algorithm(before) == Algorithm::Copy)
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
