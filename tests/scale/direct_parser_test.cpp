// The direct parser against the ANTLR one, the reference: whenever the direct parser accepts
// a file, ANTLR accepts it too and builds the same AST (every field, positions included), for
// every schema file in the repository, for the grammar's ambiguous corners and for random
// text built from the DSL's keywords and punctuation.

#include "compiler/frontend/direct_parser.h"
#include "compiler/frontend/parse_file.h"
#include "compiler/frontend/source_check.h"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <iostream>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>
#include <sstream>

using namespace stepwise;
using namespace stepwise::frontend;

namespace {

std::string dump(const ast::Loc& l) {
    return "@" + std::to_string(l.line) + ":" + std::to_string(l.col);
}
std::string dump(const ast::Name& n) {
    return "[" + n.text + (n.quoted ? "|q" : "") + dump(n.loc) + "]";
}
std::string dump(const std::optional<ast::Name>& n) {
    return n ? dump(*n) : "-";
}
std::string dump(const std::vector<ast::Name>& names) {
    std::string out = "(";
    for (const auto& n : names)
        out += dump(n);
    return out + ")";
}
std::string dump(const ast::ExprNode& e) {
    std::string out = "{" + std::to_string(static_cast<int>(e.expr.kind)) + ":" + e.expr.text +
                      dump(e.loc) + " ids";
    for (const auto& id : e.identifiers)
        out += " " + id;
    return out + "}";
}
std::string dump(const std::optional<ast::ExprNode>& e) {
    return e ? dump(*e) : "-";
}
std::string dump(const std::optional<model::FkAction>& a) {
    return a ? std::to_string(static_cast<int>(*a)) : "-";
}
std::string dump(const ast::References& r) {
    return "refs " + dump(r.table) + dump(r.columns) + " del " + dump(r.on_delete) + " upd " +
           dump(r.on_update) + dump(r.loc);
}

std::string dump_member(const ast::Member& m) {
    std::ostringstream out;
    if (auto* c = std::get_if<ast::ColumnDecl>(&m)) {
        out << "column " << dump(c->name) << dump(c->loc) << " type " << c->type.sql
            << dump(c->type.name);
        for (const auto& p : c->type.params)
            out << " " << p;
        for (const auto& a : c->attrs)
            out << "\n    attr " << static_cast<int>(a.kind) << dump(a.loc) << " " << dump(a.expr)
                << " '" << a.text << "' " << dump(a.name) << " " << (a.refs ? dump(*a.refs) : "-");
    } else if (auto* k = std::get_if<ast::KeyDecl>(&m)) {
        out << "key " << k->primary << dump(k->name) << dump(k->columns) << dump(k->loc);
    } else if (auto* i = std::get_if<ast::IndexDecl>(&m)) {
        out << "index " << i->unique << dump(i->name) << dump(i->loc) << " using "
            << dump(i->method) << " where " << dump(i->where);
        for (const auto& p : i->parts)
            out << "\n    part " << dump(p.column) << dump(p.expr) << static_cast<int>(p.order);
    } else if (auto* ck = std::get_if<ast::CheckDecl>(&m)) {
        out << "check " << dump(ck->name) << dump(ck->expr) << dump(ck->loc);
    } else if (auto* f = std::get_if<ast::ForeignKeyDecl>(&m)) {
        out << "fk " << dump(f->name) << dump(f->columns) << dump(f->refs) << dump(f->loc);
    } else {
        auto& cm = std::get<ast::CommentDecl>(m);
        out << "comment '" << cm.text << "'" << dump(cm.loc);
    }
    return out.str();
}

std::string dump(const ast::File& f) {
    std::ostringstream out;
    out << f.path << "\n";
    for (const auto& n : f.namespaces)
        out << "namespace " << dump(n.name) << dump(n.loc) << "\n";
    for (const auto& e : f.enums) {
        out << "enum " << dump(e.name) << dump(e.loc);
        for (const auto& l : e.labels)
            out << " '" << l.text << "'" << dump(l.loc);
        out << "\n";
    }
    for (const auto& t : f.tables) {
        out << "table " << dump(t.name) << dump(t.loc) << " renamed " << dump(t.renamed_from)
            << dump(t.renamed_loc) << "\n";
        for (const auto& m : t.members)
            out << "  " << dump_member(m) << "\n";
    }
    return out.str();
}

// "direct" when the direct parser took the text (and agreed), "antlr" when it left a valid
// text to ANTLR, "invalid" when both rejected it; a disagreement fails the calling test.
std::string compare(const std::string& text) {
    Diagnostics diags;
    if (!check_source_text("t.schema", text, diags))
        return "rejected";
    auto direct = parse_direct("t.schema", text);
    auto reference = parse_file_antlr("t.schema", text, diags);
    if (!direct)
        return reference ? "antlr" : "invalid";
    EXPECT_TRUE(reference.has_value()) << "direct parser accepted what ANTLR rejects:\n" << text;
    if (reference)
        EXPECT_EQ(dump(*direct), dump(*reference)) << text;
    return "direct";
}

std::string read(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

} // namespace

TEST(DirectParser, SameAstAsAntlrForEverySchemaFile) {
    size_t files = 0, direct = 0;
    for (const char* dir : {"tests/cases", "schemas", "fuzz/seeds", "bench", "docs"}) {
        if (!std::filesystem::exists(dir))
            continue;
        for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
            if (!e.is_regular_file() || e.path().extension() != ".schema")
                continue;
            SCOPED_TRACE(e.path().string());
            std::string how = compare(read(e.path()));
            if (how == "rejected" || how == "invalid")
                continue;
            ++files;
            direct += how == "direct";
            if (how != "direct")
                std::cout << "ANTLR " << e.path() << "\n";
        }
    }
    EXPECT_GT(files, 100u); // valid files; run from the source directory
    // The fast path must be the common one, or it buys nothing.
    EXPECT_GT(direct * 10, files * 9) << direct << " of " << files << " files parsed directly";
}

TEST(DirectParser, TakesTheCommonForms) {
    for (std::string text : {
             "",
             "namespace app\nenum mood { 'sad', 'it''s', }\nenum e {}\n",
             "table t renamed from \"Old\"\"T\" {\n"
             "  id bigint primary key identity\n"
             "  a int not null default -1 check (a > 0) comment 'x''y' collate 'C'\n"
             "  b numeric(10, 2) null default f(TRUE, -1, 'x', (a+b), g(h), \"Q\")\n"
             "  c sql('timestamp(3) with time zone') default now() renamed from old_c\n"
             "  d text backfill (a || '/* not a comment */') using (d::text) down using (d)\n"
             "  e int references t (id) on delete set null on update no action unique\n"
             "  f int references t on delete cascade on update restrict\n"
             "  g bool default false\n"
             "  h text default 'x' -- trailing comment\n"
             "  primary key pk (id)\n"
             "  unique (a, b)\n"
             "  unique u (b)\n"
             "  unique index ui ((lower(d))) using btree where (a > /* c */ 1)\n"
             "  index (a desc, (b + 1) asc, c)\n"
             "  index (d) using gin\n"
             "  check ck (a <> b and `x``y` = 'é')\n"
             "  check (a<1)\n"
             "  foreign key fk (e) references t (id) on delete set default\n"
             "  foreign key (f) references t\n"
             "  comment 'table'\n"
             "  key int\n"
             "  primary int\n"
             "}\n",
         })
        EXPECT_EQ(compare(text), "direct") << text;
}

// Where the grammar needs more than a short look ahead, or the input is wrong, the direct
// parser leaves the text to ANTLR; where it takes it, it must agree.
TEST(DirectParser, AgreesOrStepsAsideInTheAmbiguousCorners) {
    for (std::string text : {
             "table t { unique index (a) }",
             "table t { unique index }",
             "table t { a int unique index i (a) }",
             "table t { a int unique }",
             "table t { a int primary key (a) }",
             "table t { a int check (a > 0) }",
             "table t { check int }",
             "table t { check key (a) }",
             "table t { check c (1) }",
             "table t { index int }",
             "table t { index i (1) }",
             "table t { index i (a) using btree not null }",
             "table t { index i (a) where x }",
             "table t { comment text }",
             "table t { comment 'x' }",
             "table t { unique text not null }",
             "table t { primary key }",
             "table t { primary key check (a) }",
             "table t { primary key k (a) }",
             "table t { foreign key (a) references t on x int }",
             "table t { a sql }",
             "table t { a sql(10) }",
             "table t { a sql('x') }",
             "table t { a int default true }",
             "table t { a int default true() }",
             "table t { a int default NULL }",
             "table t { a int default f(null, TRUE) }",
             "table t { a int default f(true(1)) }",
             "table t { a int default f(a,) }",
             "table t { a int default x }",
             "table t { a int default - 1 }",
             "table t { a int default -x }",
             "table t { a int default 'x'(1) }",
             "table t { a int on delete cascade }",
             "table t { a int not }",
             "table t { a int ( }",
             "table t { a int }}",
             "table t { a int } x",
             "table t { a int default (",
             "table t { a int check ((a) }",
             "table t { a int check (a ' }",
             "table t { a int check (a /* }",
             "table t { a int check (`a``) }",
             "table t { a int check (é∑ \xf0\x9f\x98\x80x) }",
             "table t { a int check ({ }) }",
             "table t\r\n{\ta\fint\r\n}",
             "table { a int }",
             "enum e { 'a' 'b' }",
             "enum e { , }",
             "namespace",
             "\xef\xbb\xbftable t { a int }",
         })
        compare(text);
}

TEST(DirectParser, DeepNestingIsLeftToAntlr) {
    std::string deep =
        "table t { a int check (" + std::string(300, '(') + std::string(300, ')') + ") }";
    EXPECT_EQ(compare(deep), "invalid"); // ANTLR's path reports the nesting
}

RC_GTEST_PROP(DirectParser, AgreesOnRandomText, ()) {
    static const std::vector<std::string> pieces{
        "table t {", "}",        "{",         " a int",   " b text",    "\n",       " (",
        ")",         ",",        " 1",        " -",       " 'x'",       " \"Q\"",   " primary",
        " key",      " unique",  " index",    " check",   " foreign",   " comment", " not",
        " null",     " default", " true",     " f(",      " using",     " where",   " references",
        " t",        " on",      " delete",   " update",  " set",       " cascade", " no",
        " action",   " renamed", " from",     " collate", " backfill",  " down",    " identity",
        " desc",     " sql",     " sql('x')", " enum e",  " namespace", " -- c\n",  " /* c */"};
    auto indexes =
        *rc::gen::container<std::vector<size_t>>(rc::gen::inRange<size_t>(0, pieces.size()));
    std::string text;
    for (size_t i : indexes)
        text += pieces[i];
    compare(text);
    RC_ASSERT(!::testing::Test::HasFailure());
}

// Whole members, many of them named or typed like keywords, in random order: mostly valid
// files, so that both parsers' choices between a column and a constraint are compared.
RC_GTEST_PROP(DirectParser, AgreesOnRandomMembers, ()) {
    static const std::vector<std::string> members{
        "a int",
        "a int not null default 0",
        "check int",
        "check key (a)",
        "check (a > 0)",
        "check c (a > 0)",
        "check c (1)",
        "unique text",
        "unique (a)",
        "unique u (a)",
        "unique index (a)",
        "unique index u (a)",
        "index int",
        "index (a)",
        "index i (a) using btree",
        "index i ((a + 1)) where (a > 0)",
        "index i (a desc)",
        "primary key",
        "primary key (a)",
        "primary key pk (a)",
        "primary int",
        "foreign key (a) references t",
        "foreign key fk (a) references t (id) on delete cascade",
        "foreign int",
        "comment 'c'",
        "comment text",
        "key int",
        "null text",
        "not null",
        "using int",
        "where int",
        "on delete",
        "default text",
        "default f()",
        "references t",
        "a int primary key",
        "a int unique",
        "a int check (a > 0)",
        "a int comment 'x'",
        "a int references t (id) on update set null",
        "a sql('x') collate 'C'",
        "a int default true",
        "a int default f(true, 'x', b, (c))",
        "a int renamed from b",
        "a int backfill (1) using (a) down using (a)",
        "a int identity",
        "a int null"};
    auto picks =
        *rc::gen::container<std::vector<size_t>>(rc::gen::inRange<size_t>(0, members.size()));
    std::string text = "table t {\n";
    for (size_t i : picks)
        text += "  " + members[i] + (*rc::gen::arbitrary<bool>() ? "\n" : " ");
    text += "}\n";
    RC_TAG(compare(text));
    RC_ASSERT(!::testing::Test::HasFailure());
}
