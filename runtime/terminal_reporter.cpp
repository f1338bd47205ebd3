#include "runtime/terminal_reporter.h"

#include "runtime/progress_format.h"

#include <fmt/format.h>
#include <iostream>
#include <unistd.h>

namespace stepwise::runtime {

TerminalReporter::TerminalReporter(std::ostream& out, TerminalOptions options)
    : out_(out), options_(std::move(options)) {}

void TerminalReporter::end_bar() {
    if (bar_open_)
        out_ << '\n';
    bar_open_ = false;
}

void TerminalReporter::step_started(const StepStarted& e) {
    end_bar();
    backfill_started_.reset();
    last_plain_line_.reset();
    out_ << fmt::format("[{}/{}] {} {}{}{}\n", e.index, e.count,
                        e.direction == Direction::Up ? plan::to_string(e.step.phase) : "undo",
                        e.step.id, e.step.summary.empty() ? "" : ": " + e.step.summary,
                        e.resumed ? " (resuming)" : "");
    if (e.batch) {
        if (e.batch->automatic)
            out_ << fmt::format("      batches tuned to about {} each, the first of {} rows",
                                format_duration(e.batch->target), format_count(e.batch->size));
        else
            out_ << fmt::format("      batches of {} rows", format_count(e.batch->size));
        if (e.batch->pause.count() > 0)
            out_ << fmt::format(", pausing {} between them", format_duration(e.batch->pause));
        out_ << "\n";
    }
    out_.flush();
}

void TerminalReporter::step_finished(const StepFinished& e) {
    end_bar();
    out_ << fmt::format("      done in {}\n", format_duration(e.elapsed));
    out_.flush();
}

void TerminalReporter::step_skipped(const StepSkipped& e) {
    end_bar();
    out_ << fmt::format("[skip] {}: {}\n", e.step.id, e.reason);
    out_.flush();
}

void TerminalReporter::step_failed(const StepFailed& e) {
    end_bar();
    out_ << fmt::format("      failed: {}\n", e.message);
    out_.flush();
}

void TerminalReporter::retrying(const Retrying& e) {
    end_bar();
    out_ << fmt::format("      lock timeout (attempt {}/{}), retrying in {}: {}\n", e.attempt,
                        e.max_attempts, format_duration(e.delay), e.reason);
    out_.flush();
}

void TerminalReporter::orphan_waiting(const OrphanWaiting& e) {
    // The first report of a wait, then a line every plain_interval: enough to show it lasts.
    auto now = options_.now();
    if (e.session == last_wait_session_ && last_wait_line_ &&
        now - *last_wait_line_ < options_.plain_interval)
        return;
    last_wait_line_ = now;
    last_wait_session_ = e.session;
    end_bar();
    out_ << fmt::format("      waiting for {} of {} ({}): {} so far, at {} it will {}\n", e.what,
                        e.origin, e.session, format_duration(e.waited), format_duration(e.limit),
                        e.then);
    out_.flush();
}

void TerminalReporter::batch_done(const BatchDone& e) {
    auto now = options_.now();
    if (!backfill_started_) {
        backfill_started_ = now - e.batch_elapsed;
        rows_at_start_ = e.rows_done - e.batch_rows;
    }
    double seconds = std::chrono::duration<double>(now - *backfill_started_).count();
    double rate = seconds > 0 ? static_cast<double>(e.rows_done - rows_at_start_) / seconds : 0;
    auto eta = estimate_remaining(e.rows_done, e.rows_total, rate);
    std::string percent =
        e.rows_total && *e.rows_total > 0
            ? fmt::format("{:3}%", std::min<long long>(e.rows_done * 100 / *e.rows_total, 100))
            : std::string("   ?");
    std::string rows = e.rows_total ? fmt::format("{}/{} rows", format_count(e.rows_done),
                                                  format_count(*e.rows_total))
                                    : fmt::format("{} rows", format_count(e.rows_done));
    std::string rest = fmt::format("{} rows/s, ETA {}", format_count(static_cast<long long>(rate)),
                                   eta ? format_duration(*eta) : std::string("?"));
    if (options_.tty) {
        // \r and erase-to-end-of-line redraw the bar in place.
        out_ << fmt::format("\r      {} {} {}, {}\x1b[K",
                            render_bar(e.rows_done, e.rows_total, options_.bar_width), percent,
                            rows, rest);
        out_.flush();
        bar_open_ = true;
        return;
    }
    bool last = e.rows_total && e.rows_done >= *e.rows_total;
    if (last_plain_line_ && now - *last_plain_line_ < options_.plain_interval && !last)
        return;
    last_plain_line_ = now;
    out_ << fmt::format("      {}: {} ({}), {}\n", e.step.id, rows, percent, rest);
    out_.flush();
}

std::unique_ptr<Reporter> make_terminal_reporter() {
    TerminalOptions options;
    options.tty = isatty(STDERR_FILENO) != 0;
    return std::make_unique<TerminalReporter>(std::cerr, options);
}

} // namespace stepwise::runtime
