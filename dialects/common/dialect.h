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
    std::chrono::milliseconds lock_timeout{1000};
    plan::BatchPolicy batch;
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
