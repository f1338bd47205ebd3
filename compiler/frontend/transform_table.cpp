#include "compiler/frontend/transform.h"

namespace stepwise::frontend {

namespace {

model::FkAction transform_action(Parser::ActionContext& ctx) {
    if (ctx.CASCADE())
        return model::FkAction::Cascade;
    if (ctx.RESTRICT())
        return model::FkAction::Restrict;
    if (ctx.NULL_())
        return model::FkAction::SetNull;
    if (ctx.DEFAULT())
        return model::FkAction::SetDefault;
    return model::FkAction::NoAction;
}

std::vector<ast::Name> transform_columns(Parser::ColumnListContext* ctx) {
    std::vector<ast::Name> out;
    if (ctx)
        for (auto* id : ctx->ident())
            out.push_back(transform_ident(*id));
    return out;
}

std::optional<ast::Name> optional_ident(Parser::IdentContext* ctx) {
    if (!ctx)
        return std::nullopt;
    return transform_ident(*ctx);
}

ast::ColumnAttr transform_attr(Parser::ColumnAttrContext& ctx) {
    ast::ColumnAttr attr;
    attr.loc = loc_of(ctx);
    if (dynamic_cast<Parser::NotNullAttrContext*>(&ctx)) {
        attr.kind = ast::AttrKind::NotNull;
    } else if (dynamic_cast<Parser::NullAttrContext*>(&ctx)) {
        attr.kind = ast::AttrKind::Null;
    } else if (dynamic_cast<Parser::PrimaryKeyAttrContext*>(&ctx)) {
        attr.kind = ast::AttrKind::PrimaryKey;
    } else if (dynamic_cast<Parser::UniqueAttrContext*>(&ctx)) {
        attr.kind = ast::AttrKind::Unique;
    } else if (dynamic_cast<Parser::IdentityAttrContext*>(&ctx)) {
        attr.kind = ast::AttrKind::Identity;
    } else if (auto* d = dynamic_cast<Parser::DefaultAttrContext*>(&ctx)) {
        attr.kind = ast::AttrKind::Default;
        attr.expr = transform_expr(*d->expr());
    } else if (auto* c = dynamic_cast<Parser::CheckAttrContext*>(&ctx)) {
        attr.kind = ast::AttrKind::Check;
        attr.expr = transform_raw(*c->rawExpr());
    } else if (auto* r = dynamic_cast<Parser::ReferencesAttrContext*>(&ctx)) {
        attr.kind = ast::AttrKind::References;
        attr.refs = transform_references(*r->referencesClause());
    } else if (auto* co = dynamic_cast<Parser::CollateAttrContext*>(&ctx)) {
        attr.kind = ast::AttrKind::Collate;
        attr.text = unquote_string(co->STRING()->getText());
    } else if (auto* cm = dynamic_cast<Parser::CommentAttrContext*>(&ctx)) {
        attr.kind = ast::AttrKind::Comment;
        attr.text = unquote_string(cm->STRING()->getText());
    } else if (auto* rn = dynamic_cast<Parser::RenamedAttrContext*>(&ctx)) {
        attr.kind = ast::AttrKind::RenamedFrom;
        attr.name = transform_ident(*rn->ident());
    } else if (auto* b = dynamic_cast<Parser::BackfillAttrContext*>(&ctx)) {
        attr.kind = ast::AttrKind::Backfill;
        attr.expr = transform_raw(*b->rawExpr());
    } else if (auto* u = dynamic_cast<Parser::UsingAttrContext*>(&ctx)) {
        attr.kind = ast::AttrKind::Using;
        attr.expr = transform_raw(*u->rawExpr());
    } else if (auto* du = dynamic_cast<Parser::DownUsingAttrContext*>(&ctx)) {
        attr.kind = ast::AttrKind::DownUsing;
        attr.expr = transform_raw(*du->rawExpr());
    }
    return attr;
}

ast::KeyDecl transform_key(Parser::IdentContext* name, Parser::ColumnListContext* cols,
                           bool primary, antlr4::ParserRuleContext& ctx) {
    ast::KeyDecl key;
    key.primary = primary;
    key.name = optional_ident(name);
    key.columns = transform_columns(cols);
    key.loc = loc_of(ctx);
    return key;
}

ast::IndexDecl transform_index(Parser::IndexMemberContext& ctx) {
    ast::IndexDecl index;
    index.unique = ctx.UNIQUE() != nullptr;
    index.loc = loc_of(ctx);
    // The name is the first ident, unless it is the `using` method (then there is no name).
    Parser::IdentContext* name = ctx.ident().empty() ? nullptr : ctx.ident(0);
    if (name == ctx.method)
        name = nullptr;
    index.name = optional_ident(name);
    if (ctx.method)
        index.method = transform_ident(*ctx.method);
    for (auto* part : ctx.indexPart()) {
        ast::IndexPartNode p;
        if (part->rawExpr())
            p.expr = transform_raw(*part->rawExpr());
        else
            p.column = transform_ident(*part->ident());
        if (part->DESC())
            p.order = model::SortOrder::Desc;
        index.parts.push_back(std::move(p));
    }
    if (ctx.rawExpr())
        index.where = transform_raw(*ctx.rawExpr());
    return index;
}

ast::Member transform_member(Parser::TableMemberContext& ctx) {
    if (auto* pk = ctx.primaryKeyMember())
        return transform_key(pk->ident(), pk->columnList(), true, *pk);
    if (auto* uq = ctx.uniqueMember())
        return transform_key(uq->ident(), uq->columnList(), false, *uq);
    if (auto* ix = ctx.indexMember())
        return transform_index(*ix);
    if (auto* ck = ctx.checkMember()) {
        ast::CheckDecl check;
        check.name = optional_ident(ck->ident());
        check.expr = transform_raw(*ck->rawExpr());
        check.loc = loc_of(*ck);
        return check;
    }
    if (auto* fk = ctx.foreignKeyMember()) {
        ast::ForeignKeyDecl decl;
        decl.name = optional_ident(fk->ident());
        decl.columns = transform_columns(fk->columnList());
        decl.refs = transform_references(*fk->referencesClause());
        decl.loc = loc_of(*fk);
        return decl;
    }
    if (auto* cm = ctx.tableComment())
        return ast::CommentDecl{unquote_string(cm->STRING()->getText()), loc_of(*cm)};
    return transform_column(*ctx.column());
}

} // namespace

ast::References transform_references(Parser::ReferencesClauseContext& ctx) {
    ast::References refs;
    refs.loc = loc_of(ctx);
    refs.table = transform_ident(*ctx.ident());
    refs.columns = transform_columns(ctx.columnList());
    for (auto* action : ctx.fkAction()) {
        auto value = transform_action(*action->action());
        if (action->DELETE())
            refs.on_delete = value;
        else
            refs.on_update = value;
    }
    return refs;
}

ast::ColumnDecl transform_column(Parser::ColumnContext& ctx) {
    ast::ColumnDecl column;
    column.loc = loc_of(ctx);
    column.name = transform_ident(*ctx.ident());
    column.type = transform_type(*ctx.typeRef());
    for (auto* attr : ctx.columnAttr())
        column.attrs.push_back(transform_attr(*attr));
    return column;
}

ast::TableDecl transform_table(Parser::TableDeclContext& ctx) {
    ast::TableDecl table;
    table.loc = loc_of(ctx);
    table.name = transform_ident(*ctx.ident(0));
    if (ctx.renamedFrom) {
        table.renamed_from = transform_ident(*ctx.renamedFrom);
        table.renamed_loc = loc_of(ctx.RENAMED()->getSymbol());
    }
    for (auto* member : ctx.tableMember())
        table.members.push_back(transform_member(*member));
    return table;
}

ast::EnumDecl transform_enum(Parser::EnumDeclContext& ctx) {
    ast::EnumDecl decl;
    decl.loc = loc_of(ctx);
    decl.name = transform_ident(*ctx.ident());
    for (auto* label : ctx.STRING())
        decl.labels.push_back({unquote_string(label->getText()), loc_of(label->getSymbol())});
    return decl;
}

ast::File transform_file(Parser::FileContext& ctx, const std::string& path) {
    ast::File file;
    file.path = path;
    for (auto* decl : ctx.decl()) {
        if (auto* ns = decl->namespaceDecl())
            file.namespaces.push_back({transform_ident(*ns->ident()), loc_of(*ns)});
        else if (auto* en = decl->enumDecl())
            file.enums.push_back(transform_enum(*en));
        else if (auto* tb = decl->tableDecl())
            file.tables.push_back(transform_table(*tb));
    }
    return file;
}

} // namespace stepwise::frontend
