#pragma once
// Small text pieces the terminal reporter draws with, kept apart so they can be tested.

#include <chrono>
#include <optional>
#include <string>

namespace stepwise::runtime {

std::string format_duration(std::chrono::milliseconds d); // "850ms", "4.2s", "3m05s", "1h02m"
std::string format_count(long long n);                    // "1,234,567"
// "[#######.............]" filled in proportion; all dots when total is 0 or unknown.
std::string render_bar(long long done, std::optional<long long> total, int width);
// Seconds left at `rows_per_second`; empty when it cannot be known.
std::optional<std::chrono::milliseconds>
estimate_remaining(long long done, std::optional<long long> total, double rows_per_second);

} // namespace stepwise::runtime
