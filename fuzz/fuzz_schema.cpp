// Fuzzes the DSL front end: any bytes must end in a Catalog or a FrontendError, never a
// crash, a hang or a sanitizer report. A catalog that binds must print to canonical text
// that parses back to the same catalog (what `stepwise fmt` promises).

#include "compiler/frontend/loader.h"
#include "compiler/model/printer.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

using namespace stepwise;

namespace {

[[noreturn]] void fail(const char* what, const std::string& detail) {
    std::fprintf(stderr, "fuzz_schema: %s\n%s\n", what, detail.c_str());
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    // The input's length picks the naming style, so seeds stay plain .schema files.
    static const model::NamingStyle styles[] = {
        model::NamingStyle::Postgres, model::NamingStyle::MySQL, model::NamingStyle::SQLite};
    auto style = styles[size % 3];

    model::Catalog catalog;
    try {
        catalog = frontend::parse_sources({{"fuzz.schema", text}}, style);
    } catch (const frontend::FrontendError& e) {
        if (e.diagnostics().empty())
            fail("FrontendError without diagnostics", text);
        return 0;
    }

    // The printer writes default names as PostgreSQL (and SQLite) give them; a MySQL-style
    // catalog does not round-trip yet (constraint names change), so only crashes count there.
    if (style == model::NamingStyle::MySQL)
        return 0;
    std::string printed = model::print_catalog(catalog);
    model::Catalog again;
    try {
        again = frontend::parse_sources({{"printed.schema", printed}}, style);
    } catch (const frontend::FrontendError& e) {
        fail("the canonical form does not parse back", printed + "\n" + e.what());
    }
    if (model::print_catalog(again) != printed)
        fail("the canonical form is not a fixed point", printed);
    return 0;
}
