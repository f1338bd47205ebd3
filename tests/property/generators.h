#pragma once
// RapidCheck generators: valid catalogs, rows that satisfy them, and edits that turn one
// catalog into another. Draw them inside a property (they use `*gen`).
//
// Names come from small pools that include ones needing quotes ("Order Items", "select",
// "it's", "x""y"), so quoting is exercised everywhere. Raw SQL in checks and hints quotes
// identifiers with double quotes, which SQLite and PostgreSQL both accept.

#include "compiler/model/catalog.h"
#include "compiler/model/naming.h"
#include "dialects/common/connection.h"

#include <string>
#include <vector>

namespace stepwise::property {

// Rows of one table, in insertion order; values as text (NULL as nullopt).
struct TableRows {
    std::string table;
    std::vector<std::string> columns;
    std::vector<dialect::Row> rows;
};

// A catalog and rows that satisfy it, tables in an order parents come first.
struct Dataset {
    model::Catalog catalog; // canonical
    std::vector<TableRows> tables;
};

// A → B, with the edits in words for the counterexample.
struct Edit {
    model::Catalog to; // canonical, with hints
    std::vector<std::string> log;
};

// Tables with columns of every portable type, nullability, defaults, primary, unique and
// foreign keys between the generated tables, checks, indexes and enums.
model::Catalog draw_catalog(model::NamingStyle naming);

// Rows satisfying `catalog`: not null, unique, check (every number >= 0) and foreign keys.
Dataset draw_dataset(model::NamingStyle naming);

// One to three edits: add, drop and rename columns and tables; convertible type changes
// with using / down using; add and drop constraints and indexes; set NOT NULL with a
// backfill and drop it. A's rows satisfy B once the hints have run.
Edit draw_edit(const model::Catalog& from, model::NamingStyle naming);

// A double-quoted SQL identifier.
std::string sql_ident(const std::string& name);

} // namespace stepwise::property
