#include "dialects/postgres/pg_expr.h"
#include "dialects/postgres/pg_quote.h"
#include "dialects/postgres/pg_steps.h"

#include <algorithm>

namespace stepwise::postgres {

using plan::HazardClass;
using plan::Phase;

namespace {

std::string label_list(const std::vector<std::string>& labels) {
    std::string out = "(";
    for (size_t i = 0; i < labels.size(); ++i)
        out += (i ? ", " : "") + quote_literal(labels[i]);
    return out + ")";
}

// Whether `from` keeps its order inside `to` (then only ADD VALUE is needed).
bool only_additions(const std::vector<std::string>& from, const std::vector<std::string>& to) {
    size_t j = 0;
    for (const auto& label : to)
        if (j < from.size() && from[j] == label)
            ++j;
    return j == from.size();
}

// Replaces the type by a new one with `labels`, converting its columns through text. It runs
// before the plan's other steps on those tables, so the columns are named as in `from`, with
// their defaults from `from` too (a default changed by the plan is set by its own step).
std::vector<std::string> rebuild(const StepContext& ctx, const std::string& name,
                                 const std::vector<std::string>& labels) {
    std::string old = "_stepwise_old_" + ctx.options.plan_id + "_" + name;
    std::vector<std::string> out{
        "ALTER TYPE " + ctx.names.object(name) + " RENAME TO " + quote_ident(old),
        "CREATE TYPE " + ctx.names.object(name) + " AS ENUM " + label_list(labels)};
    for (const auto& t : ctx.from.tables)
        for (const auto& c : t.columns) {
            if (c.type.kind != model::TypeKind::Enum || c.type.name != name)
                continue;
            std::string col =
                alter_table(ctx, t.name) + "ALTER COLUMN " + quote_ident(c.name) + " ";
            if (c.default_value)
                out.push_back(col + "DROP DEFAULT");
            out.push_back(col + "TYPE " + ctx.names.object(name) + " USING " + quote_ident(c.name) +
                          "::text::" + ctx.names.object(name));
            if (c.default_value)
                out.push_back(col + "SET DEFAULT " + render_expr(*c.default_value));
        }
    out.push_back("DROP TYPE " + ctx.names.object(old));
    return out;
}

} // namespace

std::vector<plan::Step> create_enum_steps(const StepContext& ctx, const diff::CreateEnum& c) {
    auto s = ctx.step("enum." + c.e.name + ":create", Phase::Expand, "create enum " + c.e.name,
                      "none", c.e.name);
    s.up = {"CREATE TYPE " + ctx.names.object(c.e.name) + " AS ENUM " + label_list(c.e.labels)};
    s.down = {"DROP TYPE " + ctx.names.object(c.e.name)};
    return {s};
}

std::vector<plan::Step> drop_enum_steps(const StepContext& ctx, const diff::DropEnum& c) {
    std::string tomb = ctx.tombstone(c.e.name);
    auto s = ctx.step("enum." + c.e.name + ":drop", Phase::Contract,
                      "drop enum " + c.e.name + " (kept as " + tomb + ")", "none", c.e.name);
    s.up = {"ALTER TYPE " + ctx.names.object(c.e.name) + " RENAME TO " + quote_ident(tomb)};
    s.down = {"ALTER TYPE " + ctx.names.object(tomb) + " RENAME TO " + quote_ident(c.e.name)};
    s.hazards = {{HazardClass::AppIncompatible, "code that uses type " + c.e.name + " fails"}};
    return {s};
}

std::vector<plan::Step> alter_enum_steps(const StepContext& ctx, const diff::AlterEnum& c) {
    const auto& from = c.from.labels;
    const auto& to = c.to.labels;
    std::string id = "enum." + c.to.name + ":alter";
    std::vector<std::string> restore = rebuild(ctx, c.to.name, from);
    if (only_additions(from, to)) {
        auto s = ctx.step(id, Phase::Expand, "add values to enum " + c.to.name, "ACCESS EXCLUSIVE",
                          c.to.name);
        for (size_t i = 0; i < to.size(); ++i) {
            if (std::find(from.begin(), from.end(), to[i]) != from.end())
                continue;
            // After the previous label (already there); the first one goes before the first
            // label that exists now.
            std::string where;
            if (i > 0)
                where = " AFTER " + quote_literal(to[i - 1]);
            else
                for (size_t j = 1; j < to.size() && where.empty(); ++j)
                    if (std::find(from.begin(), from.end(), to[j]) != from.end())
                        where = " BEFORE " + quote_literal(to[j]);
            s.up.push_back("ALTER TYPE " + ctx.names.object(c.to.name) + " ADD VALUE " +
                           quote_literal(to[i]) + where);
        }
        s.down = restore;
        s.hazards = {
            {HazardClass::BlockingLock,
             "its down rebuilds the type: every column of type " + c.to.name + " is rewritten"}};
        return {s};
    }
    auto s =
        ctx.step(id, Phase::Expand, "rebuild enum " + c.to.name + " with labels " + label_list(to),
                 "ACCESS EXCLUSIVE", c.to.name);
    s.up = rebuild(ctx, c.to.name, to);
    s.down = restore;
    s.statement_timeout = std::chrono::milliseconds(0);
    s.hazards = {{HazardClass::TableRewrite,
                  "every column of type " + c.to.name + " is rewritten through text"},
                 {HazardClass::BlockingLock,
                  "the tables using " + c.to.name + " are locked while they are rewritten"},
                 {HazardClass::AppIncompatible,
                  "removing or reordering labels changes what code may write and how it sorts"}};
    for (const auto& label : from)
        if (std::find(to.begin(), to.end(), label) == to.end()) {
            s.hazards.push_back(
                {HazardClass::DataLoss,
                 "label '" + label + "' is removed: the step fails if a row still holds it"});
            break;
        }
    return {s};
}

} // namespace stepwise::postgres
