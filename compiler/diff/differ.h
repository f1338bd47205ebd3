#pragma once
// diff(from, to): what must change to turn the current catalog into the desired one.

#include "compiler/diff/changeset.h"
#include "compiler/model/catalog.h"

namespace stepwise::diff {

// Per-dialect answers to "is this difference real?" (e.g. a default stored in another
// spelling). The base class compares exactly.
class DiffDriver {
public:
    virtual ~DiffDriver() = default;
    virtual bool same_type(const model::Type& a, const model::Type& b) const { return a == b; }
    virtual bool same_expr(const model::Expr& a, const model::Expr& b) const { return a == b; }
};

// Both catalogs must be canonical. Hints on `to` (renamed from, using, backfill) steer the
// result; a hint whose old name does not exist in `from` is ignored (the rename is done).
ChangeSet diff(const model::Catalog& from, const model::Catalog& to,
               const DiffDriver& driver = DiffDriver{});

} // namespace stepwise::diff
