#pragma once
// Progress for people: a line per step and, for backfills, a bar redrawn in place when the
// output is a terminal, or a plain line every few seconds when it is not (CI logs).

#include "runtime/progress.h"

#include <chrono>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>

namespace stepwise::runtime {

struct TerminalOptions {
    bool tty = false;
    std::chrono::milliseconds plain_interval{5000}; // between plain progress lines
    int bar_width = 30;
    // Injectable so tests need not wait.
    std::function<std::chrono::steady_clock::time_point()> now = std::chrono::steady_clock::now;
};

class TerminalReporter : public Reporter {
public:
    TerminalReporter(std::ostream& out, TerminalOptions options);

    void step_started(const StepStarted& e) override;
    void step_finished(const StepFinished& e) override;
    void step_skipped(const StepSkipped& e) override;
    void step_failed(const StepFailed& e) override;
    void batch_done(const BatchDone& e) override;
    void retrying(const Retrying& e) override;
    void orphan_waiting(const OrphanWaiting& e) override;

private:
    void end_bar();

    std::ostream& out_;
    TerminalOptions options_;
    bool bar_open_ = false;
    // The rate counts only this run's rows: earlier runs' rows took unknown time.
    std::optional<std::chrono::steady_clock::time_point> backfill_started_;
    long long rows_at_start_ = 0;
    std::optional<std::chrono::steady_clock::time_point> last_plain_line_;
    std::optional<std::chrono::steady_clock::time_point> last_wait_line_;
    std::string last_wait_session_;
};

// Writes to stderr; a bar only when stderr is a terminal.
std::unique_ptr<Reporter> make_terminal_reporter();

} // namespace stepwise::runtime
