#pragma once
// What a run reports while it waits for the sessions of a killed earlier run, and how long it
// waits by default (dialects/common/locker.h, the PostgreSQL index-build guard).

#include <chrono>
#include <string>

namespace stepwise::dialect {

// A wait for what a killed earlier run left behind: its server session still running a
// statement (an index build, a batch) that must end before this run touches anything.
struct OrphanWait {
    std::string what;    // "a concurrent index build", "a statement"
    std::string session; // "server process 4242", "server connection 17"
    std::chrono::milliseconds waited;
    std::chrono::milliseconds limit; // then `then` happens
    std::string then;                // "cancel it", "stop it with KILL QUERY"
    // Whose work it is: a killed run's session the run lock settles, or, for an index build
    // the PostgreSQL guard finds in progress inside a step, "another session".
    std::string origin = "an earlier, killed run";
};

// The one default for every such wait: long enough for an ordinary index build or batch to
// finish (its work is then kept), short enough that a stuck one does not hold a deploy.
constexpr std::chrono::milliseconds kDefaultOrphanWait{60000};

} // namespace stepwise::dialect
