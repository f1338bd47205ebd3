#pragma once
// What each database dialect provides: connection, quoting, introspection and the online
// strategy that compiles a ChangeSet into steps.

#include "compiler/diff/changeset.h"
#include "compiler/diff/differ.h"
#include "compiler/model/catalog.h"
#include "compiler/model/naming.h"
#include "compiler/plan/step_graph.h"
#include "dialects/common/connection.h"
#include "dialects/common/url.h"

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace stepwise::dialect {

struct CompileOptions {
    std::string plan_id; // tombstone and helper names use it
    // The server the plan is for, as Dialect::server_version() read it from the connection
    // that was inspected; "" when there is none (an offline plan): the dialect's default.
    std::string server_version;
    std::chrono::milliseconds lock_timeout{1000};
    plan::BatchPolicy batch;
};

// How `stepwise verify` makes a throwaway copy of a target on this database (cli/verify*.cpp):
// the CLI asks the dialect instead of branching on URL schemes.
struct VerifyScratch {
    enum class Kind {
        None,          // verify refuses this dialect's targets
        FileCopy,      // the database is one file, copied (SQLite's VACUUM INTO)
        ServerDatabase // CREATE DATABASE on the target's server, the schema built by stepwise
    };
    Kind kind = Kind::None;
    // The rest is for ServerDatabase. DatabaseError::code() substrings meaning "the role may
    // not create a database", and the grant that would let it.
    std::vector<std::string> permission_denied_codes;
    std::string permission_hint;
    // Appended to DROP DATABASE IF EXISTS <name>: ends sessions still in it, where it can.
    std::string drop_database_suffix;
    // Between INSERT INTO t (cols) and VALUES when t has an identity column.
    std::string identity_insert_clause;
    // DatabaseError::code() substrings of a copied row refused for a parent not copied.
    std::vector<std::string> missing_parent_codes;
    // A query returning the scratch session's id, and the statement before that id which
    // ends the session (an interrupted DROP DATABASE would wait for its locks); "": none.
    std::string session_id_query;
    std::string kill_session_prefix;
    // Whether a URL's ?schema= (other than the default one) is created in the scratch.
    bool creates_url_schema = false;
};

class Dialect {
public:
    virtual ~Dialect() = default;
    virtual std::string name() const = 0; // "sqlite"
    virtual model::NamingStyle naming() const = 0;

    virtual std::string quote_ident(const std::string& name) const = 0;
    virtual std::string quote_literal(const std::string& value) const = 0;
    virtual std::string placeholder(int n) const = 0; // 1-based: "?1", "$1"
    // The longest name, in bytes, the database keeps whole; 0: no limit. Longer names are
    // refused at plan time rather than cut short by the server.
    virtual size_t max_identifier_length() const { return 0; }
    // What max_identifier_length() counts (the server's own unit; UTF-8 text either way).
    enum class IdentifierUnit { Bytes, Characters };
    virtual IdentifierUnit identifier_length_unit() const { return IdentifierUnit::Bytes; }

    virtual std::unique_ptr<Connection> connect(const Url& url) const = 0;
    // What compile() must know of the server behind `connection`, for
    // CompileOptions::server_version (MySQL: the version string, which decides MariaDB or
    // MySQL syntax). Default "": the dialect compiles alike for every server version.
    virtual std::string server_version(Connection& connection) const {
        (void)connection;
        return {};
    }

    // The user's schema, canonical; the tool's own objects (_stepwise_*) excluded.
    virtual model::Catalog inspect(Connection& connection) const = 0;
    virtual const diff::DiffDriver& diff_driver() const = 0;

    // The desired catalog with its expressions (defaults, checks, index expressions and
    // predicates, generated columns) spelled as this database stores them, read back over
    // `connection` without changing anything; the diff then compares like with like.
    // `warning` (one line) says why it could not be done; the catalog is then unchanged.
    struct Normalised {
        model::Catalog catalog;
        std::string warning;
    };
    virtual Normalised normalise_desired(Connection&, const model::Catalog& desired) const {
        return {desired, {}};
    }

    // The online strategy: steps with up/down SQL and dependency edges.
    virtual plan::StepGraph compile(const diff::ChangeSet& changes, const model::Catalog& from,
                                    const model::Catalog& to,
                                    const CompileOptions& options) const = 0;

    // The qualified, quoted name of one of the tool's own tables ("state", "plans"):
    // "_stepwise_state" on SQLite, "stepwise"."state" on PostgreSQL.
    virtual std::string state_table(const std::string& name) const = 0;
    // Statements run before the runtime creates its tables (CREATE SCHEMA ...); may be empty.
    virtual std::vector<std::string> state_prelude() const = 0;

    // How `stepwise verify` copies a target on this database. Default: it does not.
    virtual VerifyScratch verify_scratch() const { return {}; }

    // Purge: statements to run just before `column`, a tombstone column of `table`, is
    // dropped for good. `kept_with` names the other tombstones its step left (indexes kept
    // with it). Default none: PostgreSQL and SQLite drop an index with its last column.
    virtual std::vector<std::string>
    before_column_purge(Connection& connection, const std::string& table, const std::string& column,
                        const std::vector<std::string>& kept_with) const {
        (void)connection, (void)table, (void)column, (void)kept_with;
        return {};
    }
};

} // namespace stepwise::dialect
