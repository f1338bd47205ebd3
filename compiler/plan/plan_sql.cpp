#include "compiler/plan/plan.h"

#include <sstream>

namespace stepwise::plan {

namespace {

// Text from steps (ids, batch SQL) goes into `--` comments; a newline would end the comment
// and turn the rest into live SQL.
void put_comment(std::ostringstream& out, const std::string& text) {
    std::istringstream lines(text);
    std::string line;
    bool any = false;
    while (std::getline(lines, line)) {
        out << "-- " << line << "\n";
        any = true;
    }
    if (!any)
        out << "--\n";
}

void put_statement(std::ostringstream& out, const std::string& sql) {
    out << sql;
    auto last = sql.find_last_not_of(" \t\r\n");
    if (last == std::string::npos || sql[last] != ';')
        out << ";";
    out << "\n";
}

} // namespace

std::string to_sql(const Plan& plan) {
    std::ostringstream out;
    put_comment(out, "stepwise plan " + plan.id + " (" + plan.dialect + ")");
    out << "\n-- up\n";
    for (const auto& s : plan.steps) {
        out << "\n";
        put_comment(out, "step " + s.id + " [" + to_string(s.phase) + "]");
        for (const auto& sql : s.up)
            put_statement(out, sql);
        if (s.backfill) {
            const auto& b = *s.backfill;
            put_comment(out, "backfill " + b.table + " in " + describe(b.policy) +
                                 ", keyset-paginated, each batch committed:");
            put_comment(out, b.batch_sql.empty() ? b.next_key_sql : b.batch_sql);
        }
    }
    out << "\n-- down\n";
    for (auto it = plan.steps.rbegin(); it != plan.steps.rend(); ++it) {
        out << "\n";
        put_comment(out, "step " + it->id + " [" + to_string(it->phase) + "]");
        if (it->down.empty())
            put_comment(out, "(nothing to undo)");
        for (const auto& sql : it->down)
            put_statement(out, sql);
    }
    return out.str();
}

} // namespace stepwise::plan
