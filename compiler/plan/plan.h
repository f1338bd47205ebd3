#pragma once
// A compiled plan and its four renderings: text for people, SQL, JSON and Graphviz DOT.

#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "compiler/plan/step.h"
#include "compiler/plan/step_graph.h" // PlanError, thrown by plan_from_json

namespace stepwise::plan {

struct Plan {
    std::string id;               // first 12 hex of sha256(from_fingerprint ":" to_fingerprint)
    std::string dialect;          // "sqlite"
    std::string from_fingerprint; // catalog the plan was computed from
    std::string to_fingerprint;   // catalog it leads to
    std::vector<Step> steps;      // in execution order
    // Canonical DSL text (no hints) of the catalog the plan was computed from, so a refused
    // apply can say what drifted; empty in plans written before it was recorded.
    std::string source_schema;
    bool empty() const { return steps.empty(); }
};

std::string make_plan_id(const std::string& from_fingerprint, const std::string& to_fingerprint);

struct TextOptions {
    bool color = false;
};

std::string to_text(const Plan& plan, const TextOptions& options = {});
std::string to_sql(const Plan& plan); // the up script, then the down script, commented
std::string to_dot(const Plan& plan);
nlohmann::json to_json(const Plan& plan);
// {"automatic", "size", "target_ms", "pause_ms"}: a backfill's policy in plans and events.
nlohmann::json to_json(const BatchPolicy& policy);
BatchPolicy batch_policy_from_json(const nlohmann::json& policy); // throws PlanError
Plan plan_from_json(const nlohmann::json& json); // throws PlanError on a malformed document

} // namespace stepwise::plan
