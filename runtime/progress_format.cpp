#include "runtime/progress_format.h"

#include <algorithm>
#include <fmt/format.h>

namespace stepwise::runtime {

std::string format_duration(std::chrono::milliseconds d) {
    long long ms = std::max<long long>(d.count(), 0);
    if (ms < 1000)
        return fmt::format("{}ms", ms);
    if (ms < 60'000)
        return fmt::format("{}.{}s", ms / 1000, (ms % 1000) / 100);
    long long s = ms / 1000;
    if (s < 3600)
        return fmt::format("{}m{:02}s", s / 60, s % 60);
    return fmt::format("{}h{:02}m", s / 3600, (s % 3600) / 60);
}

std::string format_count(long long n) {
    std::string digits = std::to_string(n < 0 ? -n : n);
    std::string out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0)
            out += ',';
        out += digits[i];
    }
    return n < 0 ? "-" + out : out;
}

std::string render_bar(long long done, std::optional<long long> total, int width) {
    width = std::max(width, 1);
    int filled = 0;
    if (total && *total > 0)
        filled = static_cast<int>(std::clamp<long long>(done, 0, *total) * width / *total);
    return "[" + std::string(filled, '#') + std::string(width - filled, '.') + "]";
}

std::optional<std::chrono::milliseconds>
estimate_remaining(long long done, std::optional<long long> total, double rows_per_second) {
    if (!total || rows_per_second <= 0)
        return std::nullopt;
    long long left = std::max<long long>(*total - done, 0);
    return std::chrono::milliseconds(static_cast<long long>(left * 1000.0 / rows_per_second));
}

} // namespace stepwise::runtime
