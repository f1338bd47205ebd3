#pragma once
// What a property needs from a database engine: a dialect, and a fresh, empty, throwaway
// database to connect to. SQLite is always available; a server dialect plugs in by adding a
// Backend whose fresh_database() creates a scratch database (or schema) on a throwaway server.

#include "dialects/common/connection.h"
#include "dialects/common/dialect.h"

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
    virtual std::unique_ptr<TestDatabase> fresh_database() = 0;
};

std::unique_ptr<Backend> make_sqlite_backend();

// Every backend this machine can run: SQLite, plus the servers configured in the environment.
std::vector<std::unique_ptr<Backend>> available_backends();

} // namespace stepwise::property
