#include "tests/acceptance/resume_kill_loop.h"

#include "tests/acceptance/case_runner.h"

#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <iostream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace stepwise::testing {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// Exit code, or -signal when killed.
int wait_for(pid_t pid) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

std::vector<std::string> rollback_args(const std::string& url) {
    return {"rollback", "--url", url, "--yes", "--quiet"};
}

// Runs `args` to the end, measuring it; the output goes to the test log on failure.
milliseconds timed_run(const std::vector<std::string>& args, int* code, std::string* output) {
    auto t0 = Clock::now();
    auto r = run_stepwise(args);
    *code = r.exit_code;
    *output = r.output;
    return std::chrono::duration_cast<milliseconds>(Clock::now() - t0);
}

// Whether the latest plan's status (from `stepwise status --json`) is `status`.
bool plan_status_is(const std::string& url, const std::string& status) {
    auto r = run_stepwise({"status", "--url", url, "--json"});
    if (r.exit_code != 0)
        return false;
    try {
        auto j = nlohmann::json::parse(r.output);
        return j["plan"].is_object() && j["plan"]["status"] == status;
    } catch (const std::exception&) {
        return false;
    }
}

// Runs `args` again and again, each run killed after a random delay in [5 ms, `longest`]
// (wider after each kill), until one ends by itself or, after a kill, `finished()` says the
// killed run had got to its end (then 0). Returns the exit code; `log` lists the kills, `kills`
// counts them.
int run_until_done(const std::vector<std::string>& args, milliseconds longest, std::mt19937_64& rng,
                   int* kills, std::string* log, const std::function<bool()>& finished,
                   milliseconds* uncut = nullptr) {
    for (int runs = 0; runs < 200; ++runs) {
        auto t0 = Clock::now();
        pid_t pid = spawn_stepwise(args);
        // The window widens with every kill in a row: a resumed run may take longer than the
        // uninterrupted one (on PostgreSQL a killed client's backend finishes its statement,
        // holding its locks), and a cycle must end.
        long long window = longest.count() * (3 + runs) / 3;
        std::uniform_int_distribution<long long> delay(5, std::max<long long>(window, 6));
        auto ms = delay(rng);
        std::this_thread::sleep_for(milliseconds(ms));
        ::kill(pid, SIGKILL);
        int code = wait_for(pid);
        if (code != -SIGKILL) {
            // Ended before its kill: the machine got faster; later cycles aim at this time.
            if (uncut && runs == 0 && code == 0)
                *uncut = std::chrono::duration_cast<milliseconds>(Clock::now() - t0);
            return code;
        }
        ++*kills;
        *log += fmt::format(" kill@{}ms", ms);
        if (finished && finished()) {
            *log += " (it had finished)";
            return 0;
        }
    }
    return -1000;
}

} // namespace

std::vector<std::string> kill_loop_apply_args(const std::string& url, const std::string& schema) {
    return {"apply",
            "--url",
            url,
            "--schema",
            schema,
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
            "--allow-hazard",
            "BlockingLock",
            "--batch-size",
            "250"};
}

std::string dump_rows(dialect::Connection& connection, const std::string& select) {
    std::string out;
    for (const auto& row : connection.query(select).rows) {
        for (size_t i = 0; i < row.size(); ++i)
            out += (i ? "|" : "") + row[i].value_or("∅");
        out += "\n";
    }
    return out;
}

std::string checksum(const std::string& text) {
    unsigned long long h = 1469598103934665603ull;
    for (unsigned char ch : text) {
        h ^= ch;
        h *= 1099511628211ull;
    }
    return fmt::format("{:016x}", h);
}

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

void expect_rows(const std::string& what, const std::string& want, const std::string& got,
                 const std::string& when) {
    EXPECT_EQ(checksum(got), checksum(want))
        << when << ": " << what << " " << first_difference(want, got);
}

void run_kill_loop(const KillLoopCase& c) {
    const char* seed_env = std::getenv("STEPWISE_RESUME_SEED");
    const char* kills_env = std::getenv("STEPWISE_RESUME_KILLS");
    unsigned long long seed =
        seed_env ? std::stoull(seed_env)
                 : static_cast<unsigned long long>(Clock::now().time_since_epoch().count());
    int want_apply = kills_env ? std::stoi(kills_env) : c.apply_kills;
    std::cout << "[ resume   ] " << c.label << ": seed " << seed
              << " (STEPWISE_RESUME_SEED=" << seed << " replays it), " << want_apply
              << " apply kills, " << c.rollback_kills << " rollback kills\n";
    ::testing::Test::RecordProperty("seed", std::to_string(seed));
    std::mt19937_64 rng(seed);

    auto apply = kill_loop_apply_args(c.url, c.target_schema);
    auto rollback = rollback_args(c.url);
    const std::string start = c.start_rows();

    auto expect_start = [&](const std::string& when) {
        auto p = run_stepwise(
            {"plan", "--url", c.url, "--schema", c.start_schema, "--detailed-exitcode"});
        EXPECT_EQ(p.exit_code, 0) << when << ": the catalog is not the start's\n" << p.output;
        expect_rows("rows", start, c.start_rows(), when);
    };
    auto expect_target = [&](const std::string& when) {
        auto p = run_stepwise(
            {"plan", "--url", c.url, "--schema", c.target_schema, "--detailed-exitcode"});
        EXPECT_EQ(p.exit_code, 0) << when << ": the catalog is not the target's\n" << p.output;
        c.expect_target(when);
    };

    // One uninterrupted cycle first: it must work, and its timings spread the kills over
    // whole runs.
    int code = 0;
    std::string output;
    auto apply_full = timed_run(apply, &code, &output);
    ASSERT_EQ(code, 0) << c.label << ": an uninterrupted apply failed\n" << output;
    expect_target(c.label + ": uninterrupted apply");
    auto rollback_full = timed_run(rollback, &code, &output);
    ASSERT_EQ(code, 0) << c.label << ": an uninterrupted rollback failed\n" << output;
    expect_start(c.label + ": uninterrupted rollback");
    if (::testing::Test::HasFailure())
        return;
    std::cout << "[ resume   ] " << c.label << ": an uninterrupted apply takes "
              << apply_full.count() << " ms, a rollback " << rollback_full.count() << " ms\n";

    int apply_kills = 0, rollback_kills = 0, cycles = 0;
    // The kills needed take about the same number of whole runs on any machine.
    auto budget =
        std::max<milliseconds>(c.budget, std::min<milliseconds>(apply_full * 40, c.budget_limit));
    auto deadline = Clock::now() + budget;
    while ((apply_kills < want_apply || rollback_kills < c.rollback_kills) &&
           Clock::now() < deadline) {
        ++cycles;
        std::string log;
        // Kills up to 3/4 of a full run, so a cycle takes a few of them.
        code = run_until_done(apply, apply_full * 3 / 4, rng, &apply_kills, &log, nullptr,
                              &apply_full);
        ASSERT_EQ(code, 0) << c.label << " cycle " << cycles << " (seed " << seed
                           << "): apply exited " << code << " after" << log << "\n"
                           << run_stepwise(apply).output;
        expect_target(fmt::format("{} cycle {} (seed {}) after{}", c.label, cycles, seed, log));
        if (::testing::Test::HasFailure())
            return;

        std::string rlog;
        // A rollback run again after it finished would undo the plan before it (the seed's), so
        // after each kill, as a person would, look at status first.
        if (rollback_kills < c.rollback_kills)
            code = run_until_done(rollback, rollback_full, rng, &rollback_kills, &rlog,
                                  [&] { return plan_status_is(c.url, "rolled_back"); });
        else
            code = run_stepwise(rollback).exit_code;
        ASSERT_EQ(code, 0) << c.label << " cycle " << cycles << " (seed " << seed
                           << "): rollback exited " << code << " after" << rlog << "\n"
                           << run_stepwise(rollback).output;
        std::cout << "[ resume   ] " << c.label << " cycle " << cycles << ":" << log
                  << " -> applied;" << rlog << " -> rolled back\n";
        expect_start(
            fmt::format("{} cycle {} (seed {}) rolled back after{}", c.label, cycles, seed, rlog));
        if (::testing::Test::HasFailure())
            return;
    }
    std::cout << "[ resume   ] " << c.label << ": " << apply_kills << " apply kills and "
              << rollback_kills << " rollback kills in " << cycles << " cycles\n";
    EXPECT_GE(apply_kills, want_apply) << "too few apply kills landed before the time limit";
    EXPECT_GE(rollback_kills, c.rollback_kills)
        << "too few rollback kills landed before the time limit";
}

} // namespace stepwise::testing
