#include "dialects/sqlite/sqlite_connection.h"
#include "dialects/sqlite/sqlite_dialect.h"
#include "tests/property/backend.h"

#include <cstdio>
#include <stdexcept>
#include <unistd.h>

namespace stepwise::property {

namespace {

class SqliteTestDatabase : public TestDatabase {
public:
    SqliteTestDatabase() {
        std::string tmpl = "/tmp/stepwise_prop_XXXXXX";
        if (!::mkdtemp(tmpl.data()))
            throw std::runtime_error("cannot create a temporary directory in /tmp");
        dir_ = tmpl;
        path_ = dir_ + "/prop.db";
    }
    ~SqliteTestDatabase() override {
        for (const char* suffix : {"", "-journal", "-wal", "-shm"})
            std::remove((path_ + suffix).c_str());
        ::rmdir(dir_.c_str());
    }
    std::unique_ptr<dialect::Connection> connect() override {
        auto c = std::make_unique<sqlite::SqliteConnection>(path_);
        c->execute("PRAGMA synchronous = OFF"); // speed only; durability is not under test
        return c;
    }
    std::string url() const override { return "sqlite://" + path_; }

private:
    std::string dir_;
    std::string path_;
};

class SqliteBackend : public Backend {
public:
    std::string name() const override { return "sqlite"; }
    const dialect::Dialect& dialect() const override { return dialect_; }
    Profile profile() const override {
        Profile p;
        p.change_type_of_primary_keys = false;     // see Profile
        p.new_keys_referencing_each_other = false; // see Profile
        p.rename_referenced_tables = false;        // a known bug: see Profile
        p.reference_new_unique_keys = false;       // a known bug: see Profile
        return p;
    }
    std::unique_ptr<TestDatabase> fresh_database() override {
        return std::make_unique<SqliteTestDatabase>();
    }

private:
    sqlite::SqliteDialect dialect_;
};

} // namespace

std::unique_ptr<Backend> make_sqlite_backend() {
    return std::make_unique<SqliteBackend>();
}

} // namespace stepwise::property
