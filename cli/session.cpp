#include "cli/session.h"

#include "compiler/frontend/loader.h"

namespace stepwise::cli {

Session open_session(const GlobalOptions& options) {
    Session session;
    session.config = load_config_if_any(options);
    session.target = resolve_target(options, session.config);
    session.connection = session.target.dialect->connect(session.target.url);
    return session;
}

model::Catalog load_desired(const GlobalOptions& options, const Session& session) {
    return frontend::load_catalog(resolve_schema_paths(options, session.config),
                                  session.target.dialect->naming());
}

} // namespace stepwise::cli
