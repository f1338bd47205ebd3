#include "compiler/plan/step_graph.h"

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <functional>
#include <map>
#include <queue>
#include <set>
#include <tuple>

namespace stepwise::plan {

namespace {

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, Step>;
using Vertex = boost::graph_traits<Graph>::vertex_descriptor;

// Finds one cycle among the vertices Kahn's algorithm could not place, for the message.
std::vector<Vertex> find_cycle(const Graph& g, const std::vector<bool>& placed) {
    enum class Mark { None, Active, Done };
    std::vector<Mark> mark(boost::num_vertices(g), Mark::None);
    std::vector<Vertex> stack;
    std::vector<Vertex> cycle;

    // Iterative would be longer; cycles are reported once, on small graphs of steps.
    std::function<bool(Vertex)> visit = [&](Vertex v) {
        mark[v] = Mark::Active;
        stack.push_back(v);
        // Visit successors in id order so the reported cycle is deterministic.
        std::vector<Vertex> next;
        for (auto [e, end] = boost::out_edges(v, g); e != end; ++e)
            next.push_back(boost::target(*e, g));
        std::sort(next.begin(), next.end(), [&](Vertex a, Vertex b) { return g[a].id < g[b].id; });
        for (Vertex w : next) {
            if (placed[w])
                continue;
            if (mark[w] == Mark::Active) {
                auto from = std::find(stack.begin(), stack.end(), w);
                cycle.assign(from, stack.end());
                return true;
            }
            if (mark[w] == Mark::None && visit(w))
                return true;
        }
        stack.pop_back();
        mark[v] = Mark::Done;
        return false;
    };

    std::vector<Vertex> roots;
    for (Vertex v = 0; v < boost::num_vertices(g); ++v)
        if (!placed[v])
            roots.push_back(v);
    std::sort(roots.begin(), roots.end(), [&](Vertex a, Vertex b) { return g[a].id < g[b].id; });
    for (Vertex v : roots)
        if (mark[v] == Mark::None && visit(v))
            break;
    return cycle;
}

} // namespace

struct StepGraph::Impl {
    Graph graph;
    std::map<std::string, Vertex> by_id;
    std::vector<std::pair<std::string, std::string>> orderings; // (first, later)
};

StepGraph::StepGraph() : impl_(std::make_unique<Impl>()) {}
StepGraph::~StepGraph() = default;
StepGraph::StepGraph(StepGraph&&) noexcept = default;
StepGraph& StepGraph::operator=(StepGraph&&) noexcept = default;

void StepGraph::add(Step step) {
    if (impl_->by_id.count(step.id))
        throw PlanError("duplicate step id '" + step.id + "'");
    std::string id = step.id;
    Vertex v = boost::add_vertex(std::move(step), impl_->graph);
    impl_->by_id.emplace(std::move(id), v);
}

void StepGraph::Ordering::before(const std::string& later) {
    graph_.impl_->orderings.emplace_back(first_, later);
}

StepGraph::Ordering StepGraph::must_run(const std::string& first) {
    return Ordering(*this, first);
}

size_t StepGraph::size() const {
    return boost::num_vertices(impl_->graph);
}

std::vector<Step> StepGraph::ordered() const {
    // Edges are resolved here, once every step is in, so steps may be added in any order.
    Graph g = impl_->graph;
    const auto& by_id = impl_->by_id;
    auto lookup = [&](const std::string& id, const std::string& referrer) {
        auto it = by_id.find(id);
        if (it == by_id.end())
            throw PlanError("step '" + referrer + "' depends on unknown step '" + id + "'");
        return it->second;
    };

    std::set<std::pair<Vertex, Vertex>> edges;
    for (Vertex v = 0; v < boost::num_vertices(g); ++v)
        for (const auto& dep : g[v].after)
            edges.emplace(lookup(dep, g[v].id), v);
    for (const auto& [first, later] : impl_->orderings) {
        Vertex l = lookup(later, first);
        Vertex f = lookup(first, later);
        edges.emplace(f, l);
    }
    for (const auto& [f, l] : edges)
        boost::add_edge(f, l, g);

    // The result keeps every dependency in Step::after (sorted, without repeats), so a
    // saved plan can still draw and check its edges.
    for (Vertex v = 0; v < boost::num_vertices(g); ++v) {
        std::set<std::string> deps;
        for (auto [e, end] = boost::in_edges(v, g); e != end; ++e)
            deps.insert(g[boost::source(*e, g)].id);
        g[v].after.assign(deps.begin(), deps.end());
    }

    // Kahn's algorithm; among ready steps the smallest (phase, id) goes first.
    using Key = std::tuple<Phase, std::string, Vertex>;
    std::priority_queue<Key, std::vector<Key>, std::greater<Key>> ready;
    std::vector<size_t> waiting(boost::num_vertices(g));
    for (Vertex v = 0; v < boost::num_vertices(g); ++v) {
        waiting[v] = boost::in_degree(v, g);
        if (waiting[v] == 0)
            ready.emplace(g[v].phase, g[v].id, v);
    }
    std::vector<Step> out;
    std::vector<bool> placed(boost::num_vertices(g), false);
    while (!ready.empty()) {
        Vertex v = std::get<2>(ready.top());
        ready.pop();
        placed[v] = true;
        out.push_back(g[v]);
        for (auto [e, end] = boost::out_edges(v, g); e != end; ++e) {
            Vertex w = boost::target(*e, g);
            if (--waiting[w] == 0)
                ready.emplace(g[w].phase, g[w].id, w);
        }
    }

    if (out.size() != boost::num_vertices(g)) {
        auto cycle = find_cycle(g, placed);
        std::string names;
        for (Vertex v : cycle)
            names += g[v].id + " -> ";
        names += cycle.empty() ? std::string("?") : g[cycle.front()].id;
        throw PlanError("dependency cycle between steps: " + names);
    }
    return out;
}

} // namespace stepwise::plan
