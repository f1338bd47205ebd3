#pragma once
// Comparing the desired side by the spellings the database stores for it, while the plan
// keeps the user's own text: the server's spelling of an expression is not always a fixed
// point (re-creating from it can store another tree), so DDL is compiled from what was
// written and only the comparison uses the stored form.

#include "compiler/diff/differ.h"
#include "compiler/model/catalog.h"

#include <map>
#include <string>
#include <utility>

namespace stepwise::diff {

class RespelledDriver : public DiffDriver {
public:
    // `stored` is `written` as the database spelt it (Dialect::normalise_desired): the same
    // objects by name. Expressions and types of `written` are compared as their stored form.
    RespelledDriver(const DiffDriver& inner, const model::Catalog& written,
                    const model::Catalog& stored);
    bool same_type(const model::Type& a, const model::Type& b) const override;
    bool same_expr(const model::Expr& a, const model::Expr& b) const override;
    char ident_quote() const override { return inner_.ident_quote(); }
    std::string quote_ident(const std::string& name) const override {
        return inner_.quote_ident(name);
    }
    bool folds_to_lower() const override { return inner_.folds_to_lower(); }
    bool backslash_escapes() const override { return inner_.backslash_escapes(); }
    bool same_fk_action(model::FkAction a, model::FkAction b) const override {
        return inner_.same_fk_action(a, b);
    }

private:
    model::Expr respell(const model::Expr& e) const;
    model::Type respell(const model::Type& t) const;
    void learn(const model::Expr& written, const model::Expr& stored);

    const DiffDriver& inner_;
    std::map<std::pair<int, std::string>, model::Expr> exprs_;
    std::map<std::string, model::Type> sql_types_; // by the Sql type's text
};

} // namespace stepwise::diff
