#include "compiler/plan/step.h"

namespace stepwise::plan {

namespace {
constexpr const char* kPhases[] = {"expand", "backfill", "validate", "contract"};
constexpr const char* kHazards[] = {"DataLoss",    "TableRewrite",    "BlockingLock",
                                    "LongRunning", "AppIncompatible", "Irreversible"};
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

} // namespace stepwise::plan
