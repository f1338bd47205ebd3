#pragma once
// Old and new code writing at once during an expand window: each writer knows one shape of
// the table and writes through it only, alternating inserts and updates; the tests then check
// that both shapes agree. Failed writes are counted, not thrown, so one bad write does not hide
// the others.

#include "dialects/common/connection.h"

#include <atomic>
#include <exception>
#include <functional>
#include <string>

namespace stepwise::testing {

struct ShapeWriter {
    // The SQL of write number `i`: even numbers insert, odd numbers update.
    std::function<std::string(int i)> insert, update;
    std::atomic<int> failures{0};
    std::string last_error;

    void run(dialect::Connection& connection, int writes);
};

// `old_writer` and `new_writer` on threads of their own, `writes` each; returns when both are
// done.
void run_both(ShapeWriter& old_writer, dialect::Connection& old_connection, ShapeWriter& new_writer,
              dialect::Connection& new_connection, int writes);

// Runs `apply` on a thread of its own; once `window_open()` holds (polled), or the apply has
// ended, runs both writers as run_both() does, then waits for the apply. Returns what the apply
// threw, if anything.
std::exception_ptr run_both_during(const std::function<void()>& apply,
                                   const std::function<bool()>& window_open,
                                   ShapeWriter& old_writer, dialect::Connection& old_connection,
                                   ShapeWriter& new_writer, dialect::Connection& new_connection,
                                   int writes);

} // namespace stepwise::testing
