#include "cli/commands/commands.h"
#include "cli/schema_files.h"
#include "cli/session.h"
#include "compiler/model/printer.h"

#include <iostream>

namespace stepwise::cli {

int run_inspect(const GlobalOptions& global, const InspectOptions& options) {
    Session session = open_session(global);
    auto catalog = session.target.dialect->inspect(*session.connection);
    model::PrintOptions print;
    print.naming = session.target.dialect->naming(); // so the text binds back to these names
    std::string text = model::print_catalog(catalog, print);
    if (options.output.empty())
        std::cout << text;
    else
        write_file(options.output, text);
    return kOk;
}

} // namespace stepwise::cli
