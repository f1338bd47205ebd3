#include "runtime/clock.h"

#include <cstdio>
#include <ctime>
#include <fmt/format.h>

namespace stepwise::runtime {

std::string iso8601_utc(std::chrono::system_clock::time_point when) {
    using namespace std::chrono;
    auto since_epoch = when.time_since_epoch();
    auto secs = duration_cast<seconds>(since_epoch);
    auto millis = duration_cast<milliseconds>(since_epoch - secs).count();
    if (millis < 0) { // before 1970: borrow a second so the fraction stays positive
        secs -= seconds(1);
        millis += 1000;
    }
    std::time_t t = static_cast<std::time_t>(secs.count());
    std::tm tm{};
    gmtime_r(&t, &tm);
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900,
                       tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, millis);
}

std::string utc_now() {
    return iso8601_utc(std::chrono::system_clock::now());
}

std::optional<std::chrono::system_clock::time_point> parse_iso8601_utc(const std::string& text) {
    std::tm tm{};
    int millis = 0;
    char tail[8] = {};
    int n = std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%7s", &tm.tm_year, &tm.tm_mon,
                        &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, tail);
    if (n != 7)
        return std::nullopt;
    std::string rest = tail;
    if (rest.size() == 5 && rest[0] == '.' && rest[4] == 'Z' &&
        std::sscanf(rest.c_str() + 1, "%3d", &millis) == 1) {
    } else if (rest != "Z") {
        return std::nullopt;
    }
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    std::time_t t = timegm(&tm);
    return std::chrono::system_clock::from_time_t(t) + std::chrono::milliseconds(millis);
}

} // namespace stepwise::runtime
