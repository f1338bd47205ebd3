#include "cli/planner.h"

#include "compiler/diff/differ.h"
#include "compiler/diff/respell_candidates.h"
#include "compiler/diff/respelled_driver.h"
#include "compiler/frontend/diagnostics.h"
#include "compiler/frontend/loader.h"
#include "compiler/model/printer.h"

#include <iostream>

namespace stepwise::cli {

namespace {

// Compared as the server spells it; compiled from the user's own text. Only tables whose
// comparison could depend on the spelling go to the server (none in a no-op plan).
diff::ChangeSet respelled_diff(const dialect::Dialect& dialect, dialect::Connection* live,
                               const model::Catalog& live_catalog,
                               const model::Catalog& file_catalog, const model::Catalog& from,
                               const model::Catalog& to) {
    model::Catalog candidates = diff::respell_candidates(live_catalog, file_catalog);
    dialect::Dialect::Normalised stored{candidates, {}};
    if (live && !candidates.tables.empty()) {
        stored = dialect.normalise_desired(*live, candidates);
        if (!stored.warning.empty())
            std::cerr << "warning: " << stored.warning << "\n";
    }
    diff::RespelledDriver driver(dialect.diff_driver(), candidates, stored.catalog);
    return diff::diff(from, to, driver);
}

} // namespace

plan::Plan make_plan(const dialect::Dialect& dialect, const model::Catalog& current,
                     const model::Catalog& desired, const Environment& settings,
                     dialect::Connection* live) {
    auto length_errors = frontend::check_identifier_lengths(
        desired, dialect.max_identifier_length(),
        dialect.identifier_length_unit() == dialect::Dialect::IdentifierUnit::Characters
            ? frontend::LengthUnit::Characters
            : frontend::LengthUnit::Bytes,
        frontend::enum_label_limit(dialect.naming()));
    if (!length_errors.empty())
        throw frontend::FrontendError(std::move(length_errors));
    auto hint_errors = frontend::check_hints(desired, current);
    if (!hint_errors.empty())
        throw frontend::FrontendError(std::move(hint_errors));

    plan::Plan out;
    out.dialect = dialect.name();
    // Kept in the plan so a refused saved plan can say what drifted.
    model::PrintOptions source = model::fingerprint_options();
    source.naming = dialect.naming(); // apply binds it again with these names on drift
    out.source_schema = model::print_catalog(current, source);
    // Printing is most of a no-op plan's own work at 10,000 tables: where the source text is
    // the fingerprint's text (PostgreSQL's names), hash it rather than print it again.
    out.from_fingerprint = source.naming == model::fingerprint_options().naming
                               ? model::fingerprint_of_text(out.source_schema)
                               : model::fingerprint(current);
    out.to_fingerprint = model::fingerprint(desired);
    out.id = plan::make_plan_id(out.from_fingerprint, out.to_fingerprint);

    auto changes = respelled_diff(dialect, live, current, desired, current, desired);
    if (changes.empty())
        return out;

    dialect::CompileOptions options;
    options.plan_id = out.id;
    // The server inspected decides the syntax (MariaDB or MySQL 8); offline, the dialect's own.
    if (live)
        options.server_version = dialect.server_version(*live);
    if (settings.lock_timeout)
        options.lock_timeout = *settings.lock_timeout;
    // Automatic unless the config fixes the size (plan::default_batch_policy).
    options.batch = plan::default_batch_policy();
    if (settings.batch_size) {
        options.batch.size = *settings.batch_size;
        options.batch.automatic = false;
    }
    if (settings.batch_target)
        options.batch.target = *settings.batch_target;
    out.steps = dialect.compile(changes, current, desired, options).ordered();
    return out;
}

diff::ChangeSet diff_against_live(const dialect::Dialect& dialect, dialect::Connection& live,
                                  const model::Catalog& from, const model::Catalog& to,
                                  bool live_is_from) {
    const model::Catalog& live_catalog = live_is_from ? from : to;
    const model::Catalog& file_catalog = live_is_from ? to : from;
    return respelled_diff(dialect, &live, live_catalog, file_catalog, from, to);
}

} // namespace stepwise::cli
