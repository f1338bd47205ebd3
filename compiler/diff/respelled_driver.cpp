#include "compiler/diff/respelled_driver.h"

namespace stepwise::diff {

namespace {

template <typename T> const T* by_name(const std::vector<T>& list, const std::string& name) {
    for (const auto& x : list)
        if (x.name == name)
            return &x;
    return nullptr;
}

} // namespace

void RespelledDriver::learn(const model::Expr& written, const model::Expr& stored) {
    if (written != stored)
        exprs_.emplace(std::make_pair(static_cast<int>(written.kind), written.text), stored);
}

RespelledDriver::RespelledDriver(const DiffDriver& inner, const model::Catalog& written,
                                 const model::Catalog& stored)
    : inner_(inner) {
    for (const auto& t : written.tables) {
        const model::Table* s = stored.find_table(t.name);
        if (!s)
            continue;
        for (const auto& c : t.columns) {
            const model::Column* sc = s->find_column(c.name);
            if (!sc)
                continue;
            if (c.default_value && sc->default_value)
                learn(*c.default_value, *sc->default_value);
            if (c.type.kind == model::TypeKind::Sql && c.type != sc->type)
                sql_types_.emplace(c.type.name, sc->type);
        }
        for (const auto& c : t.checks)
            if (const auto* sc = by_name(s->checks, c.name))
                learn(c.expr, sc->expr);
        for (const auto& i : t.indexes) {
            const auto* si = by_name(s->indexes, i.name);
            if (!si || si->parts.size() != i.parts.size())
                continue;
            for (size_t k = 0; k < i.parts.size(); ++k)
                if (i.parts[k].expr && si->parts[k].expr)
                    learn(*i.parts[k].expr, *si->parts[k].expr);
            if (i.where && si->where)
                learn(*i.where, *si->where);
        }
    }
}

model::Expr RespelledDriver::respell(const model::Expr& e) const {
    auto it = exprs_.find({static_cast<int>(e.kind), e.text});
    return it == exprs_.end() ? e : it->second;
}

model::Type RespelledDriver::respell(const model::Type& t) const {
    if (t.kind != model::TypeKind::Sql)
        return t;
    auto it = sql_types_.find(t.name);
    return it == sql_types_.end() ? t : it->second;
}

bool RespelledDriver::same_type(const model::Type& a, const model::Type& b) const {
    return inner_.same_type(respell(a), respell(b));
}

bool RespelledDriver::same_expr(const model::Expr& a, const model::Expr& b) const {
    return inner_.same_expr(respell(a), respell(b));
}

} // namespace stepwise::diff
