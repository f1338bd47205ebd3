#pragma once
// "did you mean 'x'?" for unknown names.

#include <string>
#include <vector>

namespace stepwise::frontend {

// The closest candidate within edit distance 2 (ignoring case), ties broken by name; empty
// when none is close enough.
std::string closest_name(const std::string& name, const std::vector<std::string>& candidates);

// " (did you mean 'x'?)" or "".
std::string did_you_mean(const std::string& name, const std::vector<std::string>& candidates);

} // namespace stepwise::frontend
