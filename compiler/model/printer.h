#pragma once
// The canonical DSL text of a Catalog: what `stepwise fmt` and `stepwise inspect` print,
// and what the fingerprint hashes.

#include "compiler/model/catalog.h"
#include "compiler/model/naming.h"

#include <string>

namespace stepwise::model {

struct PrintOptions {
    bool hints = true; // print `renamed from`, `backfill`, `using`; off for the fingerprint
    // The names the text will be bound with again: single-column keys whose names are that
    // style's defaults print inline. The fingerprint and `fmt` use PostgreSQL's.
    NamingStyle naming = NamingStyle::Postgres;
};

// The catalog must be canonical. The output parses back to an equal catalog.
std::string print_catalog(const Catalog& catalog, const PrintOptions& options = {});

// A DSL identifier: bare when it matches [A-Za-z_][A-Za-z0-9_]* and is no keyword,
// else double-quoted with embedded quotes doubled.
std::string dsl_identifier(const std::string& name);

// A DSL string literal: single quotes, embedded quotes doubled.
std::string dsl_string(const std::string& value);

// A DSL expression: literals and calls as they are, raw SQL in parentheses.
std::string dsl_expr(const Expr& expr);

// SHA-256 (hex) of the canonical form without hints.
std::string fingerprint(const Catalog& catalog);

// The fingerprint of a catalog whose canonical form, printed with fingerprint_options(),
// is `printed`: lets a caller that needs the text too print a large catalog once.
PrintOptions fingerprint_options();
std::string fingerprint_of_text(const std::string& printed);

} // namespace stepwise::model
