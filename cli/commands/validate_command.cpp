#include "cli/commands/commands.h"
#include "compiler/frontend/diagnostics.h"
#include "compiler/frontend/loader.h"

#include <fmt/format.h>
#include <iostream>

namespace stepwise::cli {

// Each PATH is one desired state: a file, or a directory whose .schema files belong together.
int run_validate(const GlobalOptions& global, const ValidateOptions& options) {
    auto naming = resolve_offline_dialect(global, load_config_if_any(global))->naming();
    int status = kOk;
    for (const auto& path : options.paths) {
        try {
            auto catalog = frontend::load_catalog({path}, naming);
            std::cout << fmt::format("{}: ok ({} tables, {} enums)\n", path, catalog.tables.size(),
                                     catalog.enums.size());
        } catch (const frontend::FrontendError& e) {
            std::cerr << e.what() << "\n";
            std::cerr << fmt::format("{}: {} error{}\n", path, e.diagnostics().size(),
                                     e.diagnostics().size() == 1 ? "" : "s");
            status = kError;
        }
    }
    return status;
}

} // namespace stepwise::cli
