#pragma once
// Column values as text: distinct per row index (so any non-bool, non-enum column can carry
// a unique constraint), numbers never negative (so `>= 0` checks hold).

#include "compiler/model/catalog.h"
#include "tests/property/generators.h"

#include <string>

namespace stepwise::property {

std::string value_for(const model::Type& type, const model::Catalog& catalog, int row,
                      const Profile& profile);

// A SQL literal of the type, for backfills and hint expressions.
std::string literal_for(const model::Type& type);

} // namespace stepwise::property
