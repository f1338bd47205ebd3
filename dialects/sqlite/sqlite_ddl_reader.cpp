#include "dialects/sqlite/sqlite_ddl_reader.h"

#include "compiler/model/naming.h"
#include "dialects/sqlite/sqlite_ddl.h"
#include "dialects/sqlite/sqlite_ddl_parser.h"
#include "dialects/sqlite/sqlite_expr.h"
#include "dialects/sqlite/sqlite_types.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

namespace stepwise::sqlite {

namespace {

using Parser = stepwise_sqlite_ddl_grammar::SqliteDdlParser;
constexpr auto kStyle = model::NamingStyle::SQLite;

class ThrowingListener : public antlr4::BaseErrorListener {
public:
    void syntaxError(antlr4::Recognizer*, antlr4::Token*, size_t line, size_t col,
                     const std::string& msg, std::exception_ptr) override {
        throw DdlReadError("line " + std::to_string(line) + ":" + std::to_string(col + 1) + ": " +
                           msg);
    }
};

std::string name_of(Parser::NameContext* ctx) {
    return unquote_name(ctx->getText());
}

// The input text of a rule, hidden tokens included, as the user wrote it.
std::string source_text(antlr4::ParserRuleContext* ctx) {
    auto* start = ctx->getStart();
    auto* stop = ctx->getStop();
    if (!start || !stop || stop->getTokenIndex() < start->getTokenIndex())
        return {};
    return start->getInputStream()->getText(
        antlr4::misc::Interval(start->getStartIndex(), stop->getStopIndex()));
}

model::FkAction action_of(Parser::FkActionKindContext* ctx) {
    if (dynamic_cast<Parser::FkSetNullContext*>(ctx))
        return model::FkAction::SetNull;
    if (dynamic_cast<Parser::FkSetDefaultContext*>(ctx))
        return model::FkAction::SetDefault;
    if (dynamic_cast<Parser::FkCascadeContext*>(ctx))
        return model::FkAction::Cascade;
    if (dynamic_cast<Parser::FkRestrictContext*>(ctx))
        return model::FkAction::Restrict;
    return model::FkAction::NoAction;
}

void read_fk_clause(Parser::ForeignKeyClauseContext* ctx, model::ForeignKey& fk) {
    auto names = ctx->name();
    fk.ref_table = name_of(names.at(0));
    for (size_t i = 1; i < names.size(); ++i)
        fk.ref_columns.push_back(name_of(names[i]));
    // MATCH takes a name too; only the parenthesised list counts, and it comes first.
    if (!ctx->getToken(Parser::T__0, 0))
        fk.ref_columns.clear();
    for (auto* a : ctx->fkAction()) {
        if (a->K_DELETE())
            fk.on_delete = action_of(a->fkActionKind());
        else
            fk.on_update = action_of(a->fkActionKind());
    }
}

model::Expr default_of(Parser::DefaultValueContext* ctx) {
    model::Expr e;
    using K = model::Expr::Kind;
    if (dynamic_cast<Parser::DefNumberContext*>(ctx)) {
        e.kind = K::Number;
        e.text = ctx->getText();
    } else if (dynamic_cast<Parser::DefStringContext*>(ctx)) {
        e.kind = K::String;
        e.text = unquote_name(ctx->getText());
    } else if (dynamic_cast<Parser::DefNullContext*>(ctx)) {
        e.kind = K::Null;
        e.text = "null";
    } else if (auto* b = dynamic_cast<Parser::DefBoolContext*>(ctx)) {
        e.kind = K::Bool;
        e.text = b->K_TRUE() ? "true" : "false";
    } else if (dynamic_cast<Parser::DefCurrentTimestampContext*>(ctx)) {
        e.kind = K::Call;
        e.text = "now()";
    } else if (auto* x = dynamic_cast<Parser::DefExprContext*>(ctx)) {
        e = expr_from_parenthesized(source_text(x->expr()));
    } else if (dynamic_cast<Parser::DefNameContext*>(ctx)) {
        // SQLite takes a bare word as a string default.
        e.kind = K::String;
        e.text = unquote_name(ctx->getText());
    } else {
        e.kind = K::Raw;
        e.text = collapse_whitespace(ctx->getText());
    }
    return e;
}

// SQL comments of our markers directly before a token ("-- stepwise:comment "x"").
std::optional<std::string> marker_before(antlr4::BufferedTokenStream& tokens, size_t index,
                                         const std::string& marker) {
    for (auto* t : tokens.getHiddenTokensToLeft(index)) {
        std::string text = t->getText();
        std::string prefix = "-- " + marker + " ";
        if (text.rfind(prefix, 0) == 0) {
            try {
                return nlohmann::json::parse(text.substr(prefix.size())).get<std::string>();
            } catch (const nlohmann::json::exception&) {
                throw DdlReadError("malformed " + marker + " comment: " + text);
            }
        }
    }
    return std::nullopt;
}

std::vector<std::string> enum_labels(Parser::ExprContext* ctx) {
    std::vector<std::string> labels;
    for (auto* tok : ctx->getTokens(Parser::STRING))
        labels.push_back(unquote_name(tok->getText()));
    // STRING tokens nested in sub-expressions belong to the IN list too.
    for (auto* sub : ctx->expr())
        for (auto& l : enum_labels(sub))
            labels.push_back(l);
    return labels;
}

std::string unique_name(std::string name, std::set<std::string>& taken) {
    if (taken.insert(name).second)
        return name;
    for (int i = 1;; ++i)
        if (taken.insert(name + std::to_string(i)).second)
            return name + std::to_string(i);
}

template <typename Fn> auto parse(const std::string& sql, Fn fn) {
    ThrowingListener listener;
    return with_ddl_parser(sql, listener, fn);
}

} // namespace

std::string unquote_name(const std::string& text) {
    if (text.size() < 2)
        return text;
    char open = text.front(), close = text.back();
    if ((open == '"' && close == '"') || (open == '\'' && close == '\'') ||
        (open == '`' && close == '`')) {
        std::string out;
        for (size_t i = 1; i + 1 < text.size(); ++i) {
            out += text[i];
            if (text[i] == open && text[i + 1] == open)
                ++i;
        }
        return out;
    }
    if (open == '[' && close == ']')
        return text.substr(1, text.size() - 2);
    return text;
}

ReadTable read_create_table(const std::string& sql) {
    return parse(sql, [&](Parser& parser, antlr4::CommonTokenStream& tokens) {
        ReadTable out;
        auto* root = parser.createTable();
        model::Table& t = out.table;
        t.name = name_of(root->qualifiedName()->name().back());
        for (auto* opt : root->tableOptions() ? root->tableOptions()->tableOption()
                                              : std::vector<Parser::TableOptionContext*>{})
            if (opt->K_WITHOUT())
                out.without_rowid = true;
        for (size_t i = 0; i < tokens.size(); ++i) {
            std::string text = tokens.get(i)->getText();
            std::string prefix = std::string("-- ") + kTableCommentMarker + " ";
            if (text.rfind(prefix, 0) == 0)
                t.comment = nlohmann::json::parse(text.substr(prefix.size())).get<std::string>();
        }

        // Unnamed constraints are named once everything is read, in declaration order.
        std::vector<std::pair<model::Check, std::vector<std::string>>> unnamed_checks;
        std::vector<model::ForeignKey> unnamed_fks;
        std::vector<model::UniqueConstraint> unnamed_uniques;
        bool unnamed_pk = false;

        for (auto* el : root->tableElement()) {
            if (auto* col = el->columnDef()) {
                model::Column c;
                c.name = name_of(col->name());
                c.type = col->typeName() ? type_from_declared(source_text(col->typeName()))
                                         : model::Type{model::TypeKind::Sql, {}, {}, {}, ""};
                size_t at = col->getStart()->getTokenIndex();
                c.comment = marker_before(tokens, at, kCommentMarker);
                auto identity_type = marker_before(tokens, at, kTypeMarker);
                for (auto* cc : col->columnConstraint()) {
                    std::string cname = cc->name() ? name_of(cc->name()) : std::string();
                    auto* body = cc->columnConstraintBody();
                    if (auto* pk = dynamic_cast<Parser::ColPrimaryKeyContext*>(body)) {
                        t.primary_key = model::PrimaryKey{cname, {c.name}, {}};
                        unnamed_pk = cname.empty();
                        if (pk->K_AUTOINCREMENT()) {
                            c.identity = true;
                            if (identity_type) {
                                model::Type parsed = type_from_declared(*identity_type);
                                if (parsed.kind != model::TypeKind::Sql)
                                    c.type = parsed;
                            }
                        }
                    } else if (dynamic_cast<Parser::ColNotNullContext*>(body)) {
                        c.nullable = false;
                    } else if (dynamic_cast<Parser::ColUniqueContext*>(body)) {
                        model::UniqueConstraint u{cname, {c.name}, {}};
                        (cname.empty() ? unnamed_uniques : t.uniques).push_back(u);
                    } else if (auto* ck = dynamic_cast<Parser::ColCheckContext*>(body)) {
                        if (cname.rfind(kEnumCheckPrefix, 0) == 0) {
                            model::Enum e;
                            e.name = cname.substr(std::string(kEnumCheckPrefix).size());
                            e.labels = enum_labels(ck->expr());
                            c.type = model::Type{model::TypeKind::Enum, {}, {}, {}, e.name};
                            out.enums.push_back(e);
                            continue;
                        }
                        model::Check check{
                            cname,
                            {model::Expr::Kind::Raw, collapse_whitespace(source_text(ck->expr()))},
                            {}};
                        if (cname.empty())
                            unnamed_checks.push_back({check, {c.name}});
                        else
                            t.checks.push_back(check);
                    } else if (auto* d = dynamic_cast<Parser::ColDefaultContext*>(body)) {
                        c.default_value = default_of(d->defaultValue());
                    } else if (auto* co = dynamic_cast<Parser::ColCollateContext*>(body)) {
                        c.collation = name_of(co->name());
                    } else if (auto* r = dynamic_cast<Parser::ColReferencesContext*>(body)) {
                        model::ForeignKey fk;
                        fk.name = cname;
                        fk.columns = {c.name};
                        read_fk_clause(r->foreignKeyClause(), fk);
                        (cname.empty() ? unnamed_fks : t.foreign_keys).push_back(fk);
                    }
                }
                t.columns.push_back(std::move(c));
                continue;
            }
            auto* tc = el->tableConstraint();
            std::string cname = tc->name() ? name_of(tc->name()) : std::string();
            auto* body = tc->tableConstraintBody();
            if (auto* pk = dynamic_cast<Parser::TblPrimaryKeyContext*>(body)) {
                model::PrimaryKey key{cname, {}, {}};
                for (auto* kc : pk->keyColumn())
                    key.columns.push_back(name_of(kc->name(0)));
                t.primary_key = key;
                unnamed_pk = cname.empty();
            } else if (auto* u = dynamic_cast<Parser::TblUniqueContext*>(body)) {
                model::UniqueConstraint uc{cname, {}, {}};
                for (auto* kc : u->keyColumn())
                    uc.columns.push_back(name_of(kc->name(0)));
                (cname.empty() ? unnamed_uniques : t.uniques).push_back(uc);
            } else if (auto* ck = dynamic_cast<Parser::TblCheckContext*>(body)) {
                model::Check check{
                    cname,
                    {model::Expr::Kind::Raw, collapse_whitespace(source_text(ck->expr()))},
                    {}};
                if (cname.empty())
                    unnamed_checks.push_back({check, {}});
                else
                    t.checks.push_back(check);
            } else if (auto* f = dynamic_cast<Parser::TblForeignKeyContext*>(body)) {
                model::ForeignKey fk;
                fk.name = cname;
                for (auto* n : f->name())
                    fk.columns.push_back(name_of(n));
                read_fk_clause(f->foreignKeyClause(), fk);
                (cname.empty() ? unnamed_fks : t.foreign_keys).push_back(fk);
            }
        }

        std::set<std::string> taken;
        for (const auto& u : t.uniques)
            taken.insert(u.name);
        for (const auto& f : t.foreign_keys)
            taken.insert(f.name);
        for (const auto& c : t.checks)
            taken.insert(c.name);
        if (t.primary_key && unnamed_pk)
            t.primary_key->name = model::default_primary_key_name(kStyle, t.name);
        for (auto& u : unnamed_uniques) {
            u.name = unique_name(model::default_unique_name(kStyle, t.name, u.columns), taken);
            t.uniques.push_back(u);
        }
        int ordinal = 0;
        for (auto& f : unnamed_fks) {
            f.name = unique_name(
                model::default_foreign_key_name(kStyle, t.name, f.columns, ++ordinal), taken);
            t.foreign_keys.push_back(f);
        }
        ordinal = 0;
        for (auto& [check, columns] : unnamed_checks) {
            check.name =
                unique_name(model::default_check_name(kStyle, t.name, columns, ++ordinal), taken);
            t.checks.push_back(check);
        }
        auto by_name = [](const auto& a, const auto& b) { return a.name < b.name; };
        std::stable_sort(t.uniques.begin(), t.uniques.end(), by_name);
        std::stable_sort(t.foreign_keys.begin(), t.foreign_keys.end(), by_name);
        std::stable_sort(t.checks.begin(), t.checks.end(), by_name);
        return out;
    });
}

ReadIndex read_create_index(const std::string& sql) {
    return parse(sql, [&](Parser& parser, antlr4::CommonTokenStream&) {
        ReadIndex out;
        auto* root = parser.createIndex();
        out.table = name_of(root->name());
        out.index.name = name_of(root->qualifiedName()->name().back());
        out.index.unique = root->K_UNIQUE() != nullptr;
        for (auto* ic : root->indexedColumn()) {
            model::IndexPart part;
            auto* term = ic->indexTerm();
            std::string text = source_text(term);
            if (term->children.size() == 1 && term->expr().empty()) {
                part.column = unquote_name(text);
            } else if (term->children.size() == 3 && term->expr().size() == 1) {
                part.expr = expr_from_parenthesized(source_text(term->expr(0)));
                part.expr->kind = model::Expr::Kind::Raw;
            } else {
                part.expr = model::Expr{model::Expr::Kind::Raw, collapse_whitespace(text)};
            }
            if (ic->sortOrder() && ic->sortOrder()->K_DESC())
                part.order = model::SortOrder::Desc;
            out.index.parts.push_back(std::move(part));
        }
        if (root->whereExpr()) {
            std::string w = collapse_whitespace(source_text(root->whereExpr()));
            out.index.where = model::Expr{model::Expr::Kind::Raw, w};
        }
        return out;
    });
}

} // namespace stepwise::sqlite
