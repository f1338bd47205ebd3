#pragma once
// An optional ability of a dialect: making the statements of a non-transactional step safe to
// run again. Such a statement commits on its own and is counted after it; a kill between the
// two (or a server session that outlives its killed client and finishes the statement) leaves
// it done, half done, or still running when the next run reaches it again. Before each such
// statement that the step compiler marked with a plan::Guard (what the statement builds) the
// runtime asks the dialect's guard, which looks at the catalog, may wait (bounded) for another
// session's work on the same object, may clean up what a failed run left, and says whether
// the statement still has to run. The SQL text is never read: unmarked statements just run.

#include "compiler/plan/step.h"
#include "dialects/common/connection.h"
#include "dialects/common/orphan_wait.h"

#include <functional>
#include <string>

namespace stepwise::dialect {

enum class GuardVerdict {
    Run,  // run the statement (whatever it needed first is done)
    Skip, // its effect is already there: count it without running it
};

using WaitReport = std::function<void(const OrphanWait&)>;

class StatementGuard {
public:
    virtual ~StatementGuard() = default;
    // Called outside any transaction, before the statement `guard` marks (up or down, of a
    // non-transactional step) runs. A kind the dialect does not know: Run. Throws
    // DatabaseError when it cannot decide; a lock_timeout() one is retried by the runtime's
    // policy like the statement itself. A wait for another session's work is told to
    // `on_wait` (when given) when it starts and about once a second while it lasts, as the
    // run lock's waits are.
    virtual GuardVerdict before_statement(Connection& connection, const plan::Guard& guard,
                                          const WaitReport& on_wait) const = 0;
};

} // namespace stepwise::dialect
