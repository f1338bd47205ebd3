#pragma once
// Small model builders the differ's expression tests share.

#include "compiler/model/catalog.h"

#include <string>

namespace stepwise::testing {

// Raw SQL text, as a check or an index expression holds it.
inline model::Expr raw(const std::string& text) {
    return model::Expr{model::Expr::Kind::Raw, text};
}

// A nullable int column.
inline model::Column col(const std::string& name) {
    model::Column c;
    c.name = name;
    c.type.kind = model::TypeKind::Int;
    return c;
}

} // namespace stepwise::testing
