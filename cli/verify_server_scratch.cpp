#include "cli/errors.h"
#include "cli/verify_interrupt.h"
#include "cli/verify_server.h"
#include "compiler/diff/differ.h"

#include <fmt/format.h>
#include <iostream>
#include <random>
#include <set>

namespace stepwise::cli {

namespace {

bool has_code(const std::vector<std::string>& codes, const dialect::DatabaseError& e) {
    for (const auto& code : codes)
        if (e.code().find(code) != std::string::npos)
            return true;
    return false;
}

// Unique per run, so two verifies on one server never meet; lower case so that neither
// server folds it, and short of both servers' name limits.
std::string scratch_name() {
    std::random_device random;
    std::string out = "stepwise_verify_";
    for (int i = 0; i < 12; ++i)
        out += "0123456789abcdef"[random() % 16];
    return out;
}

std::string drop_statement(const Target& target, const std::string& name) {
    return "DROP DATABASE IF EXISTS " + target.dialect->quote_ident(name) +
           target.dialect->verify_scratch().drop_database_suffix;
}

// Tables with the tables they reference first; a cycle is broken in catalog order.
std::vector<const model::Table*> parents_first(const model::Catalog& catalog) {
    std::vector<const model::Table*> out;
    std::set<std::string> placed;
    while (out.size() < catalog.tables.size()) {
        bool progress = false;
        for (const auto& t : catalog.tables) {
            if (placed.count(t.name))
                continue;
            bool ready = true;
            for (const auto& fk : t.foreign_keys)
                ready = ready && (fk.ref_table == t.name || placed.count(fk.ref_table) ||
                                  !catalog.find_table(fk.ref_table));
            if (ready) {
                out.push_back(&t);
                placed.insert(t.name);
                progress = true;
            }
        }
        if (!progress)
            for (const auto& t : catalog.tables)
                if (!placed.count(t.name)) {
                    out.push_back(&t);
                    placed.insert(t.name);
                    break;
                }
    }
    return out;
}

class ServerScratch : public Scratch {
public:
    ServerScratch(const Target& target, dialect::Connection& live, int sample)
        : target_(target), live_(live), name_(scratch_name()),
          how_(target.dialect->verify_scratch()) {
        const auto& d = *target.dialect;
        // Watching before the database exists, so no moment is left where Ctrl-C leaks it.
        guard_ = std::make_unique<InterruptGuard>([this] { drop_from_new_connection(); });
        try {
            live.execute("CREATE DATABASE " + d.quote_ident(name_));
        } catch (const dialect::DatabaseError& e) {
            if (has_code(how_.permission_denied_codes, e))
                throw CliError(fmt::format(
                    "verify needs to create a scratch database on the server of {}, and "
                    "the role may not: {}\nGrant it ({}) or run verify as a role that may, "
                    "e.g. in a separate env of stepwise.toml.",
                    target.url.redacted(), e.what(), how_.permission_hint));
            throw CliError(fmt::format("verify could not create its scratch database {}: {}", name_,
                                       e.what()));
        }
        created_ = true;
        // A constructor that throws runs no destructor: the database goes here then.
        try {
            prepare(sample);
        } catch (...) {
            drop();
            throw;
        }
    }

    ~ServerScratch() override { drop(); }

    dialect::Connection& connection() override { return *connection_; }
    std::string describe() const override {
        std::string out = "scratch database " + name_ + " on the same server";
        if (skipped_rows_ > 0)
            out += fmt::format(", {} sampled row{} left out for a parent row not sampled",
                               skipped_rows_, skipped_rows_ == 1 ? "" : "s");
        return out;
    }

private:
    void prepare(int sample) {
        const auto& d = *target_.dialect;
        dialect::Url url = target_.url;
        url.path = name_;
        connection_ = d.connect(url);
        if (!how_.session_id_query.empty()) {
            auto id = connection_->query(how_.session_id_query);
            // Kept only if it is a number: it is written into the kill statement unquoted.
            if (!id.rows.empty() && id.rows[0][0] && !id.rows[0][0]->empty() &&
                id.rows[0][0]->find_first_not_of("0123456789") == std::string::npos)
                connection_id_ = *id.rows[0][0];
        }
        auto schema = url.params.find("schema");
        if (how_.creates_url_schema && schema != url.params.end() && schema->second != "public")
            connection_->execute("CREATE SCHEMA IF NOT EXISTS " + d.quote_ident(schema->second));
        live_catalog_ = d.inspect(live_);
        build_schema();
        if (sample > 0)
            copy_rows(sample);
    }

    void drop() {
        connection_.reset();
        guard_.reset();
        if (!created_)
            return;
        created_ = false;
        try {
            live_.execute(drop_statement(target_, name_));
        } catch (const std::exception& e) {
            std::cerr << fmt::format("warning: could not drop the scratch database {}: {}\n"
                                     "Drop it by hand: {}\n",
                                     name_, e.what(), drop_statement(target_, name_));
        }
    }

    // The live catalog as stepwise creates it from nothing: every step's up, in order.
    void build_schema() {
        const auto& d = *target_.dialect;
        auto empty = d.inspect(*connection_);
        auto changes = diff::diff(empty, live_catalog_, d.diff_driver());
        if (changes.empty())
            return;
        dialect::CompileOptions options;
        options.plan_id = "verify";
        options.server_version = d.server_version(*connection_);
        try {
            for (const auto& step : d.compile(changes, empty, live_catalog_, options).ordered())
                for (const auto& sql : step.up)
                    connection_->execute(sql);
        } catch (const std::exception& e) {
            throw CliError(fmt::format("verify could not build the live schema in the "
                                       "scratch database {}: {}",
                                       name_, e.what()));
        }
    }

    // Up to `sample` rows of each table, by primary key, parents first. Rows travel as text,
    // as the server prints and parses them.
    void copy_rows(int sample) {
        const auto& d = *target_.dialect;
        for (const model::Table* t : parents_first(live_catalog_)) {
            std::string cols, marks;
            bool identity = false;
            for (size_t i = 0; i < t->columns.size(); ++i) {
                cols += (i ? ", " : "") + d.quote_ident(t->columns[i].name);
                marks += (i ? ", " : "") + d.placeholder(static_cast<int>(i) + 1);
                identity = identity || t->columns[i].identity;
            }
            std::string order;
            if (t->primary_key)
                for (size_t i = 0; i < t->primary_key->columns.size(); ++i)
                    order += (i ? ", " : " ORDER BY ") + d.quote_ident(t->primary_key->columns[i]);
            auto rows = live_.query(fmt::format("SELECT {} FROM {}{} LIMIT {}", cols,
                                                d.quote_ident(t->name), order, sample));
            std::string insert =
                fmt::format("INSERT INTO {} ({}){} VALUES ({})", d.quote_ident(t->name), cols,
                            identity ? how_.identity_insert_clause : std::string(), marks);
            for (const auto& row : rows.rows) {
                try {
                    connection_->query(insert, row);
                } catch (const dialect::DatabaseError& e) {
                    // The row's parent was not among the sampled rows.
                    if (!has_code(how_.missing_parent_codes, e))
                        throw CliError(fmt::format("verify could not copy a row of {} into "
                                                   "the scratch database: {}",
                                                   t->name, e.what()));
                    ++skipped_rows_;
                }
            }
        }
    }

    // On SIGINT / SIGTERM, from the watcher thread: the main thread's connections are busy,
    // so a connection of its own; where the dialect can, the scratch's session is killed
    // first, since DROP DATABASE may wait for the locks of a running statement.
    void drop_from_new_connection() {
        auto admin = target_.dialect->connect(target_.url);
        if (!connection_id_.empty())
            try {
                admin->execute(how_.kill_session_prefix + connection_id_);
            } catch (const std::exception&) {
                // Already gone.
            }
        admin->execute(drop_statement(target_, name_));
        std::cerr << "dropped the scratch database " << name_ << "\n";
    }

    const Target& target_;
    dialect::Connection& live_;
    std::string name_;
    dialect::VerifyScratch how_;
    bool created_ = false;
    std::unique_ptr<InterruptGuard> guard_;
    std::unique_ptr<dialect::Connection> connection_;
    std::string connection_id_; // the scratch session, for the kill on interrupt
    model::Catalog live_catalog_;
    int skipped_rows_ = 0;
};

} // namespace

std::unique_ptr<Scratch> make_server_scratch(const Target& target, dialect::Connection& live,
                                             int sample) {
    return std::make_unique<ServerScratch>(target, live, sample);
}

} // namespace stepwise::cli
