#pragma once
// `stepwise verify`: prove the plan up and down on a scratch copy of the target.

#include "cli/target.h"
#include "dialects/common/connection.h"
#include "dialects/common/dialect.h"

#include <memory>
#include <string>

namespace stepwise::cli {

struct VerifyOptions {
    int sample = 0; // rows kept per table in the scratch copy; 0: schema only
};

int run_verify(const GlobalOptions& global, const VerifyOptions& options);

// A throwaway copy of a live database's schema (and a sample of its rows), removed with
// this object. The runtime's state tables are left out, so the proof starts clean.
class Scratch {
public:
    virtual ~Scratch() = default;
    virtual dialect::Connection& connection() = 0;
    virtual std::string describe() const = 0;
};

// SQLite: `VACUUM INTO` a temporary file, then rows deleted (all, or all but the first
// `sample` of each table and the rows their foreign keys need to stay consistent).
std::unique_ptr<Scratch> make_sqlite_scratch(dialect::Connection& live,
                                             const dialect::Dialect& dialect, int sample);

} // namespace stepwise::cli
