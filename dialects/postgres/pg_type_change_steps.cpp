#include "dialects/postgres/pg_expr.h"
#include "dialects/postgres/pg_quote.h"
#include "dialects/postgres/pg_steps.h"
#include "dialects/postgres/pg_types.h"

namespace stepwise::postgres {

using plan::HazardClass;
using plan::Phase;

// In place. A binary-coercible change (varchar(n) to varchar(m >= n) or text, numeric with
// more precision) touches only the catalog; any other change rewrites the table under an
// ACCESS EXCLUSIVE lock, which the hazards say.
std::vector<plan::Step> type_change_steps(const StepContext& ctx, const diff::AlterColumn& c) {
    std::string prefix = c.table + "." + c.to.name;
    std::string col = alter_table(ctx, c.table) + "ALTER COLUMN " + quote_ident(c.to.name) + " ";
    bool cheap = binary_coercible(c.from.type, c.to.type);
    auto s = ctx.step(prefix + ":type", Phase::Expand,
                      "change the type of " + prefix + " to " + render_type(c.to.type) +
                          (cheap ? " (no rewrite)" : " (rewrites the table)"),
                      "ACCESS EXCLUSIVE", c.table);
    auto change = [&](const model::Column& now, const model::Column& next,
                      const std::optional<model::Expr>& using_expr) {
        std::vector<std::string> out;
        // A default of the old type may not cast to the new one: drop it around the change.
        if (now.default_value)
            out.push_back(col + "DROP DEFAULT");
        std::string type = ctx.names.type(next.type);
        std::string using_sql =
            using_expr ? render_expr(*using_expr) : quote_ident(now.name) + "::" + type;
        std::string stmt = col + "TYPE " + type;
        if (next.collation)
            stmt += " COLLATE " + quote_ident(*next.collation);
        out.push_back(stmt + " USING " + using_sql);
        if (next.default_value)
            out.push_back(col + "SET DEFAULT " + render_expr(*next.default_value));
        return out;
    };
    model::Column from = c.from;
    from.name = c.to.name; // a rename runs before
    s.up = change(from, c.to, c.to.using_expr);
    s.down = change(c.to, from, c.to.down_using);
    if (!cheap) {
        s.hazards = {{HazardClass::TableRewrite, "changing " + render_type(c.from.type) + " to " +
                                                     render_type(c.to.type) + " rewrites " +
                                                     c.table + " and its indexes"},
                     {HazardClass::BlockingLock,
                      "reads and writes of " + c.table + " wait while the table is rewritten"},
                     {HazardClass::AppIncompatible,
                      "code that writes values of the old type into " + c.to.name + " may fail"}};
        s.statement_timeout = std::chrono::milliseconds(0);
    }
    return {s};
}

} // namespace stepwise::postgres
