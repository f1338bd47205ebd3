// The edit generator draws the foreign-key shapes its Profile flags ask for, and only then,
// and every catalog it draws is one a database accepts: each foreign key names an existing
// table and columns that are that table's primary key or one of its unique keys, of the same
// types where the profile needs them to match.

#include "tests/property/generators.h"

#include <gtest/gtest.h>
#include <rapidcheck.h>

namespace stepwise::property {
namespace {

struct Counts {
    int dropped_keys = 0;           // edits dropping a referenced primary key
    int dropped_unique_keys = 0;    // edits dropping a referenced unique key
    int renamed_targets = 0;        // foreign keys in B naming a renamed key column
    int renamed_unique_targets = 0; // ... a renamed column of a unique key
    int unique_targets = 0;         // foreign keys in A naming a unique key, not the primary key
    int composite_targets = 0;      // foreign keys in A of two columns
    int enum_unique_keys = 0;       // unique keys in A with an enum column
    int two_column_checks = 0;      // checks in A over two columns
    int added_with_unique = 0;      // edits adding a unique key and a foreign key needing it
    int widened = 0;                // edits widening a referenced key and its references
    int widened_with_using = 0;
    int mixed_types = 0;
    int renamed_with_default = 0; // columns in B renamed and with a default // foreign keys in B
                                  // whose column types differ from the parent's
    std::vector<std::string> broken;
};

bool starts_with(const std::string& s, const std::string& prefix) {
    return s.rfind(prefix, 0) == 0;
}

Counts draw_many(const Profile& profile, int draws) {
    Counts out;
    for (int i = 0; i < draws; ++i) {
        auto gen = rc::gen::exec([&] {
            auto data = draw_dataset(profile);
            return std::make_pair(data.catalog, draw_edit(data.catalog, profile));
        });
        auto [a, edit] = gen(rc::Random(static_cast<uint64_t>(i) + 1), 50).value();
        for (const auto& line : edit.log) {
            out.dropped_keys += starts_with(line, "drop primary key");
            out.dropped_unique_keys += starts_with(line, "drop unique key");
            out.added_with_unique += line.find("and a foreign key to it") != std::string::npos;
            if (starts_with(line, "widen ")) {
                ++out.widened;
                out.widened_with_using += line.find("with using") != std::string::npos;
            }
        }
        for (const auto& t : a.tables) {
            for (const auto& u : t.uniques)
                for (const auto& c : u.columns)
                    out.enum_unique_keys += t.find_column(c)->type.kind == model::TypeKind::Enum;
            for (const auto& ck : t.checks)
                out.two_column_checks += ck.expr.text.find(" + ") != std::string::npos;
            for (const auto& fk : t.foreign_keys) {
                const model::Table* parent = a.find_table(fk.ref_table);
                out.unique_targets +=
                    parent && parent->primary_key && parent->primary_key->columns != fk.ref_columns;
                out.composite_targets += fk.columns.size() == 2;
            }
        }
        for (const auto& t : edit.to.tables)
            for (const auto& c : t.columns)
                out.renamed_with_default += c.renamed_from && c.default_value;
        for (const auto& t : edit.to.tables)
            for (const auto& fk : t.foreign_keys) {
                const model::Table* parent = edit.to.find_table(fk.ref_table);
                bool is_primary =
                    parent && parent->primary_key && parent->primary_key->columns == fk.ref_columns;
                bool is_unique = false;
                if (parent)
                    for (const auto& u : parent->uniques)
                        is_unique = is_unique || u.columns == fk.ref_columns;
                if (!is_primary && !is_unique) {
                    out.broken.push_back(fk.name + " on " + t.name + " names no key");
                    continue;
                }
                bool renamed = false, mixed = false;
                for (size_t k = 0; k < fk.columns.size(); ++k) {
                    const model::Column* ref = parent->find_column(fk.ref_columns[k]);
                    const model::Column* own = t.find_column(fk.columns[k]);
                    renamed = renamed || ref->renamed_from;
                    mixed = mixed || !(ref->type == own->type);
                }
                if (renamed)
                    ++(is_primary ? out.renamed_targets : out.renamed_unique_targets);
                out.mixed_types += mixed;
            }
    }
    return out;
}

TEST(EditGenerator, DrawsForeignKeyShapesWhereTheProfileAllowsThem) {
    Counts c = draw_many(Profile{}, 1000);
    EXPECT_GT(c.dropped_keys, 0);
    EXPECT_GT(c.dropped_unique_keys, 0);
    EXPECT_GT(c.renamed_targets, 0);
    EXPECT_GT(c.renamed_unique_targets, 0);
    EXPECT_GT(c.unique_targets, 0);
    EXPECT_GT(c.composite_targets, 0);
    EXPECT_GT(c.enum_unique_keys, 0);
    EXPECT_GT(c.two_column_checks, 0);
    EXPECT_GT(c.added_with_unique, 0);
    EXPECT_GT(c.widened, 0);
    EXPECT_GT(c.widened_with_using, 0);
    EXPECT_GT(c.mixed_types, 0);
    EXPECT_GT(c.renamed_with_default, 0);
    EXPECT_TRUE(c.broken.empty()) << c.broken.size() << " foreign keys are wrong, e.g. "
                                  << (c.broken.empty() ? "" : c.broken.front());
}

TEST(EditGenerator, LeavesThemOutWhenTheProfileSaysSo) {
    Profile p;
    p.rename_referenced_columns = false;
    p.drop_referenced_keys = false;
    p.change_type_of_referenced_columns = false;
    Counts c = draw_many(p, 600);
    EXPECT_EQ(c.dropped_keys, 0);
    EXPECT_EQ(c.dropped_unique_keys, 0);
    EXPECT_EQ(c.renamed_targets, 0);
    EXPECT_EQ(c.renamed_unique_targets, 0);
    EXPECT_EQ(c.widened, 0);
    EXPECT_GT(c.unique_targets, 0);
    EXPECT_TRUE(c.broken.empty());
}

// MySQL's profile: keys whose two sides' types match, and no `using` on key columns, while
// both sides of a key are still widened together.
TEST(EditGenerator, KeepsBothSidesOfAKeyOfOneTypeWhenTheProfileNeedsIt) {
    Profile p;
    p.mixed_key_types = false;
    p.using_on_key_columns = false;
    p.drop_referenced_unique_keys = false;
    p.reference_new_unique_keys = false;
    Counts c = draw_many(p, 600);
    EXPECT_EQ(c.mixed_types, 0);
    EXPECT_EQ(c.widened_with_using, 0);
    EXPECT_EQ(c.dropped_unique_keys, 0);
    EXPECT_EQ(c.added_with_unique, 0);
    EXPECT_GT(c.widened, 0);
    EXPECT_GT(c.dropped_keys, 0);
    EXPECT_TRUE(c.broken.empty());
}

} // namespace
} // namespace stepwise::property
