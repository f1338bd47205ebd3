#include "bench/load/load_client.h"

#include <libpq-fe.h>
#include <random>

namespace stepwise::bench {

namespace {

using Clock = std::chrono::steady_clock;

// The result columns leave out `views`: its type changes in one scenario, and a prepared
// statement whose result type changed fails in every client, which is not what is measured.
const char* kRead = "SELECT id, email FROM items WHERE id = $1";
const char* kUpdate = "UPDATE items SET views = views + 1 WHERE id = $1";
const char* kInsert = "INSERT INTO items (account_id, email, qty) VALUES ($1, $2, 1)";

double ms_between(Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double, std::milli>(b - a).count();
}

} // namespace

LoadClient::LoadClient(const LoadSettings& settings, int index)
    : settings_(settings), index_(index) {}

LoadClient::~LoadClient() {
    stop();
    PQfinish(conn_);
}

void LoadClient::connect() {
    conn_ = PQconnectdb(settings_.conninfo.c_str());
}

void LoadClient::start(Clock::time_point t0) {
    t0_ = t0;
    thread_ = std::thread([this] { run(); });
}

void LoadClient::stop() {
    stopping_ = true;
    if (thread_.joinable())
        thread_.join();
}

void LoadClient::run() {
    auto fail = [this](const std::string& message) {
        ++errors_;
        if (first_error_.empty())
            first_error_ = message;
    };
    PGconn* conn = conn_;
    if (PQstatus(conn) != CONNECTION_OK) {
        fail(PQerrorMessage(conn));
        return;
    }
    std::mt19937_64 rng(static_cast<unsigned long>(index_) * 7919 + 17);
    std::uniform_int_distribution<long> id_dist(1, settings_.max_id);
    std::uniform_int_distribution<long> account_dist(1, settings_.accounts);
    std::uniform_int_distribution<int> op_dist(0, 99);

    // Each client keeps its own fixed schedule, offset so the clients interleave; a stalled
    // transaction makes the next ones late, and that lateness counts in their latency.
    auto interval = std::chrono::duration<double>(settings_.clients / settings_.rate);
    auto intended = t0_ + std::chrono::duration_cast<Clock::duration>(
                              interval * (static_cast<double>(index_) / settings_.clients));
    long inserted = 0;
    while (!stopping_) {
        std::this_thread::sleep_until(intended);
        if (stopping_)
            break;
        int op = op_dist(rng);
        std::string id = std::to_string(id_dist(rng));
        std::string account = std::to_string(account_dist(rng));
        std::string email =
            "load-" + std::to_string(index_) + "-" + std::to_string(++inserted) + "@example.com";
        auto sent = Clock::now();
        PGresult* res = nullptr;
        if (op < 70) {
            const char* params[] = {id.c_str()};
            res = PQexecParams(conn, kRead, 1, nullptr, params, nullptr, nullptr, 0);
        } else if (op < 90) {
            const char* params[] = {id.c_str()};
            res = PQexecParams(conn, kUpdate, 1, nullptr, params, nullptr, nullptr, 0);
        } else {
            const char* params[] = {account.c_str(), email.c_str()};
            res = PQexecParams(conn, kInsert, 2, nullptr, params, nullptr, nullptr, 0);
        }
        auto done = Clock::now();
        auto status = PQresultStatus(res);
        if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK)
            stats_.add({ms_between(intended, done), ms_between(sent, done)});
        else
            fail(PQresultErrorMessage(res));
        PQclear(res);
        if (PQstatus(conn) != CONNECTION_OK)
            PQreset(conn);
        intended += std::chrono::duration_cast<Clock::duration>(interval);
    }
}

} // namespace stepwise::bench
