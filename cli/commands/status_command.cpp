#include "cli/commands/commands.h"
#include "cli/session.h"
#include "compiler/plan/plan.h"
#include "runtime/executor.h"

#include <fmt/format.h>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

namespace stepwise::cli {

namespace {

std::string progress_of(const runtime::StepState& s) {
    if (s.status == runtime::StepStatus::RollingBack)
        return fmt::format("{} down statement{} done", s.down_done, s.down_done == 1 ? "" : "s");
    if (!s.bound_set && s.rows_done == 0)
        return "";
    if (s.rows_total && *s.rows_total > 0)
        return fmt::format("{}/{} rows ({}%)", s.rows_done, *s.rows_total,
                           s.rows_done * 100 / *s.rows_total);
    return fmt::format("{} rows", s.rows_done);
}

// Each backfill step's batch policy, as the recorded plan carries it.
using Policies = std::map<std::string, plan::BatchPolicy>;

Policies batch_policies(const std::optional<plan::Plan>& recorded) {
    Policies out;
    if (recorded)
        for (const auto& s : recorded->steps)
            if (s.backfill)
                out[s.id] = s.backfill->policy;
    return out;
}

bool same(const plan::BatchPolicy& a, const plan::BatchPolicy& b) {
    return a.size == b.size && a.automatic == b.automatic && a.target == b.target &&
           a.pause == b.pause;
}

// A backfill step's policy as status shows it: the one its latest run recorded (an apply's
// --batch-* overrides applied), else the plan's (not run yet, or a row from before runs
// recorded it); `overridden` when the run's differs from the plan's.
struct ShownPolicy {
    plan::BatchPolicy policy;
    std::optional<plan::BatchPolicy> planned; // set when overridden
};

std::optional<ShownPolicy> shown_policy(const runtime::StepState& s, const Policies& policies) {
    auto planned = policies.find(s.step_id);
    if (s.batch) {
        if (planned != policies.end() && !same(*s.batch, planned->second))
            return ShownPolicy{*s.batch, planned->second};
        return ShownPolicy{*s.batch, std::nullopt};
    }
    if (planned == policies.end())
        return std::nullopt;
    return ShownPolicy{planned->second, std::nullopt};
}

nlohmann::json to_json(const runtime::Status& status, const Policies& policies) {
    nlohmann::json out;
    if (!status.plan)
        return nlohmann::json{{"plan", nullptr}, {"steps", nlohmann::json::array()}};
    const auto& p = *status.plan;
    out["plan"] = {{"id", p.id},
                   {"dialect", p.dialect},
                   {"status", runtime::to_string(p.status)},
                   {"from_fingerprint", p.from_fingerprint},
                   {"to_fingerprint", p.to_fingerprint},
                   {"created_at", p.created_at}};
    out["steps"] = nlohmann::json::array();
    for (const auto& s : status.steps) {
        nlohmann::json j{{"id", s.step_id},
                         {"ordinal", s.ordinal},
                         {"phase", plan::to_string(s.phase)},
                         {"status", runtime::to_string(s.status)},
                         {"attempts", s.attempts},
                         {"rows_done", s.rows_done},
                         {"down_done", s.down_done}};
        j["started_at"] = s.started_at ? nlohmann::json(*s.started_at) : nlohmann::json(nullptr);
        j["finished_at"] = s.finished_at ? nlohmann::json(*s.finished_at) : nlohmann::json(nullptr);
        j["rows_total"] = s.rows_total ? nlohmann::json(*s.rows_total) : nlohmann::json(nullptr);
        j["cursor"] = s.cursor ? nlohmann::json(*s.cursor) : nlohmann::json(nullptr);
        j["error"] = s.error ? nlohmann::json(*s.error) : nlohmann::json(nullptr);
        auto shown = shown_policy(s, policies);
        j["batch"] = shown ? plan::to_json(shown->policy) : nlohmann::json(nullptr);
        j["planned_batch"] =
            shown && shown->planned ? plan::to_json(*shown->planned) : nlohmann::json(nullptr);
        out["steps"].push_back(j);
    }
    return out;
}

} // namespace

int run_status(const GlobalOptions& global, bool json) {
    Session session = open_session(global);
    runtime::QuietReporter quiet;
    runtime::Executor executor(*session.target.dialect, *session.connection, quiet);
    auto status = executor.status();
    auto policies =
        batch_policies(status.plan ? executor.load_plan(status.plan->id) : std::nullopt);
    if (json) {
        std::cout << to_json(status, policies).dump(2) << "\n";
        return kOk;
    }
    if (!status.plan) {
        std::cout << "No plan has been applied to " << session.target.label << ".\n";
        return kOk;
    }
    const auto& p = *status.plan;
    std::cout << fmt::format("Plan {} on {}: {} (created {})\n", p.id, session.target.label,
                             runtime::to_string(p.status), p.created_at);
    size_t id_width = 4;
    for (const auto& s : status.steps)
        id_width = std::max(id_width, s.step_id.size());
    std::cout << fmt::format("  {:<3} {:<{}} {:<9} {:<12} {:<24} {:<24} {}\n", "#", "step",
                             id_width, "phase", "state", "started", "finished", "progress");
    for (const auto& s : status.steps) {
        std::cout << fmt::format("  {:<3} {:<{}} {:<9} {:<12} {:<24} {:<24} {}\n", s.ordinal,
                                 s.step_id, id_width, plan::to_string(s.phase),
                                 runtime::to_string(s.status), s.started_at.value_or("-"),
                                 s.finished_at.value_or("-"), progress_of(s));
        if (auto shown = shown_policy(s, policies)) {
            std::cout << "      " << plan::describe(shown->policy);
            if (shown->planned)
                std::cout << " (set by apply; the plan's: " << plan::describe(*shown->planned)
                          << ")";
            std::cout << "\n";
        }
        if (s.error)
            std::cout << "      error: " << *s.error << "\n";
    }
    return kOk;
}

} // namespace stepwise::cli
