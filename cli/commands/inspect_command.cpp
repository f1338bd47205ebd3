#include "cli/commands/commands.h"
#include "cli/schema_files.h"
#include "cli/session.h"
#include "compiler/model/printer.h"

#include <iostream>

namespace stepwise::cli {

int run_inspect(const GlobalOptions& global, const InspectOptions& options) {
    Session session = open_session(global);
    auto catalog = session.target.dialect->inspect(*session.connection);
    std::string text = model::print_catalog(catalog);
    if (options.output.empty())
        std::cout << text;
    else
        write_file(options.output, text);
    return kOk;
}

} // namespace stepwise::cli
