// Name lookups in a catalog: binary search on the canonical (sorted) lists, and still right on
// a list that is not sorted yet.

#include "compiler/model/catalog.h"

#include <gtest/gtest.h>

using namespace stepwise::model;

namespace {

Catalog numbered(int n, bool sorted) {
    Catalog c;
    for (int i = 0; i < n; ++i) {
        Table t;
        t.name = "t" + std::to_string(i * 7919 % n); // a permutation, not in name order
        c.tables.push_back(t);
        Enum e;
        e.name = "e" + std::to_string(i * 7919 % n);
        c.enums.push_back(e);
    }
    if (sorted)
        canonicalize(c);
    return c;
}

} // namespace

TEST(CatalogLookup, EveryTableAndEnumIsFoundSortedOrNot) {
    for (bool sorted : {true, false}) {
        Catalog c = numbered(1000, sorted);
        for (int i = 0; i < 1000; ++i) {
            std::string t = "t" + std::to_string(i);
            const Table* found = c.find_table(t);
            ASSERT_NE(found, nullptr) << t << (sorted ? " sorted" : " unsorted");
            EXPECT_EQ(found->name, t);
            const Enum* e = c.find_enum("e" + std::to_string(i));
            ASSERT_NE(e, nullptr);
            EXPECT_EQ(e->name, "e" + std::to_string(i));
        }
        EXPECT_EQ(c.find_table("t1000"), nullptr);
        EXPECT_EQ(c.find_table(""), nullptr);
        EXPECT_EQ(c.find_enum("zzz"), nullptr);
    }
}

TEST(CatalogLookup, TheMutableLookupReturnsTheStoredTable) {
    Catalog c = numbered(50, true);
    c.find_table("t7")->comment = "seven";
    EXPECT_EQ(c.tables[std::lower_bound(c.tables.begin(), c.tables.end(), "t7",
                                        [](const Table& t, const char* n) { return t.name < n; }) -
                       c.tables.begin()]
                  .comment,
              std::optional<std::string>("seven"));
}
