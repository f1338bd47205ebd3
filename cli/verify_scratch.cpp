#include "cli/errors.h"
#include "cli/verify.h"

#include <cstdio>
#include <fmt/format.h>
#include <unistd.h>

namespace stepwise::cli {

namespace {

class SqliteScratch : public Scratch {
public:
    SqliteScratch(dialect::Connection& live, const dialect::Dialect& dialect, int sample) {
        std::string tmpl = "/tmp/stepwise_verify_XXXXXX";
        if (!::mkdtemp(tmpl.data()))
            throw CliError("verify: cannot create a scratch directory in /tmp");
        dir_ = tmpl;
        path_ = dir_ + "/scratch.db";
        live.execute("VACUUM INTO " + dialect.quote_literal(path_));
        dialect::Url url;
        url.scheme = "sqlite";
        url.path = path_;
        connection_ = dialect.connect(url);
        trim(dialect, sample);
    }
    ~SqliteScratch() override {
        connection_.reset();
        for (const char* suffix : {"", "-journal", "-wal", "-shm"})
            std::remove((path_ + suffix).c_str());
        ::rmdir(dir_.c_str());
    }
    dialect::Connection& connection() override { return *connection_; }
    std::string describe() const override { return "scratch copy " + path_; }

private:
    void trim(const dialect::Dialect& dialect, int sample) {
        auto& c = *connection_;
        for (const char* name : {"state", "plans", "purged"})
            c.execute("DROP TABLE IF EXISTS " + dialect.state_table(name));
        // Rows go with foreign keys off; what a kept child row needs is checked below.
        c.execute("PRAGMA foreign_keys = OFF");
        auto tables = c.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT "
                              "LIKE 'sqlite\\_%' ESCAPE '\\'");
        for (const auto& row : tables.rows) {
            std::string t = dialect.quote_ident(*row[0]);
            if (sample <= 0)
                c.execute("DELETE FROM " + t);
            else
                c.execute(fmt::format("DELETE FROM {0} WHERE rowid NOT IN (SELECT rowid FROM {0} "
                                      "ORDER BY rowid LIMIT {1})",
                                      t, sample));
        }
        // A kept row whose parent was not kept goes too, until the sample is consistent.
        for (int round = 0; round < 100; ++round) {
            auto dangling = c.query("PRAGMA foreign_key_check");
            if (dangling.rows.empty())
                break;
            for (const auto& r : dangling.rows)
                if (r[0] && r[1])
                    c.execute(fmt::format("DELETE FROM {} WHERE rowid = {}",
                                          dialect.quote_ident(*r[0]), std::stoll(*r[1])));
        }
        c.execute("PRAGMA foreign_keys = ON");
    }

    std::string dir_;
    std::string path_;
    std::unique_ptr<dialect::Connection> connection_;
};

} // namespace

std::unique_ptr<Scratch> make_sqlite_scratch(dialect::Connection& live,
                                             const dialect::Dialect& dialect, int sample) {
    return std::make_unique<SqliteScratch>(live, dialect, sample);
}

} // namespace stepwise::cli
