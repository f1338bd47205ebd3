#include "compiler/frontend/suggest.h"

#include <algorithm>
#include <cctype>

namespace stepwise::frontend {

namespace {

constexpr size_t kMaxDistance = 2;

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j)
        prev[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
        }
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

} // namespace

std::string closest_name(const std::string& name, const std::vector<std::string>& candidates) {
    std::string best;
    size_t best_distance = kMaxDistance + 1;
    std::string needle = lower(name);
    for (const auto& candidate : candidates) {
        if (candidate == name)
            continue;
        // Very short names are all close to each other; suggesting one would be noise.
        if (std::abs(static_cast<long>(candidate.size()) - static_cast<long>(name.size())) >
            static_cast<long>(kMaxDistance))
            continue;
        size_t d = edit_distance(needle, lower(candidate));
        if (d >= name.size() || d >= candidate.size())
            continue;
        if (d < best_distance || (d == best_distance && candidate < best)) {
            best = candidate;
            best_distance = d;
        }
    }
    return best;
}

std::string did_you_mean(const std::string& name, const std::vector<std::string>& candidates) {
    std::string best = closest_name(name, candidates);
    return best.empty() ? "" : " (did you mean '" + best + "'?)";
}

} // namespace stepwise::frontend
