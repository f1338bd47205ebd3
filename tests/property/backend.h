#pragma once
// What a property needs from a database engine: a dialect, what its database accepts, and a
// fresh, empty, throwaway database to connect to. Each test binary links one backends_*.cpp
// that says which backends it runs: SQLite (property_tests), or one throwaway server
// (property_postgres_tests, property_mysql_tests), whose fresh_database() creates a scratch
// database on the server the binary started once.

#include "dialects/common/connection.h"
#include "dialects/common/dialect.h"
#include "tests/property/generators.h"

#include <memory>
#include <string>
#include <vector>

namespace stepwise::property {

// One empty database, removed when this object goes.
class TestDatabase {
public:
    virtual ~TestDatabase() = default;
    virtual std::unique_ptr<dialect::Connection> connect() = 0;
    virtual std::string url() const = 0; // what `stepwise --url` would take
};

class Backend {
public:
    virtual ~Backend() = default;
    virtual std::string name() const = 0; // "sqlite"
    virtual const dialect::Dialect& dialect() const = 0;
    virtual Profile profile() const = 0;
    // Cases per property unless STEPWISE_PROPERTY_CASES says otherwise: a server case costs a
    // CREATE DATABASE and many round trips, so servers run fewer to bound CI time.
    virtual int default_cases() const { return 50; }
    virtual std::unique_ptr<TestDatabase> fresh_database() = 0;
};

std::unique_ptr<Backend> make_sqlite_backend();
// On the throwaway servers of tests/postgres/pg_server.h and tests/mysql/mysql_server.h,
// which the test binary's main() starts.
std::unique_ptr<Backend> make_postgres_backend();
std::unique_ptr<Backend> make_mysql_backend();

// The backends this test binary runs the properties on (see the backends_*.cpp files).
std::vector<std::unique_ptr<Backend>> available_backends();

} // namespace stepwise::property
