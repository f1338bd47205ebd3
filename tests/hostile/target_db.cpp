#include "tests/hostile/target_db.h"

#include "dialects/common/url.h"
#include "dialects/mysql/mysql_dialect.h"
#include "dialects/mysql/mysql_quote.h"
#include "dialects/postgres/pg_dialect.h"
#include "dialects/sqlite/sqlite_dialect.h"
#include "dialects/sqlite/sqlite_quote.h"
#include "tests/mysql/mysql_server.h"
#include "tests/postgres/pg_server.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace stepwise::hostile {

namespace {

std::string cell(const dialect::Value& v) {
    return v ? "'" + *v + "'" : "NULL";
}

// The rows of `table` (a quoted, maybe qualified name), sorted, under a heading.
std::string dump_rows(dialect::Connection& c, const std::string& heading,
                      const std::string& table) {
    auto rs = c.query("SELECT * FROM " + table);
    std::vector<std::string> lines;
    for (const auto& row : rs.rows) {
        std::string line;
        for (size_t i = 0; i < row.size(); ++i)
            line += (i ? " | " : "") + rs.columns[i] + "=" + cell(row[i]);
        lines.push_back(line);
    }
    std::sort(lines.begin(), lines.end());
    std::string out = "table " + heading + "\n";
    for (const auto& l : lines)
        out += "  " + l + "\n";
    return out;
}

// What every dialect's target answers the same way: from its dialect, through one connection
// opened on first use, the user's rows table by table.
class DialectTargetDb : public TargetDb {
public:
    explicit DialectTargetDb(std::unique_ptr<dialect::Dialect> dialect)
        : dialect_(std::move(dialect)) {}
    dialect::Connection& connection() override {
        if (!conn_)
            conn_ = dialect_->connect(dialect::parse_url(url()));
        return *conn_;
    }
    std::string dump_user_rows() override {
        std::string out;
        for (const auto& table : tables())
            out += dump_rows(connection(), table, qualified(table));
        return out;
    }
    size_t max_identifier_length() const override { return dialect_->max_identifier_length(); }
    bool length_in_characters() const override {
        return dialect_->identifier_length_unit() == dialect::Dialect::IdentifierUnit::Characters;
    }
    std::string quote_ident(const std::string& name) const override {
        return dialect_->quote_ident(name);
    }
    std::string placeholder(int n) const override { return dialect_->placeholder(n); }

protected:
    // A user table's name as a query names it.
    virtual std::string qualified(const std::string& table) const { return quote_ident(table); }

    std::unique_ptr<dialect::Dialect> dialect_;
    std::unique_ptr<dialect::Connection> conn_;
};

// The user's tables among `all`: the tool's own (_stepwise_*) left out.
std::vector<std::string> without_tool_tables(const std::vector<std::string>& all) {
    std::vector<std::string> out;
    for (const auto& name : all)
        if (name.rfind("_stepwise_", 0) != 0)
            out.push_back(name);
    return out;
}

class SqliteTargetDb : public DialectTargetDb {
public:
    explicit SqliteTargetDb(const fs::path& dir)
        : DialectTargetDb(sqlite::make_sqlite_dialect()), path_((dir / "target.db").string()) {}
    std::string url() const override { return "sqlite://" + path_; }
    std::string url_with_password(const std::string&) const override { return url(); }
    std::vector<std::string> tables() override { return without_tool_tables(all_tables()); }
    std::vector<std::string> columns(const std::string& table) override {
        std::vector<std::string> out;
        auto rs =
            connection().query("SELECT name FROM pragma_table_info(?1) ORDER BY cid", {table});
        for (const auto& row : rs.rows)
            out.push_back(*row[0]);
        return out;
    }
    std::vector<std::string> indexes(const std::string& table) override {
        std::vector<std::string> out;
        auto rs = connection().query("SELECT name FROM sqlite_master WHERE type = 'index' AND "
                                     "tbl_name = ?1 AND sql IS NOT NULL ORDER BY name",
                                     {table});
        for (const auto& row : rs.rows)
            out.push_back(*row[0]);
        return out;
    }
    std::string dump_everything() override {
        std::ostringstream out;
        auto schema = connection().query(
            "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name");
        for (const auto& row : schema.rows)
            out << cell(row[0]) << " " << cell(row[1]) << " " << cell(row[2]) << " " << cell(row[3])
                << "\n";
        for (const auto& table : all_tables())
            out << dump_rows(connection(), table, sqlite::quote_ident(table));
        return out.str();
    }

private:
    std::vector<std::string> all_tables() {
        std::vector<std::string> out;
        auto rs = connection().query("SELECT name FROM sqlite_master WHERE type = 'table' AND "
                                     "name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name");
        for (const auto& row : rs.rows)
            out.push_back(*row[0]);
        return out;
    }

    std::string path_;
};

// `text` as it may stand in a URL's user:password part.
std::string url_encode(const std::string& text) {
    const char* digits = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.')
            out += static_cast<char>(c);
        else
            out += std::string("%") + digits[c >> 4] + digits[c & 15];
    }
    return out;
}

std::vector<std::string> column_of(const dialect::ResultSet& rs) {
    std::vector<std::string> out;
    for (const auto& row : rs.rows)
        out.push_back(row[0] ? *row[0] : "NULL");
    return out;
}

// A database of its own on the binary's throwaway server; the user's objects live in
// `public`, the tool's in `stepwise`.
class PgTargetDb : public DialectTargetDb {
public:
    explicit PgTargetDb(std::string name)
        : DialectTargetDb(postgres::make_postgres_dialect()), name_(std::move(name)) {
        url_ = testing::PgServer::instance().create_database(name_);
    }
    ~PgTargetDb() override {
        conn_.reset();
        testing::PgServer::instance().drop_database(name_);
    }
    std::string url() const override { return url_; }
    std::string url_with_password(const std::string& password) const override {
        auto at = url_.find('@');
        return url_.substr(0, at) + ":" + url_encode(password) + url_.substr(at);
    }
    std::vector<std::string> tables() override {
        auto out = column_of(connection().query(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')"));
        std::sort(out.begin(), out.end());
        return out;
    }
    std::vector<std::string> columns(const std::string& table) override {
        return column_of(connection().query(
            "SELECT a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND "
            "c.relname = $1 AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
            {table}));
    }
    std::vector<std::string> indexes(const std::string& table) override {
        auto out = column_of(connection().query(
            "SELECT ci.relname FROM pg_index i JOIN pg_class ci ON ci.oid = i.indexrelid "
            "JOIN pg_class ct ON ct.oid = i.indrelid JOIN pg_namespace n ON n.oid = "
            "ct.relnamespace WHERE n.nspname = 'public' AND ct.relname = $1 AND NOT "
            "i.indisprimary",
            {table}));
        std::sort(out.begin(), out.end());
        return out;
    }
    std::string dump_everything() override {
        std::ostringstream out;
        auto tables = connection().query(
            "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = "
            "c.relnamespace WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', "
            "'information_schema', 'pg_toast') ORDER BY 1, 2");
        for (const auto& t : tables.rows)
            out << dump_rows(connection(), *t[0] + "." + *t[1],
                             dialect_->quote_ident(*t[0]) + "." + dialect_->quote_ident(*t[1]));
        return out.str();
    }

private:
    std::string qualified(const std::string& table) const override {
        return "public." + quote_ident(table);
    }

    std::string name_;
    std::string url_;
};

// MYSQL_PWD, which a test may have set for the binary, is not root's password (root has
// none); the mariadb client and Connector/C read it when given none, so root's own work
// runs without it.
class WithoutMysqlPwd {
public:
    WithoutMysqlPwd() {
        if (const char* pwd = std::getenv("MYSQL_PWD")) {
            saved_ = pwd;
            had_ = true;
            ::unsetenv("MYSQL_PWD");
        }
    }
    ~WithoutMysqlPwd() {
        if (had_)
            ::setenv("MYSQL_PWD", saved_.c_str(), 1);
    }

private:
    std::string saved_;
    bool had_ = false;
};

int root_client(const std::string& sql) {
    WithoutMysqlPwd guard;
    return testing::MysqlServer::client(sql);
}

// A database of its own on the binary's throwaway MariaDB server (root over the socket);
// the tool's tables (_stepwise_*) live next to the user's.
class MysqlTargetDb : public DialectTargetDb {
public:
    explicit MysqlTargetDb(std::string name)
        : DialectTargetDb(mysql::make_mysql_dialect()), name_(std::move(name)) {
        url_ = testing::MysqlServer::url(name_);
        if (root_client("CREATE DATABASE " + mysql::quote_ident(name_)) != 0)
            throw std::runtime_error("CREATE DATABASE " + name_ + " failed");
    }
    ~MysqlTargetDb() override {
        conn_.reset();
        std::string sql = "DROP DATABASE IF EXISTS " + mysql::quote_ident(name_) + ";";
        if (!password_user_.empty())
            sql += "DROP USER IF EXISTS " + account(password_user_) + ";";
        root_client(sql);
    }
    std::string url() const override { return url_; }
    // MariaDB checks a password even over the socket, and root has none: the password
    // belongs to a user of its own with every right on this database.
    std::string url_with_password(const std::string& password) const override {
        password_user_ = "pw_" + name_;
        root_client("DROP USER IF EXISTS " + account(password_user_) + "; CREATE USER " +
                    account(password_user_) + " IDENTIFIED BY " + mysql::quote_literal(password) +
                    "; GRANT ALL ON " + mysql::quote_ident(name_) + ".* TO " +
                    account(password_user_) + ";");
        auto at = url_.find('@');
        return "mysql://" + password_user_ + ":" + url_encode(password) + url_.substr(at);
    }
    dialect::Connection& connection() override {
        if (!conn_) {
            // Root has no password; Connector/C would take MYSQL_PWD (a test may have set
            // it for the binary) when none is given.
            WithoutMysqlPwd guard;
            return DialectTargetDb::connection();
        }
        return *conn_;
    }
    std::vector<std::string> tables() override { return without_tool_tables(all_tables()); }
    std::vector<std::string> columns(const std::string& table) override {
        return column_of(connection().query(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = DATABASE() "
            "AND table_name = ?1 ORDER BY ordinal_position",
            {table}));
    }
    std::vector<std::string> indexes(const std::string& table) override {
        auto out = column_of(connection().query(
            "SELECT DISTINCT index_name FROM information_schema.statistics WHERE table_schema = "
            "DATABASE() AND table_name = ?1 AND index_name <> 'PRIMARY'",
            {table}));
        std::sort(out.begin(), out.end());
        return out;
    }
    // Each table's definition (SHOW CREATE TABLE) and rows, the tool's own included.
    std::string dump_everything() override {
        std::ostringstream out;
        for (const auto& table : all_tables()) {
            auto create = connection().query("SHOW CREATE TABLE " + mysql::quote_ident(table));
            for (const auto& row : create.rows)
                out << cell(row.size() > 1 ? row[1] : row[0]) << "\n";
            out << dump_rows(connection(), table, mysql::quote_ident(table));
        }
        return out.str();
    }

    const std::string& database() const { return name_; }

private:
    static std::string account(const std::string& user) {
        return mysql::quote_literal(user) + "@'localhost'";
    }
    std::vector<std::string> all_tables() {
        auto out = column_of(connection().query(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() "
            "AND table_type = 'BASE TABLE'"));
        std::sort(out.begin(), out.end());
        return out;
    }

    std::string name_;
    std::string url_;
    mutable std::string password_user_;
};
} // namespace

std::vector<TargetKind> all_target_kinds() {
    return {{"sqlite",
             [](const fs::path& dir) -> std::unique_ptr<TargetDb> {
                 fs::create_directories(dir);
                 return std::make_unique<SqliteTargetDb>(dir);
             }},
            {"postgres",
             [](const fs::path&) -> std::unique_ptr<TargetDb> {
                 auto& server = testing::PgServer::instance();
                 server.start();
                 if (!server.running()) {
                     ADD_FAILURE()
                         << "the throwaway PostgreSQL server did not start: " << server.error();
                     return nullptr;
                 }
                 static std::atomic<int> n{0};
                 return std::make_unique<PgTargetDb>("hostile_" + std::to_string(::getpid()) + "_" +
                                                     std::to_string(n++));
             }},
            {"mariadb", [](const fs::path&) -> std::unique_ptr<TargetDb> {
                 WithoutMysqlPwd guard;
                 if (!testing::MysqlServer::start_shared()) {
                     ADD_FAILURE() << "the throwaway MariaDB server did not start (see above)";
                     return nullptr;
                 }
                 static std::atomic<int> n{0};
                 return std::make_unique<MysqlTargetDb>("hostile_" + std::to_string(::getpid()) +
                                                        "_" + std::to_string(n++));
             }}};
}

std::string read_tree(const fs::path& dir) {
    std::string out;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
        if (!e.is_regular_file())
            continue;
        std::ifstream in(e.path(), std::ios::binary);
        std::ostringstream s;
        s << in.rdbuf();
        out += s.str();
    }
    return out;
}

stepwise::testing::CommandResult run_stepwise_as(const std::vector<std::string>& prefix,
                                                 const std::vector<std::string>& args) {
    auto quote = [](const std::string& s) {
        std::string out = "'";
        for (char c : s)
            out += c == '\'' ? std::string("'\\''") : std::string(1, c);
        return out + "'";
    };
    std::string cmd;
    for (const auto& p : prefix)
        cmd += quote(p) + " ";
    cmd += quote(STEPWISE_BINARY);
    for (const auto& a : args)
        cmd += " " + quote(a);
    cmd += " 2>&1 </dev/null";
    stepwise::testing::CommandResult result;
    FILE* pipe = ::popen(cmd.c_str(), "r");
    if (!pipe)
        return result;
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0)
        result.output.append(buf, n);
    int status = ::pclose(pipe);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

ScratchDir::ScratchDir() {
    static std::atomic<int> counter{0};
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = info ? std::string(info->test_suite_name()) + "." + info->name() : "x";
    std::replace(name.begin(), name.end(), '/', '_');
    path_ = fs::temp_directory_path() / ("stepwise-hostile-" + std::to_string(::getpid()) + "-" +
                                         std::to_string(counter++) + "-" + name);
    fs::remove_all(path_);
    fs::create_directories(path_);
}

ScratchDir::~ScratchDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
}

std::string ScratchDir::write(const std::string& name, const std::string& text) const {
    auto file = path_ / name;
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
    return file.string();
}

} // namespace stepwise::hostile
