#include "dialects/mysql/mysql_connection.h"

#include <cctype>
#include <cstdlib>
#include <fmt/format.h>
#include <mysql.h>
#include <stdexcept>

namespace stepwise::mysql {

namespace {

constexpr unsigned kLockWaitTimeout = 1205;
constexpr unsigned kDeadlock = 1213;

// Length of the literal, quoted name or comment starting at `i`, or 0.
size_t skip_quoted(const std::string& sql, size_t i) {
    char c = sql[i];
    if (c == '\'' || c == '"' || c == '`') {
        size_t j = i + 1;
        while (j < sql.size()) {
            if (sql[j] == '\\' && c != '`') {
                j += 2;
                continue;
            }
            if (sql[j] == c) {
                if (j + 1 < sql.size() && sql[j + 1] == c) {
                    j += 2;
                    continue;
                }
                return j + 1 - i;
            }
            ++j;
        }
        return sql.size() - i;
    }
    if (c == '-' && sql.compare(i, 3, "-- ") == 0) {
        size_t end = sql.find('\n', i);
        return (end == std::string::npos ? sql.size() : end) - i;
    }
    if (c == '/' && sql.compare(i, 2, "/*") == 0) {
        size_t end = sql.find("*/", i + 2);
        return (end == std::string::npos ? sql.size() : end + 2) - i;
    }
    return 0;
}

bool after_limit(const std::string& out) {
    size_t end = out.find_last_not_of(" \t\n");
    if (end == std::string::npos || end < 4)
        return false;
    std::string word;
    for (size_t i = end - 4; i <= end; ++i)
        word += static_cast<char>(std::toupper(static_cast<unsigned char>(out[i])));
    return word == "LIMIT" && (end < 5 || !std::isalnum(static_cast<unsigned char>(out[end - 5])));
}

} // namespace

MysqlConnection::MysqlConnection(const dialect::Url& url) {
    db_ = mysql_init(nullptr);
    if (!db_)
        throw dialect::DatabaseError("mysql: out of memory creating a connection");
    database_ = url.path;
    while (!database_.empty() && database_.front() == '/')
        database_.erase(0, 1);
    std::string host = url.host.empty() ? "localhost" : url.host;
    auto socket = url.params.find("socket");
    described_ = fmt::format("mysql://{}@{}{}/{}", url.user, host,
                             socket != url.params.end() ? " (socket " + socket->second + ")"
                             : url.port                 ? ":" + std::to_string(*url.port)
                                                        : std::string(),
                             database_);
    const char* env_pwd = std::getenv("MYSQL_PWD");
    std::string password = url.password ? *url.password : env_pwd ? env_pwd : "";
    unsigned timeout = 10;
    mysql_options(db_, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
    mysql_options(db_, MYSQL_SET_CHARSET_NAME, "utf8mb4");
    bool use_socket = socket != url.params.end();
    if (!mysql_real_connect(db_, use_socket ? "localhost" : host.c_str(),
                            url.user.empty() ? nullptr : url.user.c_str(),
                            password.empty() ? nullptr : password.c_str(),
                            database_.empty() ? nullptr : database_.c_str(),
                            url.port ? static_cast<unsigned>(*url.port) : 0,
                            use_socket ? socket->second.c_str() : nullptr,
                            CLIENT_MULTI_STATEMENTS | CLIENT_FOUND_ROWS)) {
        unsigned err = mysql_errno(db_);
        std::string message = fmt::format("mysql: cannot connect to {}: {} (errno {}); check the "
                                          "URL, that the server runs, and MYSQL_PWD",
                                          described_, mysql_error(db_), err);
        mysql_close(db_);
        db_ = nullptr;
        throw dialect::DatabaseError(message, std::to_string(err));
    }
    const char* info = mysql_get_server_info(db_);
    server_info_ = info ? info : "";
    try {
        version_ = parse_server_version(server_info_);
    } catch (const std::invalid_argument& e) {
        mysql_close(db_);
        db_ = nullptr;
        throw dialect::DatabaseError(std::string(e.what()) + " (" + described_ + ")");
    }
    // Literals are written with backslash escapes (see mysql_quote.h).
    run("SET SESSION sql_mode = REPLACE(@@sql_mode, 'NO_BACKSLASH_ESCAPES', '')");
}

MysqlConnection::~MysqlConnection() {
    if (db_)
        mysql_close(db_);
}

void MysqlConnection::fail(const std::string& what) const {
    unsigned err = mysql_errno(db_);
    std::string code = fmt::format("{}/{}", mysql_sqlstate(db_), err);
    throw dialect::DatabaseError(fmt::format("{}: {} ({})", what, mysql_error(db_), code), code,
                                 err == kLockWaitTimeout || err == kDeadlock);
}

void MysqlConnection::run(const std::string& sql) {
    if (mysql_real_query(db_, sql.data(), sql.size()) != 0)
        fail("mysql");
    // Drains every result of a multi-statement text; the first failing statement throws.
    for (;;) {
        MYSQL_RES* res = mysql_store_result(db_);
        if (res)
            mysql_free_result(res);
        else if (mysql_field_count(db_) != 0)
            fail("mysql");
        int more = mysql_next_result(db_);
        if (more > 0)
            fail("mysql");
        if (more < 0)
            break;
    }
}

void MysqlConnection::execute(const std::string& sql) {
    run(sql);
}

std::string MysqlConnection::bind(const std::string& sql,
                                  const std::vector<dialect::Value>& params) const {
    std::string out;
    for (size_t i = 0; i < sql.size();) {
        if (size_t n = skip_quoted(sql, i)) {
            out.append(sql, i, n);
            i += n;
            continue;
        }
        if (sql[i] != '?' || i + 1 >= sql.size() ||
            !std::isdigit(static_cast<unsigned char>(sql[i + 1]))) {
            out += sql[i++];
            continue;
        }
        size_t j = i + 1;
        while (j < sql.size() && std::isdigit(static_cast<unsigned char>(sql[j])))
            ++j;
        size_t index = std::stoul(sql.substr(i + 1, j - i - 1));
        if (index == 0 || index > params.size())
            throw dialect::DatabaseError(fmt::format(
                "mysql: statement uses ?{} but has {} parameters", index, params.size()));
        const auto& value = params[index - 1];
        if (!value) {
            out += "NULL";
        } else if (after_limit(out)) {
            if (value->empty() || value->find_first_not_of("0123456789") != std::string::npos)
                throw dialect::DatabaseError("mysql: LIMIT needs a whole number, not '" + *value +
                                             "'");
            out += *value;
        } else {
            std::string escaped(value->size() * 2 + 1, '\0');
            unsigned long len =
                mysql_real_escape_string(db_, escaped.data(), value->data(), value->size());
            escaped.resize(len);
            out += "'" + escaped + "'";
        }
        i = j;
    }
    return out;
}

dialect::ResultSet MysqlConnection::query(const std::string& sql,
                                          const std::vector<dialect::Value>& params) {
    std::string text = params.empty() ? sql : bind(sql, params);
    if (mysql_real_query(db_, text.data(), text.size()) != 0)
        fail("mysql");
    dialect::ResultSet result;
    MYSQL_RES* res = mysql_store_result(db_);
    if (!res) {
        if (mysql_field_count(db_) != 0)
            fail("mysql");
    } else {
        unsigned n = mysql_num_fields(res);
        MYSQL_FIELD* fields = mysql_fetch_fields(res);
        for (unsigned i = 0; i < n; ++i)
            result.columns.emplace_back(fields[i].name);
        while (MYSQL_ROW row = mysql_fetch_row(res)) {
            unsigned long* lengths = mysql_fetch_lengths(res);
            dialect::Row r;
            for (unsigned i = 0; i < n; ++i)
                r.push_back(row[i] ? dialect::Value(std::string(row[i], lengths[i]))
                                   : std::nullopt);
            result.rows.push_back(std::move(r));
        }
        mysql_free_result(res);
    }
    // A query text holds one statement; anything after it would be silently ignored.
    while (mysql_next_result(db_) == 0) {
        if (MYSQL_RES* extra = mysql_store_result(db_))
            mysql_free_result(extra);
    }
    return result;
}

void MysqlConnection::begin() {
    run("START TRANSACTION");
    in_transaction_ = true;
}

void MysqlConnection::commit() {
    in_transaction_ = false;
    run("COMMIT");
}

void MysqlConnection::rollback() {
    in_transaction_ = false;
    run("ROLLBACK");
}

void MysqlConnection::set_step_timeouts(std::chrono::milliseconds lock_timeout,
                                        std::chrono::milliseconds statement_timeout) {
    // Both lock settings take whole seconds; rounding up keeps a short timeout from
    // becoming "wait forever" (0 is not allowed) or no wait at all.
    long long lock_s = std::max<long long>(1, (lock_timeout.count() + 999) / 1000);
    std::string sql = fmt::format(
        "SET SESSION lock_wait_timeout = {0}; SET SESSION innodb_lock_wait_timeout = {0}", lock_s);
    if (version_.flavour == Flavour::MariaDB)
        sql += fmt::format("; SET SESSION max_statement_time = {}",
                           static_cast<double>(statement_timeout.count()) / 1000.0);
    else
        sql += fmt::format("; SET SESSION max_execution_time = {}", statement_timeout.count());
    run(sql);
}

} // namespace stepwise::mysql
