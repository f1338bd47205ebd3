#include "cli/commands/commands.h"
#include "cli/schema_files.h"
#include "compiler/frontend/diagnostics.h"
#include "compiler/frontend/loader.h"
#include "compiler/model/printer.h"

#include <iostream>

namespace stepwise::cli {

namespace {

// The objects of `catalog` declared in `file`, as a catalog of their own.
model::Catalog declared_in(const model::Catalog& catalog, const std::string& file) {
    model::Catalog part;
    part.ns = catalog.ns;
    for (const auto& e : catalog.enums)
        if (e.loc.file == file)
            part.enums.push_back(e);
    for (const auto& t : catalog.tables)
        if (t.loc.file == file)
            part.tables.push_back(t);
    return part;
}

} // namespace

// Each PATH is bound as one desired state (so references across files resolve), with the
// naming of the dialect plan would use, then every file is rewritten with the canonical text
// of what it declares.
int run_fmt(const GlobalOptions& global, const FmtOptions& options) {
    auto naming = resolve_offline_dialect(global, load_config_if_any(global))->naming();
    model::PrintOptions print;
    print.naming = naming; // keys print inline only where that naming binds them back
    int status = kOk;
    std::vector<std::string> would_change;
    for (const auto& path : options.paths) {
        model::Catalog catalog;
        try {
            catalog = frontend::load_catalog({path}, naming);
        } catch (const frontend::FrontendError& e) {
            std::cerr << e.what() << "\n";
            status = kError;
            continue;
        }
        for (const auto& file : schema_files(path)) {
            std::string canonical = model::print_catalog(declared_in(catalog, file), print);
            std::string text = read_file(file);
            if (text == canonical)
                continue;
            // The canonical form is printed from the catalog, which holds no comments.
            if (!options.drop_comments && frontend::has_comments(text)) {
                std::cerr << file << ": has comments that fmt would drop; keep the file as it "
                          << "is, move the text into `comment '...'` attributes, or run "
                          << "`stepwise fmt --drop-comments`\n";
                status = kError;
                continue;
            }
            if (options.check) {
                would_change.push_back(file);
            } else {
                write_file(file, canonical);
                std::cout << "formatted " << file << "\n";
            }
        }
    }
    for (const auto& file : would_change)
        std::cout << file << "\n";
    if (!would_change.empty()) {
        std::cerr << would_change.size() << " file" << (would_change.size() == 1 ? "" : "s")
                  << " would be reformatted; run `stepwise fmt` to rewrite\n";
        return kError;
    }
    return status;
}

} // namespace stepwise::cli
