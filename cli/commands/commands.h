#pragma once
// One function per `stepwise` command; each returns the process exit code.

#include "cli/errors.h"
#include "cli/target.h"
#include "compiler/plan/plan.h"

#include <optional>
#include <string>
#include <vector>

namespace stepwise::cli {

enum class PlanFormat { Text, Sql, Json, Dot };

struct ValidateOptions {
    std::vector<std::string> paths;
};
struct FmtOptions {
    std::vector<std::string> paths;
    bool check = false;
    bool drop_comments = false;
};
struct PlanOptions {
    std::optional<PlanFormat> format;
    std::string output;
    bool detailed_exitcode = false;
};
struct ApplyOptions {
    std::string plan_file;
    bool contract = false;
    bool dry_run = false;
    bool yes = false;
    bool quiet = false;
    bool json = false;
    std::vector<std::string> allow_hazards;
    std::string batch_size;   // N or "auto"; empty: the plan's policy
    std::string batch_target; // a duration ("100ms"); empty: the plan's
    std::string batch_pause;  // a duration; empty: the plan's
    std::string orphan_wait;  // a duration; empty: the environment's, else the default
};
struct PurgeOptions {
    std::string older_than; // a duration; empty: every tombstone
    bool yes = false;
    std::vector<std::string> allow_hazards;
};
struct RollbackOptions {
    std::string to_step;
    std::string plan;        // empty: the newest plan, which needs no naming
    std::string orphan_wait; // a duration; empty: the environment's, else the default
    bool yes = false;
    bool quiet = false;
    bool json = false;
};
struct InspectOptions {
    std::string output;
};
struct DiffOptions {
    std::string from, to;
};

std::string render_plan(const plan::Plan& plan, PlanFormat format, bool color);

// Offline: the schema files are bound with resolve_offline_dialect's naming.
int run_validate(const GlobalOptions& global, const ValidateOptions& options);
int run_fmt(const GlobalOptions& global, const FmtOptions& options);
int run_plan(const GlobalOptions& global, const PlanOptions& options);
int run_apply(const GlobalOptions& global, const ApplyOptions& options);
int run_rollback(const GlobalOptions& global, const RollbackOptions& options);
int run_purge(const GlobalOptions& global, const PurgeOptions& options);
int run_status(const GlobalOptions& global, bool json);
int run_inspect(const GlobalOptions& global, const InspectOptions& options);
int run_diff(const DiffOptions& options);

} // namespace stepwise::cli
