#pragma once
// Concurrent index builds as the PostgreSQL tests stage them: what the catalog says of an
// index, and another session's build held half done.

#include "dialects/common/dialect.h"

#include <chrono>
#include <gtest/gtest.h>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace stepwise::testing {

// pg_index.indisvalid of `index` ("true" / "false"), or "missing".
inline std::string index_valid(dialect::Connection& c, const std::string& index) {
    auto rs = c.query("SELECT indisvalid::text FROM pg_index WHERE indexrelid = to_regclass($1)",
                      {index});
    return rs.rows.empty() ? "missing" : rs.rows[0][0].value_or("NULL");
}

// `create` (a CREATE INDEX CONCURRENTLY of `index`) run by a session of its own and held in
// its wait for an older open transaction: once constructed, the index is in the catalog, not
// yet valid, with its build in pg_stat_progress_create_index (the test asserts
// index_valid(...) == "false"). release() lets it finish.
class HeldIndexBuild {
public:
    HeldIndexBuild(const dialect::Dialect& d, const dialect::Url& url, const std::string& create,
                   const std::string& index)
        : old_(d.connect(url)), builder_(d.connect(url)) {
        old_->begin();
        old_->query("SELECT txid_current()");
        auto pid = builder_->query("SELECT pg_backend_pid()::text");
        pid_ = pid.rows.at(0).at(0).value_or("");
        thread_ = std::thread([this, create] {
            try {
                builder_->execute(create);
            } catch (const std::exception& e) {
                error_ = e.what();
            }
        });
        // The build shows as an invalid index once it has created it; a loaded machine may
        // take a while to get there.
        auto observer = d.connect(url);
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        while (index_valid(*observer, index) != "false" &&
               std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(25));
        if (index_valid(*observer, index) != "false")
            ADD_FAILURE() << "waited 60 s for the build of " << index
                          << " to show as an invalid index (server process " << pid_ << ")";
    }
    ~HeldIndexBuild() { join(); }
    HeldIndexBuild(const HeldIndexBuild&) = delete;
    HeldIndexBuild& operator=(const HeldIndexBuild&) = delete;

    // Ends the older transaction, so the build can finish; a second call does nothing. Safe
    // from another thread (a test's watchdog and its reporter may both call it).
    void release() {
        std::lock_guard<std::mutex> lock(release_mutex_);
        if (old_->in_transaction())
            old_->commit();
    }
    // Releases the build and waits for it; its error, empty when it succeeded.
    std::string join() {
        release();
        if (thread_.joinable())
            thread_.join();
        return error_;
    }
    const std::string& pid() const { return pid_; } // the building server process

private:
    std::unique_ptr<dialect::Connection> old_, builder_;
    std::string pid_, error_;
    std::thread thread_;
    std::mutex release_mutex_;
};

} // namespace stepwise::testing
