// A throwaway server that dies under a test leaves evidence: the fixture prints the tail of
// its log to stderr before removing its directory. And the reaper never signals a process that
// is not a dead owner's server: not through a stale pid file, not a live owner whose start time
// is unknown; directories leaked before owner files existed go once they are old and unused.

#include "tests/mysql/mysql_server.h"
#include "tests/postgres/pg_server.h"
#include "tests/server_owner.h"

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <pwd.h>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;
using stepwise::testing::MysqlServer;
using stepwise::testing::PgServer;
using stepwise::testing::process_gone;
using stepwise::testing::wait_until;

namespace {

bool exists(const std::string& path) {
    std::error_code ec;
    return fs::exists(path, ec);
}

std::string make_dir(const std::string& prefix) {
    std::string templ = "/tmp/" + prefix + "XXXXXX";
    return ::mkdtemp(templ.data()) ? templ : std::string();
}

// A child that sleeps with `arg` on its command line (so it "uses" a directory when `arg` is a
// path inside it); killed by the destructor. Run as `postgres` when we are root, so that
// pg_ctl (which runs as postgres) could signal it.
struct Sleeper {
    pid_t pid = 0;
    explicit Sleeper(const std::string& arg) {
        pid = ::fork();
        if (pid == 0) {
            if (::geteuid() == 0) {
                const passwd* pg = ::getpwnam("postgres");
                if (!pg || ::setgid(pg->pw_gid) != 0 || ::setuid(pg->pw_uid) != 0)
                    std::_Exit(126);
            }
            ::execlp("sh", "sh", "-c", "sleep 120", arg.c_str(), static_cast<char*>(nullptr));
            std::_Exit(127);
        }
        // Until exec has replaced the forked copy, the command line is still ours.
        wait_until([&] {
            std::ifstream in("/proc/" + std::to_string(pid) + "/cmdline");
            std::string text((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
            return text.find(arg) != std::string::npos;
        });
    }
    ~Sleeper() {
        if (pid > 0) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, nullptr, 0);
        }
    }
};

void pg_fixture_start_and_stop() {
    PgServer::instance().start();
    EXPECT_TRUE(PgServer::instance().running()) << PgServer::instance().error();
    PgServer::instance().stop();
}

TEST(LogTail, KeepsTheLastLinesInOrder) {
    std::string dir = make_dir("stepwise-logtail-");
    ASSERT_FALSE(dir.empty());
    {
        std::ofstream out(dir + "/long.log");
        for (int i = 1; i <= 100; ++i)
            out << "line " << i << '\n';
        std::ofstream(dir + "/short.log") << "a\nb\nc\n";
    }
    std::string tail = stepwise::testing::log_tail(dir + "/long.log", 3);
    EXPECT_EQ(tail, "line 98\nline 99\nline 100\n");
    std::string sixty = stepwise::testing::log_tail(dir + "/long.log");
    EXPECT_EQ(sixty.find("line 40\n"), std::string::npos);
    EXPECT_EQ(sixty.rfind("line 41\n", 0), 0u) << sixty;
    EXPECT_EQ(stepwise::testing::log_tail(dir + "/short.log"), "a\nb\nc\n");
    EXPECT_EQ(stepwise::testing::log_tail(dir + "/missing.log"), "");
    fs::remove_all(dir);
}

TEST(DeadServerEvidence, MariadbKilledUnderTheFixturePrintsItsErrorLog) {
    MysqlServer fixture;
    fixture.SetUp();
    ASSERT_FALSE(::testing::Test::HasFatalFailure());
    ASSERT_GT(fixture.server_pid(), 0);
    const int pid = fixture.server_pid();
    const std::string dir = fixture.dir();
    ASSERT_EQ(::kill(pid, SIGKILL), 0);
    ASSERT_TRUE(wait_until([&] { return process_gone(pid); })); // a zombie until reaped

    ::testing::internal::CaptureStderr();
    fixture.TearDown();
    std::string err = ::testing::internal::GetCapturedStderr();
    // mariadbd's own start-up line, read from its error log before the directory went.
    EXPECT_NE(err.find("ready for connections"), std::string::npos) << err;
    EXPECT_NE(err.find("signal 9"), std::string::npos) << err;
    EXPECT_FALSE(exists(dir));
}

TEST(DeadServerEvidence, MariadbStoppedNormallyPrintsNothing) {
    MysqlServer fixture;
    fixture.SetUp();
    ASSERT_FALSE(::testing::Test::HasFatalFailure());
    ::testing::internal::CaptureStderr();
    fixture.TearDown();
    std::string err = ::testing::internal::GetCapturedStderr();
    EXPECT_EQ(err.find("error.log"), std::string::npos) << err;
}

TEST(DeadServerEvidence, PostgresKilledUnderTheFixturePrintsItsLog) {
    auto& server = PgServer::instance();
    server.start();
    ASSERT_TRUE(server.running()) << server.error();
    const std::string dir = server.socket_dir();
    int pid = 0;
    std::ifstream(dir + "/data/postmaster.pid") >> pid;
    ASSERT_GT(pid, 0);
    ASSERT_EQ(::kill(pid, SIGKILL), 0);
    ASSERT_TRUE(wait_until([&] { return process_gone(pid); }));

    ::testing::internal::CaptureStderr();
    server.stop();
    std::string err = ::testing::internal::GetCapturedStderr();
    EXPECT_NE(err.find("database system is ready to accept connections"), std::string::npos) << err;
    EXPECT_FALSE(exists(dir));
}

// A dead owner's directory whose postmaster.pid names a pid now used by an unrelated process:
// pg_ctl stop would send that process SIGQUIT; the reaper must leave it alone.
TEST(ServerReapSafety, AStalePostmasterPidIsNeverSignalled) {
    pid_t gone = ::fork();
    if (gone == 0)
        std::_Exit(0);
    ASSERT_GT(gone, 0);
    ::waitpid(gone, nullptr, 0);
    std::string dir = make_dir("stepwise-pg-");
    ASSERT_FALSE(dir.empty());
    std::ofstream(dir + "/owner") << gone << " 0\n";
    fs::create_directory(dir + "/data");
    Sleeper bystander("/tmp/not-a-server-dir/x");
    std::ofstream(dir + "/data/postmaster.pid") << bystander.pid << "\n" << dir << "/data\n";
    std::ofstream(dir + "/data/PG_VERSION") << "15\n";
    if (::geteuid() == 0) // as a real server's directory is: pg_ctl runs as postgres
        ASSERT_EQ(stepwise::testing::run_command("chown -R postgres:postgres " + dir), 0);

    pg_fixture_start_and_stop();
    EXPECT_FALSE(exists(dir));
    EXPECT_FALSE(process_gone(bystander.pid)) << "the reaper signalled an unrelated process";
    fs::remove_all(dir);
}

// claim_server_dir writes start time 0 when it cannot read its own: that owner still runs, so
// its directory stays.
TEST(ServerReapSafety, ALiveOwnerWithUnknownStartTimeKeepsItsDirectory) {
    std::string dir = make_dir("stepwise-pg-");
    ASSERT_FALSE(dir.empty());
    std::ofstream(dir + "/owner") << ::getpid() << " 0\n";
    pg_fixture_start_and_stop();
    EXPECT_TRUE(exists(dir + "/owner"));
    fs::remove_all(dir);
}

// Directories from before owner files: reaped when a mkdtemp name of our prefix (or the prefix
// and a pid, MariaDB's old naming), older than an hour and used by no process; a recent one, one
// in use, and another name are kept.
TEST(ServerReapSafety, OldOwnerlessDirectoriesAreReapedWhenUnused) {
    auto age = [](const std::string& dir) {
        fs::last_write_time(dir, fs::file_time_type::clock::now() - std::chrono::hours(2));
    };
    std::string old_unused = make_dir("stepwise-pg-");
    std::string old_in_use = make_dir("stepwise-pg-");
    std::string recent = make_dir("stepwise-pg-");
    std::string other_name = "/tmp/stepwise-pg-evidence-" + std::to_string(::getpid());
    fs::create_directory(other_name);
    std::string pid_named = "/tmp/stepwise-pg-" + std::to_string(::getpid()) + "0";
    fs::create_directory(pid_named);
    for (const auto& dir : {old_unused, old_in_use, recent})
        ASSERT_FALSE(dir.empty());
    Sleeper user(old_in_use + "/socket");
    for (const auto& dir : {old_unused, old_in_use, other_name, pid_named})
        age(dir);

    pg_fixture_start_and_stop();
    EXPECT_FALSE(exists(old_unused));
    EXPECT_FALSE(exists(pid_named));
    EXPECT_TRUE(exists(old_in_use));
    EXPECT_TRUE(exists(recent));
    EXPECT_TRUE(exists(other_name));
    EXPECT_FALSE(process_gone(user.pid));
    for (const auto& dir : {old_unused, old_in_use, recent, other_name, pid_named})
        fs::remove_all(dir);
}

} // namespace
