#include "cli/planner.h"

#include "compiler/diff/differ.h"
#include "compiler/diff/respell_candidates.h"
#include "compiler/diff/respelled_driver.h"
#include "compiler/frontend/diagnostics.h"
#include "compiler/frontend/loader.h"
#include "compiler/model/printer.h"

#include <iostream>

namespace stepwise::cli {

plan::Plan make_plan(const dialect::Dialect& dialect, const model::Catalog& current,
                     const model::Catalog& desired, const Environment& settings,
                     dialect::Connection* live) {
    auto length_errors = frontend::check_identifier_lengths(
        desired, dialect.max_identifier_length(),
        dialect.identifier_length_unit() == dialect::Dialect::IdentifierUnit::Characters
            ? frontend::LengthUnit::Characters
            : frontend::LengthUnit::Bytes);
    if (!length_errors.empty())
        throw frontend::FrontendError(std::move(length_errors));
    auto hint_errors = frontend::check_hints(desired, current);
    if (!hint_errors.empty())
        throw frontend::FrontendError(std::move(hint_errors));

    plan::Plan out;
    out.dialect = dialect.name();
    out.from_fingerprint = model::fingerprint(current);
    out.to_fingerprint = model::fingerprint(desired);
    // Kept in the plan so a refused saved plan can say what drifted.
    model::PrintOptions source;
    source.hints = false;
    source.naming = dialect.naming(); // apply binds it again with these names on drift
    out.source_schema = model::print_catalog(current, source);
    out.id = plan::make_plan_id(out.from_fingerprint, out.to_fingerprint);

    // Compared as the server spells it; compiled from the user's own text. Only tables whose
    // comparison could depend on the spelling go to the server (none in a no-op plan).
    model::Catalog candidates = diff::respell_candidates(current, desired);
    dialect::Dialect::Normalised stored{candidates, {}};
    if (live && !candidates.tables.empty()) {
        stored = dialect.normalise_desired(*live, candidates);
        if (!stored.warning.empty())
            std::cerr << "warning: " << stored.warning << "\n";
    }
    diff::RespelledDriver driver(dialect.diff_driver(), candidates, stored.catalog);
    auto changes = diff::diff(current, desired, driver);
    if (changes.empty())
        return out;

    dialect::CompileOptions options;
    options.plan_id = out.id;
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

} // namespace stepwise::cli
