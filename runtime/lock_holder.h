#pragma once
// Who holds the run lock, as far as this host can tell. A killed holder's server session
// outlives the process until the server notices the closed connection; meanwhile the lock
// still looks held.

#include <optional>
#include <string>

namespace stepwise::runtime {

// The pid of a holder that described itself on this host (describe_this_process: "pid 12 on
// build-7: ...") and has exited since; nullopt when it runs, when it is on another host or
// when the text is not one this code wrote (it comes from the database: untrusted).
std::optional<long> exited_local_holder(const std::string& holder);

} // namespace stepwise::runtime
