#pragma once
// A dialect::Connection on the sqlite3 C API. One file, one handle; not thread-safe.
//
// The file is created when missing. Every connection runs with `PRAGMA foreign_keys=ON` and a
// busy timeout, so a writer waits briefly for another instead of failing at once; SQLITE_BUSY
// and SQLITE_LOCKED surface as DatabaseError with lock_timeout() == true.

#include "dialects/common/connection.h"

#include <chrono>
#include <string>

struct sqlite3;

namespace stepwise::sqlite {

class SqliteConnection : public dialect::Connection {
public:
    // Opens (creating if missing) the database file at `path`. Throws DatabaseError with a
    // clear message for a missing directory, a read-only or unreadable file, or a file that is
    // not a database.
    explicit SqliteConnection(const std::string& path,
                              std::chrono::milliseconds busy_timeout = std::chrono::seconds(5));
    ~SqliteConnection() override;
    SqliteConnection(const SqliteConnection&) = delete;
    SqliteConnection& operator=(const SqliteConnection&) = delete;

    void execute(const std::string& sql) override;
    // Parameters bind as text to ?1, ?2, ... (NULL for nullopt); every result is text.
    dialect::ResultSet query(const std::string& sql,
                             const std::vector<dialect::Value>& params = {}) override;
    void begin() override;
    void commit() override;
    void rollback() override;
    bool in_transaction() const override;
    // The lock timeout becomes the busy timeout; SQLite has no statement timeout.
    void set_step_timeouts(std::chrono::milliseconds lock_timeout,
                           std::chrono::milliseconds statement_timeout) override;
    std::string describe() const override;

    const std::string& path() const { return path_; }
    sqlite3* handle() const { return db_; }

private:
    [[noreturn]] void fail(int rc, const std::string& what) const;

    std::string path_;
    sqlite3* db_ = nullptr;
};

} // namespace stepwise::sqlite
