#pragma once
// The steps of a plan and their dependencies, as a Boost.Graph DAG, and its stable order.

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "compiler/plan/step.h"

namespace stepwise::plan {

class PlanError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class StepGraph {
public:
    StepGraph();
    ~StepGraph();
    StepGraph(StepGraph&&) noexcept;
    StepGraph& operator=(StepGraph&&) noexcept;

    // Adds a step; its `after` ids become edges once every step is in. Duplicate ids throw.
    void add(Step step);

    // Dependency edges read like prose: graph.must_run("a").before("b").
    class Ordering {
    public:
        void before(const std::string& later);
    private:
        friend class StepGraph;
        Ordering(StepGraph& g, std::string first) : graph_(g), first_(std::move(first)) {}
        StepGraph& graph_;
        std::string first_;
    };
    Ordering must_run(const std::string& first);

    // Topological order with a stable tie-break (phase, then id). Throws PlanError on a
    // cycle or an edge to an unknown step, naming the steps.
    std::vector<Step> ordered() const;

    size_t size() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace stepwise::plan
