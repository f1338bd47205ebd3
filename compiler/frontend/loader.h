#pragma once
// The frontend's public entry points: .schema text in, canonical Catalog out.
//
// A set of sources is one desired state. Empty files are fine (they add nothing). Every
// error of a run is collected and thrown at once as a FrontendError, sorted by place; a file
// with a syntax error is not bound, so its semantic errors show once the syntax is fixed.

#include "compiler/frontend/diagnostics.h"
#include "compiler/model/catalog.h"
#include "compiler/model/naming.h"

#include <optional>
#include <string>
#include <vector>

namespace stepwise::frontend {

struct Source {
    std::string file; // as it appears in diagnostics
    std::string text;
};

// Parses and binds; throws FrontendError carrying all diagnostics, sorted.
model::Catalog parse_sources(const std::vector<Source>& sources, model::NamingStyle naming);

// Files or directories (recursively, *.schema, sorted by path); reads them and calls
// parse_sources. A missing path or a directory without .schema files is an error.
model::Catalog load_catalog(const std::vector<std::string>& paths, model::NamingStyle naming);

// Checks migration hints against the live catalog: a `renamed from X` (table or column)
// where neither X nor the new name exists in `current` is an error at the hint's location.
std::vector<Diagnostic> check_hints(const model::Catalog& desired, const model::Catalog& current);

// What a dialect's name limit counts: PostgreSQL's 63 are bytes, MySQL's 64 are characters.
enum class LengthUnit { Bytes, Characters };

// The longest enum label a dialect takes (`max_length` 0: no limit). Labels are values, not
// names, so the limit is the dialect's own: PostgreSQL refuses labels over NAMEDATALEN - 1 =
// 63 bytes, MariaDB and MySQL take ENUM values of up to 255 characters, SQLite (a check) has
// none.
struct LabelLimit {
    size_t max_length;
    LengthUnit unit;
};
LabelLimit enum_label_limit(model::NamingStyle style);

// Names longer than `max_length` (the target dialect's limit, in `unit`; 0: none), each an
// error at its declaration: a database that truncates names silently would make every
// re-plan differ. Enum labels are held to `labels` when given, else to the names' limit.
std::vector<Diagnostic> check_identifier_lengths(const model::Catalog& desired, size_t max_length,
                                                 LengthUnit unit = LengthUnit::Bytes,
                                                 std::optional<LabelLimit> labels = std::nullopt);

// Whether the text holds `//`, `--` or `/* */` comments (which the canonical form drops).
bool has_comments(const std::string& text);

} // namespace stepwise::frontend
