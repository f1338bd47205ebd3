#include "compiler/plan/plan.h"
#include "compiler/plan/step_graph.h"

#include <algorithm>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>

namespace stepwise::plan {

namespace {

using nlohmann::json;

constexpr int kFormat = 1;

json backfill_json(const Backfill& b) {
    return json{{"table", b.table},
                {"total_sql", b.total_sql},
                {"max_key_sql", b.max_key_sql},
                {"next_key_sql", b.next_key_sql},
                {"batch_sql", b.batch_sql},
                {"policy", to_json(b.policy)}};
}

json guards_json(const Step& s) {
    // Sorted by statement, so that the order guards were added in never shows.
    std::vector<const Guard*> sorted;
    for (const auto& g : s.guards)
        sorted.push_back(&g);
    std::sort(sorted.begin(), sorted.end(), [](const Guard* a, const Guard* b) {
        return std::make_pair(a->side, a->statement) < std::make_pair(b->side, b->statement);
    });
    json out = json::array();
    for (const auto* g : sorted)
        out.push_back({{"on", to_string(g->side)},
                       {"statement", g->statement},
                       {"kind", to_string(g->kind)},
                       {"schema", g->schema},
                       {"table", g->table},
                       {"index", g->index}});
    return out;
}

json step_json(const Step& s) {
    json hazards = json::array();
    for (const auto& h : s.hazards)
        hazards.push_back({{"class", to_string(h.cls)}, {"reason", h.reason}});
    return json{{"id", s.id},
                {"phase", to_string(s.phase)},
                {"summary", s.summary},
                {"up", s.up},
                {"down", s.down},
                {"checks", s.checks},
                {"lock", {{"mode", s.lock.mode}, {"object", s.lock.object}}},
                {"hazards", hazards},
                {"transactional", s.transactional},
                {"lock_timeout_ms", s.lock_timeout.count()},
                {"statement_timeout_ms", s.statement_timeout.count()},
                {"backfill", s.backfill ? backfill_json(*s.backfill) : json(nullptr)},
                {"after", s.after},
                {"deploy_note", s.deploy_note},
                {"guards", guards_json(s)}};
}

// A view of one JSON value that knows its path, so every error says where it is.
class Node {
public:
    Node(const json& value, std::string path) : value_(value), path_(std::move(path)) {}

    [[noreturn]] void fail(const std::string& what) const {
        throw PlanError("invalid plan document at " + path_ + ": " + what);
    }

    const json& value() const { return value_; }
    const std::string& path() const { return path_; }

    Node object() const {
        if (!value_.is_object())
            fail("expected an object");
        return *this;
    }

    bool has(const char* key) const { return value_.contains(key) && !value_.at(key).is_null(); }

    Node at(const char* key) const {
        if (!value_.is_object())
            fail("expected an object");
        if (!value_.contains(key))
            Node(value_, path_ + "." + key).fail("required field is missing");
        return Node(value_.at(key), path_ + "." + key);
    }

    Node item(size_t i) const { return Node(value_.at(i), path_ + "[" + std::to_string(i) + "]"); }

    size_t array_size() const {
        if (!value_.is_array())
            fail("expected an array");
        return value_.size();
    }

    std::string str() const {
        if (!value_.is_string())
            fail("expected a string");
        return value_.get<std::string>();
    }

    bool boolean() const {
        if (!value_.is_boolean())
            fail("expected true or false");
        return value_.get<bool>();
    }

    long long integer(long long min, long long max) const {
        if (!value_.is_number_integer())
            fail("expected an integer");
        if (value_.is_number_unsigned() &&
            value_.get<unsigned long long>() >
                static_cast<unsigned long long>(std::numeric_limits<long long>::max()))
            fail("integer out of range");
        long long v = value_.get<long long>();
        if (v < min || v > max)
            fail("expected an integer from " + std::to_string(min) + " to " + std::to_string(max));
        return v;
    }

    std::vector<std::string> strings() const {
        std::vector<std::string> out;
        size_t n = array_size();
        for (size_t i = 0; i < n; ++i)
            out.push_back(item(i).str());
        return out;
    }

private:
    const json& value_;
    std::string path_;
};

constexpr long long kMaxMs = std::numeric_limits<int>::max();

std::chrono::milliseconds millis(const Node& n) {
    return std::chrono::milliseconds(n.integer(0, kMaxMs));
}

// Fields left out keep BatchPolicy's defaults.
BatchPolicy policy_from(const Node& n) {
    n.object();
    BatchPolicy policy;
    if (n.has("size"))
        policy.size = static_cast<int>(n.at("size").integer(1, kMaxMs));
    if (n.has("automatic"))
        policy.automatic = n.at("automatic").boolean();
    if (n.has("target_ms"))
        policy.target = millis(n.at("target_ms"));
    if (n.has("pause_ms"))
        policy.pause = millis(n.at("pause_ms"));
    return policy;
}

Backfill backfill_from(const Node& n) {
    n.object();
    Backfill b;
    b.table = n.at("table").str();
    b.total_sql = n.at("total_sql").str();
    b.max_key_sql = n.at("max_key_sql").str();
    b.next_key_sql = n.at("next_key_sql").str();
    b.batch_sql = n.at("batch_sql").str();
    if (n.has("policy"))
        b.policy = policy_from(n.at("policy"));
    return b;
}

Guard guard_from(const Node& n, const Step& s) {
    n.object();
    Guard g;
    Node on = n.at("on");
    auto side = side_from_string(on.str());
    if (!side)
        on.fail("unknown statement list '" + on.str() + "' (expected up or down)");
    g.side = *side;
    const auto& list = g.side == Side::Up ? s.up : s.down;
    Node statement = n.at("statement");
    if (list.empty())
        statement.fail(std::string("the step has no ") + to_string(g.side) + " statement to guard");
    g.statement =
        static_cast<size_t>(statement.integer(0, static_cast<long long>(list.size()) - 1));
    Node kind = n.at("kind");
    auto k = guard_kind_from_string(kind.str());
    if (!k)
        kind.fail("unknown guard kind '" + kind.str() + "' (expected index_build)");
    g.kind = *k;
    g.schema = n.at("schema").str();
    g.table = n.at("table").str();
    g.index = n.at("index").str();
    if (g.table.empty())
        n.at("table").fail("an index_build guard needs its table");
    if (g.index.empty())
        n.at("index").fail("an index_build guard needs its index");
    return g;
}

Step step_from(const Node& n) {
    n.object();
    Step s;
    s.id = n.at("id").str();
    if (s.id.empty())
        n.at("id").fail("a step id must not be empty");
    Node phase = n.at("phase");
    auto p = phase_from_string(phase.str());
    if (!p)
        phase.fail("unknown phase '" + phase.str() +
                   "' (expected expand, backfill, validate or contract)");
    s.phase = *p;
    s.up = n.at("up").strings();
    s.down = n.at("down").strings();
    if (n.has("summary"))
        s.summary = n.at("summary").str();
    if (n.has("checks"))
        s.checks = n.at("checks").strings();
    if (n.has("lock")) {
        Node lock = n.at("lock").object();
        s.lock.mode = lock.at("mode").str();
        s.lock.object = lock.at("object").str();
    }
    if (n.has("hazards")) {
        Node hazards = n.at("hazards");
        for (size_t i = 0, count = hazards.array_size(); i < count; ++i) {
            Node h = hazards.item(i).object();
            Node cls = h.at("class");
            auto c = hazard_from_string(cls.str());
            if (!c)
                cls.fail("unknown hazard class '" + cls.str() + "'");
            s.hazards.push_back(Hazard{*c, h.at("reason").str()});
        }
    }
    if (n.has("transactional"))
        s.transactional = n.at("transactional").boolean();
    if (n.has("lock_timeout_ms"))
        s.lock_timeout = millis(n.at("lock_timeout_ms"));
    if (n.has("statement_timeout_ms"))
        s.statement_timeout = millis(n.at("statement_timeout_ms"));
    if (n.has("backfill"))
        s.backfill = backfill_from(n.at("backfill"));
    if (n.has("after"))
        s.after = n.at("after").strings();
    if (n.has("deploy_note"))
        s.deploy_note = n.at("deploy_note").str();
    // Plans written before guards existed have none: their statements run unguarded.
    if (n.has("guards")) {
        Node guards = n.at("guards");
        for (size_t i = 0, count = guards.array_size(); i < count; ++i) {
            Guard g = guard_from(guards.item(i), s);
            if (guard_of(s, g.side, g.statement))
                guards.item(i).at("statement").fail("a second guard for the same statement");
            s.guards.push_back(std::move(g));
        }
    }
    return s;
}

} // namespace

json to_json(const BatchPolicy& policy) {
    return json{{"size", policy.size},
                {"automatic", policy.automatic},
                {"target_ms", policy.target.count()},
                {"pause_ms", policy.pause.count()}};
}

json to_json(const Plan& plan) {
    json steps = json::array();
    for (const auto& s : plan.steps)
        steps.push_back(step_json(s));
    json out{{"format", kFormat},
             {"id", plan.id},
             {"dialect", plan.dialect},
             {"from_fingerprint", plan.from_fingerprint},
             {"to_fingerprint", plan.to_fingerprint},
             {"steps", steps}};
    if (!plan.source_schema.empty()) // optional: older readers ignore it, older plans lack it
        out["source_schema"] = plan.source_schema;
    return out;
}

BatchPolicy batch_policy_from_json(const json& policy) {
    return policy_from(Node(policy, "$"));
}

Plan plan_from_json(const json& document) {
    Node root = Node(document, "$").object();
    Node format = root.at("format");
    if (format.integer(std::numeric_limits<long long>::min(),
                       std::numeric_limits<long long>::max()) != kFormat)
        format.fail("unsupported plan format " + format.value().dump() + " (this stepwise reads " +
                    std::to_string(kFormat) + ")");
    Plan plan;
    plan.id = root.at("id").str();
    plan.dialect = root.at("dialect").str();
    plan.from_fingerprint = root.at("from_fingerprint").str();
    plan.to_fingerprint = root.at("to_fingerprint").str();
    if (root.has("source_schema"))
        plan.source_schema = root.at("source_schema").str();

    // Steps are in execution order, so a step may only depend on one listed before it.
    Node steps = root.at("steps");
    std::set<std::string> seen;
    for (size_t i = 0, count = steps.array_size(); i < count; ++i) {
        Node node = steps.item(i);
        Step s = step_from(node);
        for (size_t k = 0; k < s.after.size(); ++k)
            if (!seen.count(s.after[k]))
                node.at("after").item(k).fail("step '" + s.id + "' runs after '" + s.after[k] +
                                              "', which is not an earlier step of this plan");
        if (!seen.insert(s.id).second)
            node.at("id").fail("duplicate step id '" + s.id + "'");
        plan.steps.push_back(std::move(s));
    }
    return plan;
}

} // namespace stepwise::plan
