#include "compiler/plan/plan.h"

#include <set>
#include <sstream>

namespace stepwise::plan {

namespace {

const char* phase_colour(Phase phase) {
    switch (phase) {
    case Phase::Expand:
        return "\033[1;32m";
    case Phase::Backfill:
        return "\033[1;36m";
    case Phase::Validate:
        return "\033[1;33m";
    case Phase::Contract:
        return "\033[1;35m";
    }
    return "";
}

constexpr const char* kHazardColour = "\033[1;31m";
constexpr const char* kReset = "\033[0m";

std::string paint(const std::string& text, const char* colour, bool on) {
    return on ? colour + text + kReset : text;
}

std::string heading(Phase phase) {
    std::string name = to_string(phase);
    name[0] = static_cast<char>(name[0] - 'a' + 'A');
    return name;
}

// Statements may span lines; each line is indented so the SQL reads as one block.
void put_indented(std::ostringstream& out, const std::string& text, const std::string& indent) {
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line))
        out << indent << line << "\n";
}

void put_deploy_notes(std::ostringstream& out, const Plan& plan) {
    std::vector<std::string> notes;
    std::set<std::string> seen;
    for (const auto& s : plan.steps)
        if (s.phase == Phase::Contract && !s.deploy_note.empty() &&
            seen.insert(s.deploy_note).second)
            notes.push_back(s.deploy_note);
    // Each note is an instruction of its own, so each says how to continue after it.
    if (notes.empty())
        notes.push_back("deploy code that no longer uses the old schema");
    out << "Before the contract phase:\n";
    for (const auto& n : notes)
        out << "  " << n << ", then run `stepwise apply --contract`\n";
    out << "\n";
}

void put_step(std::ostringstream& out, const Step& s, size_t number, bool colour) {
    out << "  " << number << ". " << s.id;
    if (!s.summary.empty())
        out << " - " << s.summary;
    out << "\n";
    if (!s.lock.mode.empty() || !s.lock.object.empty())
        out << "     lock: " << s.lock.mode << " on " << s.lock.object << "\n";
    for (const auto& h : s.hazards)
        out << "     " << paint(std::string("hazard ") + to_string(h.cls), kHazardColour, colour)
            << ": " << h.reason << "\n";
    if (!s.transactional)
        out << "     runs outside a transaction\n";
    for (const auto& sql : s.up)
        put_indented(out, sql, "       ");
    if (s.backfill) {
        const auto& b = *s.backfill;
        out << "     backfill " << b.table << " in " << describe(b.policy) << ":\n";
        // PostgreSQL does a batch in the next-key statement itself and has no batch_sql.
        put_indented(out, b.batch_sql.empty() ? b.next_key_sql : b.batch_sql, "       ");
    }
    for (const auto& check : s.checks) {
        out << "     check (must return no rows):\n";
        put_indented(out, check, "       ");
    }
}

} // namespace

std::string to_text(const Plan& plan, const TextOptions& options) {
    std::ostringstream out;
    if (plan.empty()) {
        out << "No changes.\n";
        return out.str();
    }

    size_t counts[4] = {0, 0, 0, 0};
    size_t hazards = 0;
    for (const auto& s : plan.steps) {
        ++counts[static_cast<int>(s.phase)];
        hazards += s.hazards.size();
    }
    out << "Plan " << plan.id << " (" << plan.dialect << "): " << plan.steps.size()
        << (plan.steps.size() == 1 ? " step" : " steps");
    std::string sep = " - ";
    for (Phase p : {Phase::Expand, Phase::Backfill, Phase::Validate, Phase::Contract})
        if (counts[static_cast<int>(p)] > 0) {
            out << sep << counts[static_cast<int>(p)] << " " << to_string(p);
            sep = ", ";
        }
    out << "; " << hazards << (hazards == 1 ? " hazard" : " hazards") << "\n";

    // Steps are shown in execution order; a heading starts each run of one phase.
    bool contract_seen = false;
    std::optional<Phase> current;
    for (size_t i = 0; i < plan.steps.size(); ++i) {
        const Step& s = plan.steps[i];
        if (!current || *current != s.phase) {
            out << "\n";
            if (s.phase == Phase::Contract && !contract_seen)
                put_deploy_notes(out, plan);
            out << paint(heading(s.phase), phase_colour(s.phase), options.color) << "\n";
            current = s.phase;
        }
        contract_seen = contract_seen || s.phase == Phase::Contract;
        put_step(out, s, i + 1, options.color);
    }
    return out.str();
}

} // namespace stepwise::plan
