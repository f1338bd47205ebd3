#pragma once
// Progress for machines: one JSON object per event, one per line.

#include "runtime/progress.h"

#include <iosfwd>

namespace stepwise::runtime {

class JsonReporter : public Reporter {
public:
    explicit JsonReporter(std::ostream& out); // stdout in the CLI

    void step_started(const StepStarted& e) override;
    void step_finished(const StepFinished& e) override;
    void step_skipped(const StepSkipped& e) override;
    void step_failed(const StepFailed& e) override;
    void batch_done(const BatchDone& e) override;
    void retrying(const Retrying& e) override;
    void orphan_waiting(const OrphanWaiting& e) override;

private:
    std::ostream& out_;
};

} // namespace stepwise::runtime
