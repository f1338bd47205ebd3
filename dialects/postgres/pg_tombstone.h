#pragma once
// Names the PostgreSQL compiler makes up (tombstones, helper triggers, functions and checks)
// must fit the 63-byte identifier limit: PostgreSQL would cut a longer name silently, and two
// long names that share a prefix would then collide.

#include <string>

namespace stepwise::postgres {

constexpr std::size_t max_identifier_bytes = 63;

// `name` when it fits; else a prefix cut at a character boundary, "_" and eight hex digits of
// a hash of the whole name, so distinct long names stay distinct and the result is stable.
std::string fit_identifier(const std::string& name);

// _stepwise_dropped_<plan>_<name>, fitted. The prefix is kept whole, so the runtime still
// finds the tombstones of a plan by their prefix.
std::string tombstone_name(const std::string& plan_id, const std::string& name);

} // namespace stepwise::postgres
