#include "compiler/diff/respell_candidates.h"

namespace stepwise::diff {

namespace {

template <typename T> const T* by_name(const std::vector<T>& list, const std::string& name) {
    for (const auto& x : list)
        if (x.name == name)
            return &x;
    return nullptr;
}

bool has_expression(const model::Index& i) {
    if (i.where)
        return true;
    for (const auto& p : i.parts)
        if (p.expr)
            return true;
    return false;
}

bool same_index(const model::Index& a, const model::Index& b) {
    return a.unique == b.unique && a.parts == b.parts && a.method == b.method && a.where == b.where;
}

// True when every comparison of `t` with `live` is between identical texts.
bool spelt_as_live(const model::Table& t, const model::Table& live) {
    for (const auto& c : t.columns) {
        if (c.renamed_from)
            return false;
        const model::Column* lc = live.find_column(c.name);
        bool carries_expression = c.default_value || c.type.kind == model::TypeKind::Sql;
        if (!lc) {
            if (carries_expression)
                return false;
            continue;
        }
        // A column of another type or collation may change how the server spells the
        // expressions that name it.
        if (c.type != lc->type || c.collation != lc->collation ||
            c.default_value != lc->default_value)
            return false;
    }
    for (const auto& k : t.checks) {
        const model::Check* lk = by_name(live.checks, k.name);
        if (!lk || lk->expr != k.expr)
            return false;
    }
    for (const auto& i : t.indexes) {
        if (!has_expression(i))
            continue;
        const model::Index* li = live.find_index(i.name);
        if (!li || !same_index(i, *li))
            return false;
    }
    return true;
}

} // namespace

model::Catalog respell_candidates(const model::Catalog& current, const model::Catalog& desired) {
    model::Catalog out;
    out.ns = desired.ns;
    out.enums = desired.enums;
    for (const auto& t : desired.tables) {
        const model::Table* live = current.find_table(t.name);
        const model::Table* old = t.renamed_from ? current.find_table(*t.renamed_from) : nullptr;
        if (!live && !old)
            continue;
        if (old || !spelt_as_live(t, *live))
            out.tables.push_back(t);
    }
    return out;
}

} // namespace stepwise::diff
