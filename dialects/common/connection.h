#pragma once
// A live database session. Parameters and results travel as text (NULL as nullopt); the
// dialect writes SQL with its own placeholders and casts.

#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace stepwise::dialect {

using Value = std::optional<std::string>;
using Row = std::vector<Value>;

struct ResultSet {
    std::vector<std::string> columns;
    std::vector<Row> rows;
};

// A failure reported by the database or the driver. `code` is the SQLSTATE or the driver's
// error code as text; `lock_timeout` says whether retrying later may succeed.
class DatabaseError : public std::runtime_error {
public:
    DatabaseError(const std::string& message, std::string code = {}, bool lock_timeout = false)
        : std::runtime_error(message), code_(std::move(code)), lock_timeout_(lock_timeout) {}
    const std::string& code() const { return code_; }
    bool lock_timeout() const { return lock_timeout_; }

private:
    std::string code_;
    bool lock_timeout_;
};

class Connection {
public:
    virtual ~Connection() = default;
    // Runs one or more statements that return no rows.
    virtual void execute(const std::string& sql) = 0;
    // Runs one statement with positional parameters.
    virtual ResultSet query(const std::string& sql, const std::vector<Value>& params = {}) = 0;
    virtual void begin() = 0;
    virtual void commit() = 0;
    virtual void rollback() = 0;
    virtual bool in_transaction() const = 0;
    // Limits for the statements of the next step: how long to wait for a lock, and how long
    // one statement may run (zero: no limit). The runtime calls this before every step; a
    // dialect without such settings ignores it.
    virtual void set_step_timeouts(std::chrono::milliseconds lock_timeout,
                                   std::chrono::milliseconds statement_timeout) {}
    // Where this connection points, safe to print (no password).
    virtual std::string describe() const = 0;
};

} // namespace stepwise::dialect
