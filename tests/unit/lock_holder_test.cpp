// Which run-lock holders count as exited on this host (runtime/lock_holder.h): only a holder
// that described itself with this host's name and whose pid no longer runs.

#include "runtime/lock_holder.h"

#include <gtest/gtest.h>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace stepwise::runtime {
namespace {

std::string this_host() {
    char host[256] = {};
    ::gethostname(host, sizeof host - 1);
    return host;
}

long exited_pid() {
    pid_t child = ::fork();
    if (child == 0)
        ::_exit(0);
    int status = 0;
    ::waitpid(child, &status, 0);
    return child;
}

std::string holder(long pid, const std::string& host) {
    return "pid " + std::to_string(pid) + " on " + host +
           ": stepwise apply, since 2026-01-01T00:00:00.000Z (server connection 7)";
}

TEST(LockHolder, AHolderOnThisHostWhosePidHasExitedIsExited) {
    long pid = exited_pid();
    EXPECT_EQ(exited_local_holder(holder(pid, this_host())), pid);
}

TEST(LockHolder, AHolderThatRunsIsNot) {
    EXPECT_EQ(exited_local_holder(holder(::getppid(), this_host())), std::nullopt);
    EXPECT_EQ(exited_local_holder(holder(::getpid(), this_host())), std::nullopt);
}

TEST(LockHolder, AHolderOnAnotherHostIsNot) {
    EXPECT_EQ(exited_local_holder(holder(exited_pid(), this_host() + "-elsewhere")), std::nullopt);
}

TEST(LockHolder, TextThisCodeDidNotWriteIsNot) {
    long pid = exited_pid();
    for (const std::string& text :
         {std::string("another stepwise process"), std::string(""),
          "pid " + std::to_string(pid) + ": stepwise apply",
          " pid " + std::to_string(pid) + " on " + this_host() + ":",
          "pid 1 on " + this_host() + ":", "pid 0 on " + this_host() + ":",
          "pid 99999999999 on " + this_host() + ":"})
        EXPECT_EQ(exited_local_holder(text), std::nullopt) << text;
}

} // namespace
} // namespace stepwise::runtime
