#include "bench/load/lock_sampler.h"

#include <algorithm>
#include <cstdlib>
#include <libpq-fe.h>

namespace stepwise::bench {

namespace {

// Sessions of this database in a lock wait; the wait is measured from the statement's start,
// which for the load's one-statement transactions is when it began to wait or very close.
const char* kSampleSql =
    "SELECT count(*), coalesce(max(extract(epoch FROM clock_timestamp() - query_start)) * "
    "1000, 0) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = "
    "current_database()";

} // namespace

LockSampler::LockSampler(std::string conninfo, std::chrono::milliseconds interval)
    : conninfo_(std::move(conninfo)), interval_(interval) {}

LockSampler::~LockSampler() {
    if (thread_.joinable()) {
        stopping_ = true;
        thread_.join();
    }
}

void LockSampler::start() {
    thread_ = std::thread([this] { run(); });
}

LockWaitSummary LockSampler::stop() {
    stopping_ = true;
    if (thread_.joinable())
        thread_.join();
    return summary_;
}

void LockSampler::run() {
    PGconn* conn = PQconnectdb(conninfo_.c_str());
    if (PQstatus(conn) != CONNECTION_OK) {
        summary_.error = PQerrorMessage(conn);
        PQfinish(conn);
        return;
    }
    auto next = std::chrono::steady_clock::now();
    while (!stopping_) {
        PGresult* res = PQexec(conn, kSampleSql);
        if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1) {
            long waiters = std::atol(PQgetvalue(res, 0, 0));
            double wait_ms = std::atof(PQgetvalue(res, 0, 1));
            ++summary_.samples;
            if (waiters > 0) {
                ++summary_.samples_with_waiters;
                summary_.max_waiters = std::max(summary_.max_waiters, waiters);
                summary_.max_wait_ms = std::max(summary_.max_wait_ms, wait_ms);
            }
        } else if (summary_.error.empty()) {
            summary_.error = PQresultErrorMessage(res);
        }
        PQclear(res);
        next += interval_;
        std::this_thread::sleep_until(next);
    }
    PQfinish(conn);
}

} // namespace stepwise::bench
