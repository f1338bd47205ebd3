#include "dialects/postgres/pg_statement_guard.h"

#include "dialects/postgres/pg_quote.h"

#include <fmt/format.h>
#include <thread>

namespace stepwise::postgres {

namespace {

using Clock = std::chrono::steady_clock;

struct Found {
    bool valid = false;    // indisvalid and indisready
    bool on_table = false; // an index of that table (not a relation of another kind)
    std::string oid, schema;
};

// The table as the statement names it: qualified when the plan has a working schema.
std::string table_of(const plan::Guard& build) {
    return build.schema.empty() ? quote_ident(build.table) : qualified(build.schema, build.table);
}

std::optional<Found> find_index(dialect::Connection& connection, const plan::Guard& build) {
    // The index lives in its table's schema; to_regclass resolves the table as the statement
    // will (NULL when it does not exist: then the statement reports that itself).
    auto r = connection.query(
        "SELECT c.oid::text, (i.indisvalid AND i.indisready)::int, "
        "(i.indrelid IS NOT DISTINCT FROM t.oid)::int, n.nspname FROM pg_class t JOIN pg_class c "
        "ON c.relnamespace = t.relnamespace AND c.relname = $2 JOIN pg_namespace n ON n.oid = "
        "c.relnamespace LEFT JOIN pg_index i ON i.indexrelid = c.oid WHERE t.oid = "
        "to_regclass($1)",
        {table_of(build), build.index});
    if (r.rows.empty())
        return std::nullopt;
    const auto& row = r.rows.front();
    Found f;
    f.oid = row[0].value_or("");
    f.valid = row[1] == std::optional<std::string>("1");
    f.on_table = row[2] == std::optional<std::string>("1");
    f.schema = row[3].value_or("");
    return f;
}

// The server pid of another session building the index `oid`, if any.
std::optional<std::string> builder_of(dialect::Connection& connection, const std::string& oid) {
    auto r = connection.query("SELECT pid::text FROM pg_stat_progress_create_index WHERE "
                              "index_relid = $1::oid AND pid <> pg_backend_pid() LIMIT 1",
                              {oid});
    if (r.rows.empty())
        return std::nullopt;
    return r.rows.front()[0];
}

} // namespace

dialect::GuardVerdict guard_index_build(dialect::Connection& connection, const plan::Guard& build,
                                        std::chrono::milliseconds build_wait,
                                        const dialect::WaitReport& on_wait) {
    auto start = Clock::now();
    auto deadline = start + build_wait;
    std::optional<Clock::time_point> reported;
    for (;;) {
        auto found = find_index(connection, build);
        // Absent, or the name is taken by something else: the statement says what is wrong.
        if (!found || !found->on_table)
            return dialect::GuardVerdict::Run;
        if (found->valid)
            return dialect::GuardVerdict::Skip;
        auto builder = builder_of(connection, found->oid);
        if (!builder) {
            // Left by a build that failed or was cancelled, or by a server that restarted: it
            // is maintained on writes but never used, so drop it and build again.
            connection.execute("DROP INDEX CONCURRENTLY IF EXISTS " +
                               qualified(found->schema, build.index));
            return dialect::GuardVerdict::Run;
        }
        if (Clock::now() >= deadline)
            throw dialect::DatabaseError(
                fmt::format("index {} on {} is still being built by server process {}, not by "
                            "this run; wait for it or cancel it (SELECT pg_cancel_backend({})), "
                            "then run again",
                            quote_ident(build.index), table_of(build), *builder, *builder),
                "55P03", true);
        auto now = Clock::now();
        if (on_wait && (!reported || now - *reported >= std::chrono::seconds(1))) {
            reported = now;
            on_wait({"the concurrent build of index " + quote_ident(build.index) + " on " +
                         table_of(build),
                     "server process " + *builder,
                     std::chrono::duration_cast<std::chrono::milliseconds>(now - start), build_wait,
                     "give up and retry as after a lock timeout", "another session"});
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
}

} // namespace stepwise::postgres
