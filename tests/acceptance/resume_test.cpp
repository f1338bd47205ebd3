// Item 3 of issue #5, proved on SQLite: `stepwise apply` killed with SIGKILL at random moments
// (during DDL, inside a backfill, inside the table swap, between steps) and run again ends at
// the target with every row as it should be; a rollback afterwards restores the start.
//
// The seed is printed; STEPWISE_RESUME_SEED=<n> replays a run, STEPWISE_RESUME_KILLS=<n>
// asks for more kills (default 24).

#include "dialects/sqlite/sqlite_connection.h"
#include "tests/acceptance/case_runner.h"

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <gtest/gtest.h>
#include <random>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace fs = std::filesystem;
using stepwise::sqlite::SqliteConnection;
using stepwise::testing::run_stepwise;

namespace {

constexpr int kCustomers = 2000;
constexpr int kOrders = 10000;

// The start: customers with a nickname column to rename, orders with a real `total` to turn
// into integer cents, a nullable `status` to make NOT NULL, and a table to drop.
const char* kStartSchema = R"(table customers {
  id   int  primary key
  name text not null
  nick text
}
table orders {
  id          int  primary key
  customer_id int  not null references customers (id)
  total       real
  status      text
}
table legacy {
  id   int primary key
  note text
}
)";

// Every kind of step: rebuilds (create, batched copy, swap) of a parent and of a child that
// references it, an in-place rename, a new table, a new index and a soft drop.
const char* kTargetSchema = R"(table customers {
  id       int  primary key
  name     text not null
  nickname text renamed from nick
  email    text not null backfill ('user' || id || '@example.com')
}
table orders {
  id          int    primary key
  customer_id int    not null references customers (id)
  total_cents bigint not null renamed from total using (cast(round(coalesce(total, 0) * 100) as integer)) down using (total_cents / 100.0)
  status      text   not null backfill ('new')
  index orders_customer_idx (customer_id)
}
table audit {
  id  int primary key
  msg text
}
)";

std::string total_of(int i) {
    return fmt::format("{}", (i % 400) * 0.25); // exact in binary floating point
}

std::optional<std::string> status_of(int i) {
    if (i % 7 == 0)
        return std::nullopt;
    return std::string(i % 3 == 0 ? "paid" : "pending");
}

// Rows in a stable text form: one line per row, columns separated by '|', NULL as '∅'.
std::string dump(SqliteConnection& c, const std::string& select) {
    std::string out;
    for (const auto& row : c.query(select).rows) {
        for (size_t i = 0; i < row.size(); ++i)
            out += (i ? "|" : "") + row[i].value_or("∅");
        out += "\n";
    }
    return out;
}

// FNV-1a, to print a short checksum next to each verdict.
std::string checksum(const std::string& text) {
    unsigned long long h = 1469598103934665603ull;
    for (unsigned char ch : text) {
        h ^= ch;
        h *= 1099511628211ull;
    }
    return fmt::format("{:016x}", h);
}

// The first line where two dumps differ, for a readable failure.
std::string first_difference(const std::string& want, const std::string& got) {
    std::istringstream a(want), b(got);
    std::string la, lb;
    for (int line = 1;; ++line) {
        bool ma = static_cast<bool>(std::getline(a, la));
        bool mb = static_cast<bool>(std::getline(b, lb));
        if (!ma && !mb)
            return "none";
        if (la != lb || ma != mb)
            return fmt::format("row {}: want '{}', got '{}'", line, ma ? la : "<end>",
                               mb ? lb : "<end>");
    }
}

const char* kCustomersStart = "SELECT id, name, nick FROM customers ORDER BY id";
const char* kOrdersStart = "SELECT id, customer_id, total, status FROM orders ORDER BY id";
const char* kLegacy = "SELECT id, note FROM legacy ORDER BY id";
const char* kCustomersTarget = "SELECT id, name, nickname, email FROM customers ORDER BY id";
const char* kOrdersTarget =
    "SELECT id, customer_id, typeof(total_cents), total_cents, status FROM orders ORDER BY id";

// The target rows, computed here from the same formulas the seed used, not by stepwise.
std::string expected_customers() {
    std::string out;
    for (int i = 1; i <= kCustomers; ++i)
        out += fmt::format("{}|name {}|{}|user{}@example.com\n", i, i,
                           i % 5 == 0 ? std::string("∅") : fmt::format("nick{}", i), i);
    return out;
}

std::string expected_orders() {
    std::string out;
    for (int i = 1; i <= kOrders; ++i)
        out += fmt::format("{}|{}|integer|{}|{}\n", i, i % kCustomers + 1, (i % 400) * 25,
                           status_of(i).value_or("new"));
    return out;
}

class ResumeTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("stepwise-resume-" + std::to_string(::getpid()));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
        db_ = (dir_ / "app.db").string();
        std::ofstream(dir_ / "start.schema") << kStartSchema;
        std::ofstream(dir_ / "target.schema") << kTargetSchema;
    }
    void TearDown() override { fs::remove_all(dir_); }

    std::string url() const { return "sqlite://" + db_; }
    std::string schema(const char* name) const { return (dir_ / name).string(); }

    std::vector<std::string> apply_args() const {
        return {"apply",
                "--url",
                url(),
                "--schema",
                schema("target.schema"),
                "--contract",
                "--yes",
                "--quiet",
                "--allow-hazard",
                "DataLoss",
                "--allow-hazard",
                "TableRewrite",
                "--allow-hazard",
                "LongRunning",
                "--allow-hazard",
                "AppIncompatible",
                "--batch-size",
                "250"};
    }

    void seed_rows() {
        auto r = run_stepwise(
            {"apply", "--url", url(), "--schema", schema("start.schema"), "--yes", "--quiet"});
        ASSERT_EQ(r.exit_code, 0) << r.output;
        SqliteConnection c(db_);
        c.begin();
        for (int i = 1; i <= kCustomers; ++i)
            c.query("INSERT INTO customers (id, name, nick) VALUES (?1, ?2, ?3)",
                    {std::to_string(i), "name " + std::to_string(i),
                     i % 5 == 0 ? std::nullopt
                                : std::optional<std::string>("nick" + std::to_string(i))});
        for (int i = 1; i <= kOrders; ++i)
            c.query(
                "INSERT INTO orders (id, customer_id, total, status) VALUES (?1, ?2, "
                "CAST(?3 AS real), ?4)",
                {std::to_string(i), std::to_string(i % kCustomers + 1), total_of(i), status_of(i)});
        for (int i = 1; i <= 50; ++i)
            c.query("INSERT INTO legacy (id, note) VALUES (?1, ?2)",
                    {std::to_string(i), "note " + std::to_string(i)});
        c.commit();
    }

    // Starts apply as a child process; returns its pid.
    pid_t spawn(const std::vector<std::string>& args) {
        pid_t pid = ::fork();
        if (pid == 0) {
            int null = ::open("/dev/null", O_WRONLY);
            ::dup2(null, STDOUT_FILENO);
            ::dup2(null, STDERR_FILENO);
            std::vector<char*> argv;
            std::string binary = STEPWISE_BINARY;
            argv.push_back(binary.data());
            std::vector<std::string> copy = args;
            for (auto& a : copy)
                argv.push_back(a.data());
            argv.push_back(nullptr);
            ::execv(binary.c_str(), argv.data());
            ::_exit(127);
        }
        return pid;
    }

    // Exit code, or -signal when killed.
    static int wait_for(pid_t pid) {
        int status = 0;
        ::waitpid(pid, &status, 0);
        return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
    }

    void expect_start(const std::string& customers, const std::string& orders,
                      const std::string& legacy, const std::string& when) {
        auto p = run_stepwise(
            {"plan", "--url", url(), "--schema", schema("start.schema"), "--detailed-exitcode"});
        EXPECT_EQ(p.exit_code, 0) << when << ": the catalog is not the start's\n" << p.output;
        SqliteConnection c(db_);
        auto got_c = dump(c, kCustomersStart), got_o = dump(c, kOrdersStart),
             got_l = dump(c, kLegacy);
        EXPECT_EQ(checksum(got_c), checksum(customers))
            << when << ": customers " << first_difference(customers, got_c);
        EXPECT_EQ(checksum(got_o), checksum(orders))
            << when << ": orders " << first_difference(orders, got_o);
        EXPECT_EQ(checksum(got_l), checksum(legacy))
            << when << ": legacy " << first_difference(legacy, got_l);
    }

    void expect_target(const std::string& when) {
        auto p = run_stepwise(
            {"plan", "--url", url(), "--schema", schema("target.schema"), "--detailed-exitcode"});
        EXPECT_EQ(p.exit_code, 0) << when << ": the catalog is not the target's\n" << p.output;
        SqliteConnection c(db_);
        static const std::string want_c = expected_customers(), want_o = expected_orders();
        auto got_c = dump(c, kCustomersTarget), got_o = dump(c, kOrdersTarget);
        EXPECT_EQ(checksum(got_c), checksum(want_c))
            << when << ": customers " << first_difference(want_c, got_c);
        EXPECT_EQ(checksum(got_o), checksum(want_o))
            << when << ": orders " << first_difference(want_o, got_o);
        EXPECT_EQ(dump(c, "PRAGMA foreign_key_check"), "") << when;
        EXPECT_EQ(dump(c, "PRAGMA integrity_check"), "ok\n") << when;
        // No helper table or mirror trigger of a rebuild is left behind.
        EXPECT_EQ(dump(c, "SELECT name FROM sqlite_master WHERE name LIKE '\\_stepwise\\_new\\_%' "
                          "ESCAPE '\\' OR name LIKE '\\_stepwise\\_sync\\_%' ESCAPE '\\'"),
                  "")
            << when;
    }

    fs::path dir_;
    std::string db_;
};

TEST_F(ResumeTest, KilledApplyResumesToTheTargetAndRollsBackToTheStart) {
    const char* seed_env = std::getenv("STEPWISE_RESUME_SEED");
    const char* kills_env = std::getenv("STEPWISE_RESUME_KILLS");
    unsigned long long seed =
        seed_env ? std::stoull(seed_env)
                 : static_cast<unsigned long long>(
                       std::chrono::system_clock::now().time_since_epoch().count());
    int want_kills = kills_env ? std::stoi(kills_env) : 24;
    std::cout << "[ resume   ] seed " << seed << " (STEPWISE_RESUME_SEED=" << seed
              << " replays it), " << want_kills << " kills\n";
    RecordProperty("seed", std::to_string(seed));
    std::mt19937_64 rng(seed);

    seed_rows();
    std::string start_customers, start_orders, start_legacy;
    {
        SqliteConnection c(db_);
        start_customers = dump(c, kCustomersStart);
        start_orders = dump(c, kOrdersStart);
        start_legacy = dump(c, kLegacy);
    }

    // How long an uninterrupted apply takes here, measured on a copy, so kills spread over
    // the whole run.
    auto copy = (dir_ / "measure.db").string();
    fs::copy_file(db_, copy);
    auto args = apply_args();
    args[2] = "sqlite://" + copy;
    auto t0 = std::chrono::steady_clock::now();
    int measured = wait_for(spawn(args));
    auto full = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - t0);
    ASSERT_EQ(measured, 0) << "an uninterrupted apply failed";
    std::cout << "[ resume   ] an uninterrupted apply takes " << full.count() << " ms\n";

    int kills = 0, cycles = 0;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(45);
    while (kills < want_kills && std::chrono::steady_clock::now() < deadline) {
        ++cycles;
        std::string log;
        for (int runs = 0;; ++runs) {
            ASSERT_LT(runs, 200) << "apply never finished";
            pid_t pid = spawn(apply_args());
            // From just after exec (a kill before it proves nothing) to the end of a full run.
            // From just after exec (a kill before it proves nothing) to most of a full run, so
            // a cycle takes a few kills.
            std::uniform_int_distribution<long long> delay(
                5, std::max<long long>(full.count() * 3 / 4, 6));
            auto ms = delay(rng);
            std::this_thread::sleep_for(std::chrono::milliseconds(ms));
            bool killed = ::kill(pid, SIGKILL) == 0;
            int code = wait_for(pid);
            if (code == -SIGKILL) {
                ++kills;
                log += fmt::format(" kill@{}ms", ms);
                continue;
            }
            (void)killed;
            ASSERT_EQ(code, 0) << "cycle " << cycles << ": apply exited " << code << " after kills"
                               << log;
            break;
        }
        std::cout << "[ resume   ] cycle " << cycles << ":" << log << " -> applied\n";
        expect_target(fmt::format("cycle {} (seed {}) after{}", cycles, seed, log));
        if (HasFailure())
            return;

        auto r = run_stepwise({"rollback", "--url", url(), "--yes", "--quiet"});
        ASSERT_EQ(r.exit_code, 0) << r.output;
        expect_start(start_customers, start_orders, start_legacy,
                     fmt::format("cycle {} (seed {}) rolled back", cycles, seed));
        if (HasFailure())
            return;
    }
    std::cout << "[ resume   ] " << kills << " kills in " << cycles << " cycles\n";
    EXPECT_GE(kills, 20) << "too few kills landed before the time limit";
}

} // namespace
