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
    std::ifstream pid_file(kind == "pg" ? leaked.dir + "/data/postmaster.pid"
                                        : leaked.dir + "/my.pid");
    pid_file >> leaked.server_pid;
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

TEST(ServerReap, PgServerOfAKilledBinaryIsStoppedAndRemovedAtTheNextStart) {
    Leaked leaked = start_leaking_child("pg");
    KillOnExit guard{leaked};
    ASSERT_FALSE(leaked.dir.empty()) << "the child did not start a PostgreSQL server";
    ASSERT_GT(leaked.server_pid, 0) << "no postmaster.pid in " << leaked.dir;
    ASSERT_FALSE(process_gone(leaked.server_pid));

    // Its owner lives: a fixture start must leave it alone.
    PgServer::instance().start();
    ASSERT_TRUE(PgServer::instance().running()) << PgServer::instance().error();
    PgServer::instance().stop();
    EXPECT_TRUE(exists(leaked.dir + "/data/postmaster.pid"));
    EXPECT_FALSE(process_gone(leaked.server_pid));

    kill_owner(leaked);

    PgServer::instance().start();
    ASSERT_TRUE(PgServer::instance().running()) << PgServer::instance().error();
    PgServer::instance().stop();
    EXPECT_FALSE(exists(leaked.dir));
    EXPECT_TRUE(wait_until([&] { return process_gone(leaked.server_pid); }))
        << "postgres " << leaked.server_pid << " still runs";
}

TEST(ServerReap, MariadbOfAKilledBinaryIsKilledAndRemovedAtTheNextStart) {
    Leaked leaked = start_leaking_child("mariadb");
    KillOnExit guard{leaked};
    ASSERT_FALSE(leaked.dir.empty()) << "the child did not start a MariaDB server";
    ASSERT_GT(leaked.server_pid, 0) << "no my.pid in " << leaked.dir;

    {
        MysqlServer fixture; // its owner lives: the start must leave it alone
        fixture.SetUp();
        fixture.TearDown();
    }
    EXPECT_TRUE(exists(leaked.dir + "/my.pid"));
    EXPECT_FALSE(process_gone(leaked.server_pid));

    kill_owner(leaked);

    {
        MysqlServer fixture;
        fixture.SetUp();
        fixture.TearDown();
    }
    EXPECT_FALSE(exists(leaked.dir));
    EXPECT_TRUE(wait_until([&] { return process_gone(leaked.server_pid); }))
        << "mariadbd " << leaked.server_pid << " still runs";
}

TEST(ServerReap, MariadbStartedOnTheMainThreadStopsWhenItsBinaryIsKilled) {
    Leaked leaked = start_leaking_child("mariadb-main-thread");
    KillOnExit guard{leaked};
    ASSERT_FALSE(leaked.dir.empty()) << "the child did not start a MariaDB server";
    ASSERT_GT(leaked.server_pid, 0) << "no my.pid in " << leaked.dir;

    kill_owner(leaked);
    // The parent-death signal, with no fixture start in between.
    EXPECT_TRUE(wait_until([&] { return process_gone(leaked.server_pid); }))
        << "mariadbd " << leaked.server_pid << " outlived its test binary";

    MysqlServer fixture; // and the directory goes at the next start
    fixture.SetUp();
    fixture.TearDown();
    EXPECT_FALSE(exists(leaked.dir));
}

} // namespace

int main(int argc, char** argv) {
    const char* leak = "--leak-server=";
    if (argc == 2 && std::strncmp(argv[1], leak, std::strlen(leak)) == 0)
        return leak_server(argv[1] + std::strlen(leak));
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
