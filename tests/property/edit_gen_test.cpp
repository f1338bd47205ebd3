// The edit generator draws the foreign-key shapes its Profile flags ask for, and only then,
// and every catalog it draws is one a database accepts: each foreign key names an existing
// table and columns that are that table's primary key.

#include "tests/property/generators.h"

#include <gtest/gtest.h>
#include <rapidcheck.h>

namespace stepwise::property {
namespace {

struct Counts {
    int dropped_keys = 0;    // edits dropping a referenced primary key
    int renamed_targets = 0; // foreign keys in B naming a renamed key column
    std::vector<std::string> broken;
};

Counts draw_many(const Profile& profile, int draws) {
    Counts out;
    for (int i = 0; i < draws; ++i) {
        auto gen = rc::gen::exec([&] {
            auto data = draw_dataset(profile);
            return std::make_pair(data.catalog, draw_edit(data.catalog, profile));
        });
        auto [a, edit] = gen(rc::Random(static_cast<uint64_t>(i) + 1), 50).value();
        for (const auto& line : edit.log)
            if (line.rfind("drop primary key", 0) == 0)
                ++out.dropped_keys;
        for (const auto& t : edit.to.tables)
            for (const auto& fk : t.foreign_keys) {
                const model::Table* parent = edit.to.find_table(fk.ref_table);
                if (!parent || !parent->primary_key ||
                    parent->primary_key->columns != fk.ref_columns)
                    out.broken.push_back(fk.name + " on " + t.name);
                else if (const model::Column* c = parent->find_column(fk.ref_columns.front());
                         c && c->renamed_from)
                    ++out.renamed_targets;
            }
    }
    return out;
}

TEST(EditGenerator, DrawsForeignKeyShapesWhereTheProfileAllowsThem) {
    Counts c = draw_many(Profile{}, 400);
    EXPECT_GT(c.dropped_keys, 0);
    EXPECT_GT(c.renamed_targets, 0);
    EXPECT_TRUE(c.broken.empty()) << c.broken.size() << " foreign keys name no primary key, e.g. "
                                  << (c.broken.empty() ? "" : c.broken.front());
}

TEST(EditGenerator, LeavesThemOutWhenTheProfileSaysSo) {
    Profile p;
    p.rename_referenced_columns = false;
    p.drop_referenced_keys = false;
    Counts c = draw_many(p, 400);
    EXPECT_EQ(c.dropped_keys, 0);
    EXPECT_EQ(c.renamed_targets, 0);
    EXPECT_TRUE(c.broken.empty());
}

} // namespace
} // namespace stepwise::property
