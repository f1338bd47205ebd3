#pragma once
// The runtime's one exception type: a step that could not be applied or undone.

#include <stdexcept>
#include <string>

namespace stepwise::runtime {

class ApplyError : public std::runtime_error {
public:
    ApplyError(std::string step_id, const std::string& message)
        : std::runtime_error(step_id.empty() ? message : "step " + step_id + ": " + message),
          step_id_(std::move(step_id)) {}
    const std::string& step_id() const { return step_id_; }

private:
    std::string step_id_;
};

// Thrown when apply is refused: a hazard not allowed, drift, another apply running (exit 3).
class Refused : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

} // namespace stepwise::runtime
