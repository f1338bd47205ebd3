#include "dialects/postgres/pg_tombstone.h"

#include <cstdint>

namespace stepwise::postgres {

namespace {

// FNV-1a: small, stable across platforms and runs (std::hash is neither promised).
std::uint32_t fnv1a(const std::string& text) {
    std::uint32_t h = 2166136261u;
    for (unsigned char ch : text) {
        h ^= ch;
        h *= 16777619u;
    }
    return h;
}

} // namespace

std::string fit_identifier(const std::string& name) {
    if (name.size() <= max_identifier_bytes)
        return name;
    static const char* hex = "0123456789abcdef";
    std::uint32_t h = fnv1a(name);
    std::string suffix = "_";
    for (int shift = 28; shift >= 0; shift -= 4)
        suffix += hex[(h >> shift) & 0xf];
    std::size_t cut = max_identifier_bytes - suffix.size();
    // Never split a UTF-8 sequence: back up over continuation bytes.
    while (cut > 0 && (static_cast<unsigned char>(name[cut]) & 0xC0) == 0x80)
        --cut;
    return name.substr(0, cut) + suffix;
}

std::string tombstone_name(const std::string& plan_id, const std::string& name) {
    return fit_identifier("_stepwise_dropped_" + plan_id + "_" + name);
}

} // namespace stepwise::postgres
