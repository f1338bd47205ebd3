#include "compiler/plan/step.h"

namespace stepwise::plan {

namespace {
constexpr const char* kPhases[] = {"expand", "backfill", "validate", "contract"};
constexpr const char* kHazards[] = {"DataLoss",    "TableRewrite",    "BlockingLock",
                                    "LongRunning", "AppIncompatible", "Irreversible"};
constexpr const char* kSides[] = {"up", "down"};
constexpr const char* kGuardKinds[] = {"index_build"};
} // namespace

const char* to_string(Phase phase) {
    return kPhases[static_cast<int>(phase)];
}

const char* to_string(HazardClass cls) {
    return kHazards[static_cast<int>(cls)];
}

std::optional<HazardClass> hazard_from_string(const std::string& name) {
    for (int i = 0; i < 6; ++i)
        if (name == kHazards[i])
            return static_cast<HazardClass>(i);
    return std::nullopt;
}

std::optional<Phase> phase_from_string(const std::string& name) {
    for (int i = 0; i < 4; ++i)
        if (name == kPhases[i])
            return static_cast<Phase>(i);
    return std::nullopt;
}

const char* to_string(Side side) {
    return kSides[static_cast<int>(side)];
}

const char* to_string(GuardKind kind) {
    return kGuardKinds[static_cast<int>(kind)];
}

std::optional<Side> side_from_string(const std::string& name) {
    for (int i = 0; i < 2; ++i)
        if (name == kSides[i])
            return static_cast<Side>(i);
    return std::nullopt;
}

std::optional<GuardKind> guard_kind_from_string(const std::string& name) {
    for (int i = 0; i < 1; ++i)
        if (name == kGuardKinds[i])
            return static_cast<GuardKind>(i);
    return std::nullopt;
}

std::string describe(const BatchPolicy& policy) {
    std::string out = policy.automatic
                          ? "batches tuned to about " + std::to_string(policy.target.count()) +
                                "ms each, the first of " + std::to_string(policy.size) + " rows"
                          : "batches of " + std::to_string(policy.size) + " rows";
    if (policy.pause.count() > 0)
        out += ", pausing " + std::to_string(policy.pause.count()) + "ms between them";
    return out;
}

void add_guarded(Step& step, Side side, std::string sql, Guard guard) {
    auto& list = side == Side::Up ? step.up : step.down;
    guard.side = side;
    guard.statement = list.size();
    list.push_back(std::move(sql));
    step.guards.push_back(std::move(guard));
}

const Guard* guard_of(const Step& step, Side side, size_t statement) {
    for (const auto& g : step.guards)
        if (g.side == side && g.statement == statement)
            return &g;
    return nullptr;
}

} // namespace stepwise::plan
