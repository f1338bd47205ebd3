#pragma once
// Timestamps as the state tables store them.

#include <chrono>
#include <optional>
#include <string>

namespace stepwise::runtime {

// ISO-8601 UTC with milliseconds: "2024-05-01T12:00:00.123Z". Sorts as text.
std::string iso8601_utc(std::chrono::system_clock::time_point when);
std::string utc_now();
// Reads iso8601_utc's form back (the milliseconds may be left out); nullopt when malformed.
std::optional<std::chrono::system_clock::time_point> parse_iso8601_utc(const std::string& text);

} // namespace stepwise::runtime
