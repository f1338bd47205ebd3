#include "runtime/json_reporter.h"

#include "compiler/plan/plan.h"

#include <nlohmann/json.hpp>
#include <ostream>

namespace stepwise::runtime {

namespace {

const char* direction(Direction d) {
    return d == Direction::Up ? "up" : "down";
}

void emit(std::ostream& out, const nlohmann::json& event) {
    out << event.dump() << '\n';
    out.flush();
}

} // namespace

JsonReporter::JsonReporter(std::ostream& out) : out_(out) {}

void JsonReporter::step_started(const StepStarted& e) {
    nlohmann::json event{{"event", "step_started"},
                         {"step", e.step.id},
                         {"phase", plan::to_string(e.step.phase)},
                         {"direction", direction(e.direction)},
                         {"index", e.index},
                         {"count", e.count},
                         {"resumed", e.resumed}};
    if (e.batch)
        event["batch"] = plan::to_json(*e.batch);
    emit(out_, event);
}

void JsonReporter::step_finished(const StepFinished& e) {
    emit(out_, {{"event", "step_finished"},
                {"step", e.step.id},
                {"direction", direction(e.direction)},
                {"elapsed_ms", e.elapsed.count()}});
}

void JsonReporter::step_skipped(const StepSkipped& e) {
    emit(out_, {{"event", "step_skipped"}, {"step", e.step.id}, {"reason", e.reason}});
}

void JsonReporter::step_failed(const StepFailed& e) {
    emit(out_, {{"event", "step_failed"},
                {"step", e.step.id},
                {"direction", direction(e.direction)},
                {"message", e.message}});
}

void JsonReporter::batch_done(const BatchDone& e) {
    emit(out_, {{"event", "batch_done"},
                {"step", e.step.id},
                {"rows_done", e.rows_done},
                {"rows_total", e.rows_total ? nlohmann::json(*e.rows_total) : nlohmann::json()},
                {"batch_rows", e.batch_rows},
                {"next_batch_size", e.next_batch_size},
                {"elapsed_ms", e.batch_elapsed.count()},
                {"cursor", e.cursor}});
}

void JsonReporter::retrying(const Retrying& e) {
    emit(out_, {{"event", "retry"},
                {"step", e.step_id},
                {"attempt", e.attempt},
                {"max_attempts", e.max_attempts},
                {"delay_ms", e.delay.count()},
                {"reason", e.reason}});
}

void JsonReporter::orphan_waiting(const OrphanWaiting& e) {
    emit(out_, {{"event", "orphan_wait"},
                {"for", e.what},
                {"session", e.session},
                {"waited_ms", e.waited.count()},
                {"limit_ms", e.limit.count()},
                {"then", e.then},
                {"origin", e.origin}});
}

} // namespace stepwise::runtime
