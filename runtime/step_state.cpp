#include "runtime/step_state.h"

namespace stepwise::runtime {

namespace {
constexpr const char* kStepStatuses[] = {"pending", "running",     "applied",
                                         "failed",  "rolled_back", "rolling_back"};
constexpr const char* kPlanStatuses[] = {"pending", "running", "partial",
                                         "applied", "failed",  "rolled_back"};
} // namespace

const char* to_string(StepStatus status) {
    return kStepStatuses[static_cast<int>(status)];
}

const char* to_string(PlanStatus status) {
    return kPlanStatuses[static_cast<int>(status)];
}

std::optional<StepStatus> step_status_from_string(const std::string& text) {
    for (int i = 0; i < 6; ++i)
        if (text == kStepStatuses[i])
            return static_cast<StepStatus>(i);
    return std::nullopt;
}

std::optional<PlanStatus> plan_status_from_string(const std::string& text) {
    for (int i = 0; i < 6; ++i)
        if (text == kPlanStatuses[i])
            return static_cast<PlanStatus>(i);
    return std::nullopt;
}

} // namespace stepwise::runtime
