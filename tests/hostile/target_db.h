#pragma once
// A throwaway database of one dialect, seen from outside stepwise: the hostile suites read
// it directly (names, rows, the tool's own tables) to check what the CLI did to it.
// A dialect joins every hostile suite by adding a TargetDb and a row to all_target_kinds().

#include "dialects/common/connection.h"
#include "tests/acceptance/case_runner.h"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace stepwise::hostile {

class TargetDb {
public:
    virtual ~TargetDb() = default;
    virtual std::string url() const = 0;
    // The same database, the URL carrying `password` where the dialect takes one (PostgreSQL's
    // test server trusts local connections, so any password works; on MariaDB a user of its
    // own is made with that password); url() where it takes none.
    virtual std::string url_with_password(const std::string& password) const = 0;
    virtual dialect::Connection& connection() = 0;
    // User tables, sorted; the tool's own (_stepwise_*) excluded.
    virtual std::vector<std::string> tables() = 0;
    virtual std::vector<std::string> columns(const std::string& table) = 0; // declared order
    virtual std::vector<std::string> indexes(const std::string& table) = 0; // sorted
    // Every row of every table, the tool's own included, as text in a stable order.
    virtual std::string dump_everything() = 0;
    // Every row of the user's tables, as text in a stable order.
    virtual std::string dump_user_rows() = 0;
    // Longest identifier the dialect keeps, in bytes or (length_in_characters()) in UTF-8
    // characters; 0: none.
    virtual size_t max_identifier_length() const = 0;
    virtual bool length_in_characters() const { return false; }
    virtual std::string quote_ident(const std::string& name) const = 0;
    virtual std::string placeholder(int n) const = 0;
};

struct TargetKind {
    std::string name; // "sqlite"
    // A fresh, empty database whose files (if any) live in `dir`; nullptr when the dialect
    // cannot run on this machine (the test is then skipped, saying why).
    std::unique_ptr<TargetDb> (*make)(const std::filesystem::path& dir);
};

std::vector<TargetKind> all_target_kinds();

// The text of every regular file under `dir`, concatenated (to grep a run's leftovers).
std::string read_tree(const std::filesystem::path& dir);

// Runs the built stepwise binary behind `prefix` (e.g. setpriv), stdout and stderr together.
stepwise::testing::CommandResult run_stepwise_as(const std::vector<std::string>& prefix,
                                                 const std::vector<std::string>& args);

// A per-test scratch directory, removed at the end.
class ScratchDir {
public:
    ScratchDir();
    ~ScratchDir();
    const std::filesystem::path& path() const { return path_; }
    std::string write(const std::string& name, const std::string& text) const;

private:
    std::filesystem::path path_;
};

} // namespace stepwise::hostile
