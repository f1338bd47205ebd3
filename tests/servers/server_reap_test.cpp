// A test binary killed by SIGKILL leaves its throwaway server behind; the next fixture start
// reaps it, and never a server whose test binary still runs. The leaking binary is this one,
// run again as a child with --leak-server=<kind>: it starts a server, prints its directory and
// waits to be killed.

#include "tests/mysql/mysql_server.h"
#include "tests/postgres/pg_server.h"
#include "tests/server_owner.h"

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace fs = std::filesystem;
using stepwise::testing::MysqlServer;
using stepwise::testing::PgServer;
using stepwise::testing::process_gone;
using stepwise::testing::wait_until;

namespace {

// The child's side: start a server the way a test binary does, report its directory (an empty
// line when the start failed: the server may hold the pipe open, so the parent must not wait
// for end of file), hang.
int leak_server(const std::string& kind) {
    std::string dir;
    if (kind == "pg") {
        PgServer::instance().start();
        if (PgServer::instance().running())
            dir = PgServer::instance().socket_dir();
    } else {
        auto* server = new MysqlServer; // never torn down: this process gets SIGKILL
        auto start = [server] { server->SetUp(); };
        if (kind == "mariadb-main-thread")
            start();
        else // off the main thread, mariadbd gets no parent-death signal: the reaper must act
            std::thread(start).join();
        if (!MysqlServer::socket().empty() && MysqlServer::client("DO 1") == 0)
            dir = fs::path(MysqlServer::socket()).parent_path().string();
    }
    std::printf("%s\n", dir.c_str());
    std::fflush(stdout);
    if (dir.empty())
        return 1;
    for (;;)
        ::pause();
}

struct Leaked {
    pid_t owner = 0;
    std::string dir;
    std::string pid_file;
    int server_pid = 0;
};

// Runs this binary with --leak-server=<kind>; returns the child and the server it started.
Leaked start_leaking_child(const std::string& kind) {
    Leaked leaked;
    int out[2];
    if (::pipe(out) != 0)
        return leaked;
    leaked.owner = ::fork();
    if (leaked.owner == 0) {
        ::dup2(out[1], STDOUT_FILENO);
        ::close(out[0]);
        ::close(out[1]);
        std::string arg = "--leak-server=" + kind;
        ::execl("/proc/self/exe", "server_reap_tests", arg.c_str(), static_cast<char*>(nullptr));
        std::_Exit(127);
    }
    ::close(out[1]);
    // The child's own start-up bounds this read: the servers give up after 60 s.
    FILE* from_child = ::fdopen(out[0], "r");
    char line[4096] = {};
    if (from_child && std::fgets(line, sizeof line, from_child)) {
        leaked.dir = line;
        if (!leaked.dir.empty() && leaked.dir.back() == '\n')
            leaked.dir.pop_back();
    }
    if (from_child)
        std::fclose(from_child);
    leaked.pid_file = leaked.dir + (kind == "pg" ? "/data/postmaster.pid" : "/my.pid");
    std::ifstream(leaked.pid_file) >> leaked.server_pid;
    return leaked;
}

void kill_owner(Leaked& leaked) {
    ::kill(leaked.owner, SIGKILL);
    int status = 0;
    ::waitpid(leaked.owner, &status, 0);
    leaked.owner = 0;
}

// Whatever a failed assertion left running is stopped, so the test leaks nothing itself.
struct KillOnExit {
    Leaked& leaked;
    ~KillOnExit() {
        if (leaked.owner > 0)
            kill_owner(leaked);
    }
};

bool exists(const std::string& path) {
    std::error_code ec;
    return fs::exists(path, ec);
}

// A fixture start and stop, as every test binary makes them: the start reaps.
void fixture_start_and_stop(const std::string& kind) {
    if (kind == "pg") {
        PgServer::instance().start();
        EXPECT_TRUE(PgServer::instance().running()) << PgServer::instance().error();
        PgServer::instance().stop();
    } else {
        MysqlServer fixture;
        fixture.SetUp();
        fixture.TearDown();
    }
}

// "pg", or "mariadb" started off the main thread (so that only the reaper can stop it).
class ServerOfAKilledBinary : public ::testing::TestWithParam<std::string> {};

TEST_P(ServerOfAKilledBinary, IsStoppedAndRemovedAtTheNextFixtureStart) {
    Leaked leaked = start_leaking_child(GetParam());
    KillOnExit guard{leaked};
    ASSERT_FALSE(leaked.dir.empty()) << "the child did not start a " << GetParam() << " server";
    ASSERT_GT(leaked.server_pid, 0) << "no pid file in " << leaked.dir;

    fixture_start_and_stop(GetParam()); // its owner lives: this start must leave it alone
    EXPECT_TRUE(exists(leaked.pid_file));
    EXPECT_FALSE(process_gone(leaked.server_pid));

    kill_owner(leaked);
    fixture_start_and_stop(GetParam());
    EXPECT_FALSE(exists(leaked.dir));
    EXPECT_TRUE(wait_until([&] { return process_gone(leaked.server_pid); }))
        << GetParam() << " server " << leaked.server_pid << " still runs";
}

INSTANTIATE_TEST_SUITE_P(ServerReap, ServerOfAKilledBinary,
                         ::testing::Values(std::string("pg"), std::string("mariadb")),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                             return info.param == "pg" ? std::string("Postgres")
                                                       : std::string("Mariadb");
                         });

TEST(ServerReap, MariadbStartedOnTheMainThreadStopsWhenItsBinaryIsKilled) {
    Leaked leaked = start_leaking_child("mariadb-main-thread");
    KillOnExit guard{leaked};
    ASSERT_FALSE(leaked.dir.empty()) << "the child did not start a MariaDB server";
    ASSERT_GT(leaked.server_pid, 0) << "no my.pid in " << leaked.dir;

    kill_owner(leaked);
    // The parent-death signal, with no fixture start in between.
    EXPECT_TRUE(wait_until([&] { return process_gone(leaked.server_pid); }))
        << "mariadbd " << leaked.server_pid << " outlived its test binary";

    fixture_start_and_stop("mariadb"); // and the directory goes at the next start
    EXPECT_FALSE(exists(leaked.dir));
}

// Only directories with an owner file naming a process that is gone are reaped: not one
// without the file, not one whose file makes no sense, not one whose owner lives. A pid
// reused by another process (same pid, other start time) counts as gone.
TEST(ServerReap, OnlyDirectoriesOfAGoneOwnerAreReaped) {
    auto make_dir = [](const std::string& owner) {
        std::string templ = "/tmp/stepwise-pg-XXXXXX";
        if (!::mkdtemp(templ.data()))
            return std::string();
        if (!owner.empty())
            std::ofstream(templ + "/owner") << owner;
        std::ofstream(templ + "/keep") << "not a server\n";
        return templ;
    };
    pid_t gone = ::fork();
    if (gone == 0)
        std::_Exit(0);
    ASSERT_GT(gone, 0);
    int status = 0;
    ::waitpid(gone, &status, 0);

    std::string no_owner = make_dir("");
    std::string nonsense = make_dir("not a pid\n");
    std::string alive = make_dir(std::to_string(::getpid()) + " " +
                                 std::to_string(stepwise::testing::process_start_time(::getpid())));
    std::string dead = make_dir(std::to_string(gone) + " 0\n");
    std::string reused = make_dir(std::to_string(::getpid()) + " 1\n"); // our pid, not our start
    for (const auto& dir : {no_owner, nonsense, alive, dead, reused})
        ASSERT_FALSE(dir.empty());

    fixture_start_and_stop("pg");
    EXPECT_TRUE(exists(no_owner + "/keep"));
    EXPECT_TRUE(exists(nonsense + "/keep"));
    EXPECT_TRUE(exists(alive + "/keep"));
    EXPECT_FALSE(exists(dead));
    EXPECT_FALSE(exists(reused));
    for (const auto& dir : {no_owner, nonsense, alive, dead, reused})
        fs::remove_all(dir);
}

} // namespace

int main(int argc, char** argv) {
    const char* leak = "--leak-server=";
    if (argc == 2 && std::strncmp(argv[1], leak, std::strlen(leak)) == 0)
        return leak_server(argv[1] + std::strlen(leak));
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
