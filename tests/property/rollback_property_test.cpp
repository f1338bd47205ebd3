// The promise "every plan can be undone", proven on real databases (issue #6).
// Each property runs on every available backend; see docs/verify.md.

#include "compiler/diff/differ.h"
#include "compiler/frontend/loader.h"
#include "compiler/model/printer.h"
#include "tests/property/harness.h"
#include "tests/property/property_check.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

namespace stepwise::property {
namespace {

template <typename Body> void for_each_backend(Body body) {
    for (auto& backend : available_backends()) {
        SCOPED_TRACE("backend " + backend->name());
        body(*backend);
    }
}

// A scenario ready to run: A with rows loaded, its snapshot, B and the plan A → B.
struct Scenario {
    Dataset data;
    Edit edit;
    Snapshot start;
    plan::Plan plan;
};

// Draws A, its rows and B, loads A into a fresh database and plans A → B. A failure on the
// way is a counterexample too (the plan that builds A, or planning itself, failed).
Scenario draw_scenario(Harness& h) {
    Scenario s;
    s.data = draw_dataset(h.profile());
    s.edit = draw_edit(s.data.catalog, h.profile());
    try {
        h.load(s.data);
        s.start = h.snapshot();
        s.plan = h.plan_to(s.edit.to);
    } catch (const std::exception& e) {
        RC_FAIL(counterexample(s.data, s.edit, nullptr,
                               std::string("loading A or planning A → B failed: ") + e.what()));
    }
    return s;
}

TEST(Properties, DiffOfACatalogWithItselfIsEmpty) {
    for_each_backend([](Backend& backend) {
        check_property(backend.default_cases(), [&] {
            Harness h(backend);
            auto data = draw_dataset(h.profile());
            // Each check says what differed: a bare RC_ASSERT printed only its expression.
            auto self = diff::diff(data.catalog, data.catalog);
            if (!self.empty()) {
                std::string changes;
                for (const auto& change : self.changes)
                    changes += "  " + diff::describe(change) + "\n";
                RC_FAIL(counterexample(data, Edit{data.catalog, {"(none)"}}, nullptr,
                                       "A differs from itself:\n" + changes));
            }
            model::Catalog live;
            try {
                h.load(data);
                live = h.snapshot().catalog;
            } catch (const std::exception& e) {
                RC_FAIL(counterexample(data, Edit{data.catalog, {"(none)"}}, nullptr,
                                       std::string("loading A failed: ") + e.what()));
            }
            auto live_self = describe_diff(live, live, h.dialect());
            if (!live_self.empty())
                RC_FAIL(counterexample(data, Edit{data.catalog, {"(none)"}}, nullptr,
                                       "the database built from A inspects as a catalog that "
                                       "differs from itself:\n" +
                                           live_self + second_inspection(h, live) +
                                           "\ninspected:\n" + model::print_catalog(live)));
            auto changes = describe_diff(live, data.catalog, h.dialect());
            if (!changes.empty())
                RC_FAIL(counterexample(data, Edit{data.catalog, {"(none)"}}, nullptr,
                                       "the database built from A inspects as a different "
                                       "catalog:\n" +
                                           changes + second_inspection(h, live) + "\ninspected:\n" +
                                           model::print_catalog(live)));
        });
    });
}

TEST(Properties, ApplyingThePlanGivesTheTargetAndASecondPlanIsEmpty) {
    for_each_backend([](Backend& backend) {
        check_property(backend.default_cases(), [&] {
            Harness h(backend);
            auto s = draw_scenario(h);
            try {
                h.apply(s.plan);
            } catch (const std::exception& e) {
                RC_FAIL(counterexample(s.data, s.edit, &s.plan,
                                       std::string("apply failed: ") + e.what()));
            }
            Snapshot after;
            plan::Plan again;
            try {
                after = h.snapshot();
                again = h.plan_to(s.edit.to);
            } catch (const std::exception& e) {
                RC_FAIL(counterexample(s.data, s.edit, &s.plan,
                                       std::string("inspecting or planning after apply failed: ") +
                                           e.what()));
            }
            auto changes = describe_diff(after.catalog, s.edit.to, h.dialect());
            if (!changes.empty())
                RC_FAIL(counterexample(s.data, s.edit, &s.plan,
                                       "after apply the catalog is not B; still to do:\n" +
                                           changes + second_inspection(h, after.catalog) +
                                           "\ninspected:\n" + after.schema));
            if (!again.empty())
                RC_FAIL(counterexample(s.data, s.edit, &s.plan,
                                       "a second plan is not empty:\n" + plan::to_text(again)));
        });
    });
}

TEST(Properties, RollingBackEveryStepRestoresTheCatalogAndRows) {
    for_each_backend([](Backend& backend) {
        check_property(backend.default_cases(), [&] {
            Harness h(backend);
            auto s = draw_scenario(h);
            std::string failure;
            try {
                h.apply(s.plan);
                h.rollback();
                auto after = h.snapshot();
                if (after.schema != s.start.schema)
                    failure = "the schema after rollback differs at " +
                              first_difference(s.start.schema, after.schema);
                else if (after.rows != s.start.rows)
                    failure = "the rows after rollback differ at " +
                              first_difference(s.start.rows, after.rows);
            } catch (const std::exception& e) {
                failure = std::string("apply or rollback failed: ") + e.what();
            }
            if (!failure.empty())
                RC_FAIL(counterexample(
                    s.data, s.edit, &s.plan,
                    failure + "\nfirst step whose rollback differs: " +
                        first_step_that_breaks_rollback(backend, s.data, s.plan, s.start)));
        });
    });
}

TEST(Properties, RollingBackAfterAnyPrefixRestoresTheCatalogAndRows) {
    for_each_backend([](Backend& backend) {
        check_property(backend.default_cases(), [&] {
            Harness h(backend);
            auto s = draw_scenario(h);
            size_t k = *rc::gen::inRange<size_t>(0, s.plan.steps.size() + 1);
            std::string failure;
            try {
                h.apply(prefix(s.plan, k));
                h.rollback();
                auto after = h.snapshot();
                if (after.schema != s.start.schema)
                    failure =
                        "the schema differs at " + first_difference(s.start.schema, after.schema);
                else if (after.rows != s.start.rows)
                    failure = "the rows differ at " + first_difference(s.start.rows, after.rows);
            } catch (const std::exception& e) {
                failure = std::string("failed: ") + e.what();
            }
            if (!failure.empty())
                RC_FAIL(counterexample(
                    s.data, s.edit, &s.plan,
                    fmt::format(
                        "after applying the first {} steps and rolling back, {}\nfirst "
                        "step whose rollback differs: {}",
                        k, failure,
                        first_step_that_breaks_rollback(backend, s.data, s.plan, s.start))));
        });
    });
}

TEST(Properties, InspectFmtParseGivesBackTheSameCatalog) {
    for_each_backend([](Backend& backend) {
        check_property(backend.default_cases(), [&] {
            Harness h(backend);
            auto data = draw_dataset(h.profile());
            Snapshot live;
            try {
                h.load(data);
                live = h.snapshot();
            } catch (const std::exception& e) {
                RC_FAIL(counterexample(data, Edit{data.catalog, {"(none)"}}, nullptr,
                                       std::string("loading A failed: ") + e.what()));
            }
            model::Catalog parsed;
            try {
                parsed = frontend::parse_sources({{"inspected.schema", live.schema}},
                                                 h.dialect().naming());
            } catch (const std::exception& e) {
                RC_FAIL(counterexample(data, Edit{data.catalog, {"(none)"}}, nullptr,
                                       "the inspected text does not parse: " +
                                           std::string(e.what()) + "\n" + live.schema));
            }
            std::string reprinted = model::print_catalog(parsed);
            if (reprinted != live.schema || !model::same_schema(parsed, live.catalog))
                RC_FAIL(counterexample(data, Edit{data.catalog, {"(none)"}}, nullptr,
                                       "inspect → fmt → parse changed the catalog at " +
                                           first_difference(live.schema, reprinted)));
        });
    });
}

} // namespace
} // namespace stepwise::property
