// property_tests: the properties on SQLite, always available.

#include "tests/property/backend.h"

namespace stepwise::property {

std::vector<std::unique_ptr<Backend>> available_backends() {
    std::vector<std::unique_ptr<Backend>> out;
    out.push_back(make_sqlite_backend());
    return out;
}

} // namespace stepwise::property
