#include "compiler/frontend/loader.h"

namespace stepwise::frontend {

namespace {

// Names are UTF-8; a character is every byte that does not continue another one.
size_t utf8_characters(const std::string& s) {
    size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80)
            ++n;
    return n;
}

} // namespace

std::vector<Diagnostic> check_identifier_lengths(const model::Catalog& desired, size_t max_length,
                                                 LengthUnit unit) {
    Diagnostics diags;
    if (max_length == 0)
        return diags.sorted();
    const bool characters = unit == LengthUnit::Characters;
    const std::string unit_name = characters ? "characters" : "bytes";
    // A generated name has no place of its own; it is reported where its table is declared.
    auto check = [&](const std::string& what, const std::string& name, const model::SourceLoc& at,
                     const model::SourceLoc& fallback) {
        size_t length = characters ? utf8_characters(name) : name.size();
        if (length <= max_length)
            return;
        const auto& loc = at.known() ? at : fallback;
        diags.error(loc.file, loc.line, loc.col,
                    what + " name '" + name + "' is " + std::to_string(length) + " " + unit_name +
                        " long; the target database allows at most " + std::to_string(max_length) +
                        " " + unit_name +
                        " and would cut it short silently: choose a shorter name");
    };
    model::SourceLoc none;
    if (!desired.ns.empty())
        check("namespace", desired.ns, none, none);
    for (const auto& e : desired.enums) {
        check("enum", e.name, e.loc, none);
        for (const auto& label : e.labels)
            check("enum " + e.name + " label", label, e.loc, none);
    }
    for (const auto& t : desired.tables) {
        check("table", t.name, t.loc, none);
        for (const auto& c : t.columns)
            check("column", c.name, c.loc, t.loc);
        if (t.primary_key)
            check("primary key", t.primary_key->name, t.primary_key->loc, t.loc);
        for (const auto& u : t.uniques)
            check("unique constraint", u.name, u.loc, t.loc);
        for (const auto& i : t.indexes)
            check("index", i.name, i.loc, t.loc);
        for (const auto& f : t.foreign_keys)
            check("foreign key", f.name, f.loc, t.loc);
        for (const auto& c : t.checks)
            check("check constraint", c.name, c.loc, t.loc);
    }
    return diags.sorted();
}

} // namespace stepwise::frontend
