#include "compiler/frontend/loader.h"
#include "compiler/frontend/suggest.h"

namespace stepwise::frontend {

namespace {

template <typename T> std::vector<std::string> names_of(const std::vector<T>& items) {
    std::vector<std::string> out;
    for (const auto& i : items)
        out.push_back(i.name);
    return out;
}

} // namespace

std::vector<Diagnostic> check_hints(const model::Catalog& desired, const model::Catalog& current) {
    Diagnostics diags;
    auto report = [&](const model::SourceLoc& loc, const std::string& message) {
        diags.error(loc.file, loc.line, loc.col, message);
    };
    for (const auto& table : desired.tables) {
        const model::Table* live = current.find_table(table.name);
        if (table.renamed_from) {
            const model::Table* old = current.find_table(*table.renamed_from);
            // On an empty database every table is new and a rename hint has nothing to say
            // (a fresh environment built from files that still carry old hints).
            if (!live && !old && !current.tables.empty())
                report(table.renamed_from_loc,
                       "table " + table.name + " is renamed from '" + *table.renamed_from +
                           "', but neither exists in the database" +
                           did_you_mean(*table.renamed_from, names_of(current.tables)));
            if (!live)
                live = old;
        }
        for (const auto& col : table.columns) {
            if (!col.renamed_from)
                continue;
            if (!live)
                continue; // the table is created: its columns are new, whatever they were called

            if (!live->find_column(col.name) && !live->find_column(*col.renamed_from))
                report(col.renamed_from_loc,
                       "column " + table.name + "." + col.name + " is renamed from '" +
                           *col.renamed_from + "', but neither exists in table " + live->name +
                           did_you_mean(*col.renamed_from, names_of(live->columns)));
        }
    }
    return diags.sorted();
}

} // namespace stepwise::frontend
