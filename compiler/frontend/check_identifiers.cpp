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

size_t length_in(const std::string& s, LengthUnit unit) {
    return unit == LengthUnit::Characters ? utf8_characters(s) : s.size();
}

const char* unit_name(LengthUnit unit) {
    return unit == LengthUnit::Characters ? "characters" : "bytes";
}

void check_labels(const model::Enum& e, const LabelLimit& limit, Diagnostics& diags) {
    if (limit.max_length == 0)
        return;
    for (const auto& label : e.labels) {
        size_t length = length_in(label, limit.unit);
        if (length <= limit.max_length)
            continue;
        diags.error(e.loc.file, e.loc.line, e.loc.col,
                    "label '" + label + "' of enum " + e.name + " is " + std::to_string(length) +
                        " " + unit_name(limit.unit) + " long; the target database allows at most " +
                        std::to_string(limit.max_length) + " " + unit_name(limit.unit) +
                        " in an enum label: choose a shorter label");
    }
}

} // namespace

LabelLimit enum_label_limit(model::NamingStyle style) {
    switch (style) {
    case model::NamingStyle::Postgres:
        return {63, LengthUnit::Bytes};
    case model::NamingStyle::MySQL:
        return {255, LengthUnit::Characters};
    default:
        return {0, LengthUnit::Bytes};
    }
}

std::vector<Diagnostic> check_identifier_lengths(const model::Catalog& desired, size_t max_length,
                                                 LengthUnit unit,
                                                 std::optional<LabelLimit> labels) {
    Diagnostics diags;
    if (labels)
        for (const auto& e : desired.enums)
            check_labels(e, *labels, diags);
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
        if (!labels)
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
