#include "compiler/plan/plan.h"

#include <sstream>

namespace stepwise::plan {

namespace {

std::string dot_string(const std::string& text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\')
            out += '\\';
        if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out + "\"";
}

const char* phase_fill(Phase phase) {
    switch (phase) {
    case Phase::Expand:
        return "palegreen";
    case Phase::Backfill:
        return "lightblue";
    case Phase::Validate:
        return "khaki";
    case Phase::Contract:
        return "lightpink";
    }
    return "white";
}

} // namespace

std::string to_dot(const Plan& plan) {
    std::ostringstream out;
    out << "digraph " << dot_string("plan " + plan.id) << " {\n";
    out << "  rankdir=LR;\n";
    out << "  node [shape=box, style=filled];\n";
    for (const auto& s : plan.steps)
        out << "  " << dot_string(s.id)
            << " [label=" << dot_string(s.id + "\n" + to_string(s.phase))
            << ", fillcolor=" << phase_fill(s.phase) << "];\n";
    for (const auto& s : plan.steps)
        for (const auto& dep : s.after)
            out << "  " << dot_string(dep) << " -> " << dot_string(s.id) << ";\n";
    out << "}\n";
    return out.str();
}

} // namespace stepwise::plan
