#include "runtime/lock_holder.h"

#include <cerrno>
#include <csignal>
#include <regex>
#include <unistd.h>

namespace stepwise::runtime {

std::optional<long> exited_local_holder(const std::string& holder) {
    static const std::regex described("^pid ([0-9]{1,9}) on ([^:]+):");
    std::smatch m;
    if (!std::regex_search(holder, m, described))
        return std::nullopt;
    char host[256] = {};
    if (::gethostname(host, sizeof host - 1) != 0 || m[2].str() != host)
        return std::nullopt;
    long pid = std::stol(m[1].str());
    if (pid <= 1 || pid == static_cast<long>(::getpid()))
        return std::nullopt;
    // EPERM means it runs (as another user): only ESRCH says it is gone.
    if (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH)
        return std::nullopt;
    return pid;
}

} // namespace stepwise::runtime
