#include "tests/mysql/mysql_server.h"

#include "tests/server_owner.h"

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace fs = std::filesystem;

namespace stepwise::testing {

namespace {
std::string g_socket;
const char* kDirPrefix = "stepwise-mariadb-";

// mariadbd of a killed test binary: nothing to shut down cleanly, the data is thrown away.
void stop_orphan(const std::string& dir) {
    kill_processes_using(dir);
}

std::string describe_exit(int status) {
    if (WIFSIGNALED(status))
        return "killed by signal " + std::to_string(WTERMSIG(status));
    if (WIFEXITED(status))
        return "exited with status " + std::to_string(WEXITSTATUS(status));
    return "gone";
}

// The fixture being watched: the latest one started, until it is torn down.
MysqlServer* g_watched = nullptr;

// After a failed test, whether the server died under it (the usual first sign is "Lost
// connection to server during query"): then its error log is printed while it still exists.
class DeadServerReporter : public ::testing::EmptyTestEventListener {
public:
    void OnTestEnd(const ::testing::TestInfo& info) override {
        if (g_watched && info.result() && info.result()->Failed())
            g_watched->check_exited();
    }
};

void watch(MysqlServer* server) {
    static bool listening = false;
    if (!listening) {
        ::testing::UnitTest::GetInstance()->listeners().Append(new DeadServerReporter);
        listening = true;
    }
    g_watched = server;
}
} // namespace

const std::string& MysqlServer::socket() {
    return g_socket;
}

std::string MysqlServer::url(const std::string& database) {
    return "mysql://root@localhost/" + database + "?socket=" + g_socket;
}

int MysqlServer::client(const std::string& sql) {
    std::string file =
        fs::temp_directory_path() / ("stepwise-mysql-" + std::to_string(::getpid()) + ".sql");
    std::ofstream(file) << sql;
    std::string cmd = "mariadb --no-defaults -uroot -S '" + g_socket + "' < '" + file + "'";
    int rc = std::system(cmd.c_str());
    fs::remove(file);
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

void MysqlServer::SetUp() {
    reap_orphaned_servers(fs::temp_directory_path().string(), kDirPrefix, stop_orphan);
    if (const char* existing = std::getenv("STEPWISE_TEST_MYSQL_SOCKET")) {
        g_socket = existing;
        return;
    }
    std::string templ = (fs::temp_directory_path() / kDirPrefix).string() + "XXXXXX";
    ASSERT_NE(::mkdtemp(templ.data()), nullptr) << "cannot create a temp directory";
    dir_ = templ;
    claim_server_dir(dir_);
    g_socket = dir_ + "/my.sock";
    // A temp directory of its own: internal temporary tables (information_schema joins) are
    // files there, and /tmp is shared with every other test binary and server. A server died
    // once (signal 11 in ha_maria::drop_table, cleaning up after a failed
    // create_tmp_table_for_schema) while other binaries ran beside it; why the temporary table
    // failed is not known, and this takes the shared directory out of the question.
    fs::create_directory(dir_ + "/tmp");
    std::string install = "mariadb-install-db --no-defaults --datadir='" + dir_ +
                          "/data' --tmpdir='" + dir_ +
                          "/tmp' --auth-root-authentication-method=normal --skip-test-db "
                          "> '" +
                          dir_ + "/install.log' 2>&1";
    // Seen once in CI under parallel tests: the bootstrap failed and its log was gone with the
    // directory. Try again from an empty data directory, and keep the log in the message.
    int rc = -1;
    for (int attempt = 0; attempt < 3 && rc != 0; ++attempt) {
        if (attempt > 0) {
            fs::remove_all(dir_ + "/data");
            ::sleep(1);
        }
        rc = std::system(install.c_str());
    }
    if (rc != 0) {
        std::ifstream in(dir_ + "/install.log");
        std::string log((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        FAIL() << "mariadb-install-db failed three times; its last log:\n"
               << log.substr(log.size() > 4000 ? log.size() - 4000 : 0);
    }
    // A parent-death signal stops mariadbd when the test binary is killed, but Linux sends it
    // when the forking *thread* ends: only safe from the main thread (start_shared() may run
    // on a test's worker thread). Servers it does not cover are left to the reaper.
    const bool main_thread = ::syscall(SYS_gettid) == ::getpid();
    const pid_t parent = ::getpid();
    pid_ = ::fork();
    ASSERT_GE(pid_, 0);
    if (pid_ == 0) {
        if (main_thread) {
            ::prctl(PR_SET_PDEATHSIG, SIGTERM);
            if (::getppid() != parent) // the parent died before prctl took effect
                std::_Exit(1);
        }
        std::string datadir = "--datadir=" + dir_ + "/data";
        std::string sock = "--socket=" + g_socket;
        std::string pidfile = "--pid-file=" + dir_ + "/my.pid";
        std::string log = "--log-error=" + dir_ + "/error.log";
        std::string tmpdir = "--tmpdir=" + dir_ + "/tmp";
        ::execlp("mariadbd", "mariadbd", "--no-defaults", "--user=root", datadir.c_str(),
                 sock.c_str(), pidfile.c_str(), log.c_str(), tmpdir.c_str(), "--skip-networking",
                 "--innodb-buffer-pool-size=32M", "--innodb-log-file-size=16M", "--skip-log-bin",
                 "--character-set-server=utf8mb4", "--collation-server=utf8mb4_general_ci",
                 static_cast<char*>(nullptr));
        std::_Exit(127);
    }
    // Ready when the client can run a query; give up after 180 s (a loaded machine starting
    // several servers at once is slow, and a failed start fails the whole binary).
    for (int i = 0; i < 1800; ++i) {
        if (fs::exists(g_socket) && std::system(("mariadb --no-defaults -uroot -S '" + g_socket +
                                                 "' -e 'SELECT 1' > /dev/null 2>&1")
                                                    .c_str()) == 0) {
            watch(this);
            return;
        }
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = 0;
            FAIL() << "mariadbd exited during start-up (" << describe_exit(status)
                   << "); the last lines of its error log:\n"
                   << log_tail(dir_ + "/error.log");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    FAIL() << "mariadbd did not accept connections within 180 s; see " << dir_ << "/error.log";
}

bool MysqlServer::check_exited() {
    if (exited_)
        return true;
    if (pid_ <= 0)
        return false;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) != pid_)
        return false;
    exited_ = true;
    report_dead_server("mariadbd " + std::to_string(pid_) + " of " + dir_ + " " +
                           describe_exit(status) + " before the fixture stopped it",
                       dir_ + "/error.log");
    pid_ = 0;
    return true;
}

namespace {
MysqlServer* g_shared = nullptr;
bool g_shared_ready = false;
} // namespace

bool MysqlServer::start_shared() {
    if (!g_shared) {
        g_shared = new MysqlServer;
        g_shared->SetUp();
        g_shared_ready = !socket().empty() && client("DO 1") == 0;
    }
    return g_shared_ready;
}

void MysqlServer::stop_shared() {
    if (!g_shared)
        return;
    g_shared->TearDown();
    delete g_shared;
    g_shared = nullptr;
    g_shared_ready = false;
}

void MysqlServer::TearDown() {
    if (g_watched == this)
        g_watched = nullptr;
    if (pid_ > 0 && !check_exited()) {
        ::kill(pid_, SIGTERM);
        int status = 0;
        ::waitpid(pid_, &status, 0);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
            report_dead_server("mariadbd " + std::to_string(pid_) + " did not shut down cleanly (" +
                                   describe_exit(status) + ")",
                               dir_ + "/error.log");
        pid_ = 0;
    }
    if (!dir_.empty())
        fs::remove_all(dir_);
}

} // namespace stepwise::testing
