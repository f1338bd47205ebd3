// The properties on MariaDB: one scratch database per case on the throwaway server that
// property_mysql_tests starts once (tests/mysql/mysql_server.h).

#include "dialects/common/url.h"
#include "dialects/mysql/mysql_dialect.h"
#include "tests/mysql/mysql_server.h"
#include "tests/property/backend.h"

#include <unistd.h>

namespace stepwise::property {

namespace {

using stepwise::testing::MysqlServer;

class MysqlTestDatabase : public TestDatabase {
public:
    MysqlTestDatabase(const dialect::Dialect& dialect, dialect::Connection& admin, std::string name)
        : dialect_(dialect), admin_(admin), name_(std::move(name)) {
        admin_.execute("CREATE DATABASE " + dialect_.quote_ident(name_));
    }
    ~MysqlTestDatabase() override {
        try {
            admin_.execute("DROP DATABASE IF EXISTS " + dialect_.quote_ident(name_));
        } catch (...) {
            // The server goes away with its data directory at the end of the binary.
        }
    }
    std::unique_ptr<dialect::Connection> connect() override {
        return dialect_.connect(dialect::parse_url(url()));
    }
    std::string url() const override { return MysqlServer::url(name_); }

private:
    const dialect::Dialect& dialect_;
    dialect::Connection& admin_;
    std::string name_;
};

class MysqlBackend : public Backend {
public:
    std::string name() const override { return "mysql"; }
    const dialect::Dialect& dialect() const override { return dialect_; }
    Profile profile() const override {
        Profile p;
        p.naming = model::NamingStyle::MySQL;
        // Double quotes are string literals under MariaDB's default sql_mode.
        p.ident_quote = '`';
        // CAST takes CHAR and SIGNED, not the type names of a column.
        p.cast_to_text = "char";
        p.cast_to_integer = "signed";
        p.unbounded_keys = false;
        p.partial_indexes = false;
        p.timestamp_offsets = false;
        p.using_on_key_columns = false;
        p.mixed_key_types = false;
        return p;
    }
    int default_cases() const override { return 20; }
    std::unique_ptr<TestDatabase> fresh_database() override {
        if (MysqlServer::socket().empty())
            throw std::runtime_error("the throwaway MariaDB server did not start");
        if (!admin_)
            admin_ = dialect_.connect(dialect::parse_url(MysqlServer::url("mysql")));
        return std::make_unique<MysqlTestDatabase>(dialect_, *admin_,
                                                   "prop_" + std::to_string(::getpid()) + "_" +
                                                       std::to_string(++count_));
    }

private:
    mysql::MysqlDialect dialect_;
    std::unique_ptr<dialect::Connection> admin_;
    int count_ = 0;
};

} // namespace

std::unique_ptr<Backend> make_mysql_backend() {
    return std::make_unique<MysqlBackend>();
}

} // namespace stepwise::property
