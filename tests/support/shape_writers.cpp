#include "tests/support/shape_writers.h"

#include "dialects/common/connection.h"

#include <chrono>
#include <thread>

namespace stepwise::testing {

void ShapeWriter::run(dialect::Connection& connection, int writes) {
    for (int i = 0; i < writes; ++i) {
        try {
            connection.execute(i % 2 == 0 ? insert(i) : update(i));
        } catch (const dialect::DatabaseError& e) {
            ++failures;
            last_error = e.what();
        }
    }
}

void run_both(ShapeWriter& old_writer, dialect::Connection& old_connection, ShapeWriter& new_writer,
              dialect::Connection& new_connection, int writes) {
    std::thread a([&] { old_writer.run(old_connection, writes); });
    std::thread b([&] { new_writer.run(new_connection, writes); });
    a.join();
    b.join();
}

std::exception_ptr run_both_during(const std::function<void()>& apply,
                                   const std::function<bool()>& window_open,
                                   ShapeWriter& old_writer, dialect::Connection& old_connection,
                                   ShapeWriter& new_writer, dialect::Connection& new_connection,
                                   int writes) {
    std::exception_ptr error;
    std::atomic<bool> done{false};
    std::thread applier([&] {
        try {
            apply();
        } catch (...) {
            error = std::current_exception();
        }
        done = true;
    });
    while (!done && !window_open())
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    run_both(old_writer, old_connection, new_writer, new_connection, writes);
    applier.join();
    return error;
}

} // namespace stepwise::testing
