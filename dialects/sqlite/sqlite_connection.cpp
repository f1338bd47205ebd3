#include "dialects/sqlite/sqlite_connection.h"

#include "dialects/sqlite/sqlite_tombstone_keys.h"

#include <algorithm>
#include <sqlite3.h>
#include <sys/stat.h>

namespace stepwise::sqlite {

namespace {

bool is_lock_error(int rc) {
    int primary = rc & 0xff;
    return primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
}

std::string parent_dir(const std::string& path) {
    size_t slash = path.rfind('/');
    if (slash == std::string::npos)
        return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

bool dir_exists(const std::string& dir) {
    struct stat st {};
    return ::stat(dir.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// Statement handle that finalizes itself on every path, including exceptions.
struct Statement {
    sqlite3_stmt* stmt = nullptr;
    ~Statement() { sqlite3_finalize(stmt); }
};

} // namespace

SqliteConnection::SqliteConnection(const std::string& path, std::chrono::milliseconds busy_timeout)
    : path_(path) {
    if (path.empty())
        throw dialect::DatabaseError("sqlite: empty database path");
    std::string dir = parent_dir(path);
    if (path != ":memory:" && !dir_exists(dir))
        throw dialect::DatabaseError("sqlite: cannot open '" + path + "': directory '" + dir +
                                         "' does not exist",
                                     std::to_string(SQLITE_CANTOPEN));
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
        std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
        sqlite3_close(db_);
        db_ = nullptr;
        throw dialect::DatabaseError("sqlite: cannot open '" + path + "': " + message,
                                     std::to_string(rc), is_lock_error(rc));
    }
    sqlite3_extended_result_codes(db_, 1);
    register_tombstone_functions(db_);
    // SQLite's legacy misfeature reads a double-quoted name that matches no column as a string
    // literal: an index on a misspelt or not-yet-added column would silently index a constant.
    sqlite3_db_config(db_, SQLITE_DBCONFIG_DQS_DDL, 0, nullptr);
    sqlite3_db_config(db_, SQLITE_DBCONFIG_DQS_DML, 0, nullptr);
    sqlite3_busy_timeout(db_, static_cast<int>(busy_timeout.count()));
    // SQLite opens a read-only file read-only without complaint; stepwise must write.
    if (path != ":memory:" && sqlite3_db_readonly(db_, "main") == 1) {
        sqlite3_close(db_);
        db_ = nullptr;
        throw dialect::DatabaseError("sqlite: cannot open '" + path +
                                         "' for writing: the file or its directory is read-only",
                                     std::to_string(SQLITE_READONLY));
    }
    try {
        // Touches the file header, so a file that is not a database fails here, not later.
        execute("PRAGMA foreign_keys=ON");
        // The dual-write triggers of an expand/contract change rely on a trigger never firing
        // itself (sqlite_dual_write.cpp): keep SQLite's default even if a build changed it.
        execute("PRAGMA recursive_triggers=OFF");
        query("SELECT count(*) FROM sqlite_master");
    } catch (const dialect::DatabaseError& e) {
        sqlite3_close(db_);
        db_ = nullptr;
        throw dialect::DatabaseError("sqlite: cannot use '" + path + "': " + e.what(), e.code(),
                                     e.lock_timeout());
    }
}

SqliteConnection::~SqliteConnection() {
    sqlite3_close_v2(db_);
}

void SqliteConnection::fail(int rc, const std::string& what) const {
    int ext = sqlite3_extended_errcode(db_);
    std::string message = sqlite3_errmsg(db_);
    if (rc != SQLITE_OK && ext == SQLITE_OK)
        ext = rc;
    throw dialect::DatabaseError("sqlite: " + message + (what.empty() ? "" : " (in: " + what + ")"),
                                 std::to_string(ext), is_lock_error(ext) || is_lock_error(rc));
}

void SqliteConnection::execute(const std::string& sql) {
    // A prepare loop rather than sqlite3_exec, so an error names the failing statement.
    const char* tail = sql.c_str();
    const char* end = tail + sql.size();
    while (tail < end) {
        Statement st;
        const char* next = nullptr;
        int rc = sqlite3_prepare_v2(db_, tail, static_cast<int>(end - tail), &st.stmt, &next);
        std::string text(tail, next ? next : end);
        if (rc != SQLITE_OK)
            fail(rc, text);
        tail = next ? next : end;
        if (!st.stmt)
            continue; // whitespace or a comment
        while ((rc = sqlite3_step(st.stmt)) == SQLITE_ROW) {
        }
        if (rc != SQLITE_DONE)
            fail(rc, text);
    }
}

dialect::ResultSet SqliteConnection::query(const std::string& sql,
                                           const std::vector<dialect::Value>& params) {
    Statement st;
    const char* tail = nullptr;
    int rc = sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()), &st.stmt, &tail);
    if (rc != SQLITE_OK)
        fail(rc, sql);
    if (!st.stmt)
        throw dialect::DatabaseError("sqlite: empty query");
    int expected = sqlite3_bind_parameter_count(st.stmt);
    if (static_cast<int>(params.size()) > expected)
        throw dialect::DatabaseError("sqlite: " + std::to_string(params.size()) +
                                     " parameters given, the query takes " +
                                     std::to_string(expected) + " (in: " + sql + ")");
    for (size_t i = 0; i < params.size(); ++i) {
        int idx = static_cast<int>(i) + 1;
        rc = params[i] ? sqlite3_bind_text(st.stmt, idx, params[i]->data(),
                                           static_cast<int>(params[i]->size()), SQLITE_TRANSIENT)
                       : sqlite3_bind_null(st.stmt, idx);
        if (rc != SQLITE_OK)
            fail(rc, sql);
    }
    dialect::ResultSet result;
    int ncols = sqlite3_column_count(st.stmt);
    for (int c = 0; c < ncols; ++c) {
        const char* name = sqlite3_column_name(st.stmt, c);
        result.columns.emplace_back(name ? name : "");
    }
    while ((rc = sqlite3_step(st.stmt)) == SQLITE_ROW) {
        dialect::Row row;
        row.reserve(ncols);
        for (int c = 0; c < ncols; ++c) {
            if (sqlite3_column_type(st.stmt, c) == SQLITE_NULL) {
                row.emplace_back(std::nullopt);
                continue;
            }
            const unsigned char* text = sqlite3_column_text(st.stmt, c);
            int n = sqlite3_column_bytes(st.stmt, c);
            row.emplace_back(std::string(reinterpret_cast<const char*>(text), n));
        }
        result.rows.push_back(std::move(row));
    }
    if (rc != SQLITE_DONE)
        fail(rc, sql);
    return result;
}

void SqliteConnection::begin() {
    execute("BEGIN IMMEDIATE");
}

void SqliteConnection::commit() {
    execute("COMMIT");
}

void SqliteConnection::rollback() {
    if (in_transaction())
        execute("ROLLBACK");
}

bool SqliteConnection::in_transaction() const {
    return sqlite3_get_autocommit(db_) == 0;
}

void SqliteConnection::set_step_timeouts(std::chrono::milliseconds lock_timeout,
                                         std::chrono::milliseconds /*statement_timeout*/) {
    sqlite3_busy_timeout(db_, static_cast<int>(std::max<long long>(lock_timeout.count(), 0)));
}

std::string SqliteConnection::describe() const {
    return "sqlite://" + path_;
}

} // namespace stepwise::sqlite
