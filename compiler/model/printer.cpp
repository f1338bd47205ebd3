#include "compiler/model/printer.h"

#include "compiler/model/naming.h"
#include "compiler/model/types.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <openssl/evp.h>

namespace stepwise::model {

namespace {

// Every keyword of grammar/Schema.g4. A name spelled like one (in any case) is quoted, so
// printed text never depends on how the parser resolves a keyword used as a name.
constexpr const char* kKeywords[] = {
    "action",  "asc",      "backfill", "cascade",    "check",     "collate",  "comment",
    "default", "delete",   "desc",     "down",       "enum",      "false",    "foreign",
    "from",    "identity", "index",    "key",        "namespace", "no",       "not",
    "null",    "on",       "primary",  "references", "renamed",   "restrict", "set",
    "sql",     "table",    "true",     "unique",     "update",    "using",    "where",
};

// Without a lower-cased copy: every printed name passes here, three catalogs per plan.
bool is_keyword(const std::string& word) {
    for (const char* k : kKeywords) {
        size_t i = 0;
        while (i < word.size() && k[i] != '\0' &&
               std::tolower(static_cast<unsigned char>(word[i])) == k[i])
            ++i;
        if (i == word.size() && k[i] == '\0')
            return true;
    }
    return false;
}

bool is_bare(const std::string& name) {
    if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0])))
        return false;
    for (unsigned char c : name)
        if (!(std::isalnum(c) || c == '_') || c >= 0x80)
            return false;
    return true;
}

std::string quote_identifier(const std::string& name) {
    std::string out = "\"";
    for (char c : name)
        out += (c == '"') ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string type_text(const Type& type) {
    if (type.kind == TypeKind::Enum) {
        // An enum named like a builtin type must be quoted to stay an enum.
        if (kind_from_keyword(type.name))
            return quote_identifier(type.name);
        return dsl_identifier(type.name);
    }
    return to_dsl(type);
}

std::string parenthesised(const Expr& e) {
    return e.kind == Expr::Kind::Raw ? dsl_expr(e) : "(" + dsl_expr(e) + ")";
}

std::string column_list(const std::vector<std::string>& columns) {
    std::string out = "(";
    for (size_t i = 0; i < columns.size(); ++i)
        out += (i ? ", " : "") + dsl_identifier(columns[i]);
    return out + ")";
}

std::string references(const ForeignKey& fk) {
    std::string out =
        "references " + dsl_identifier(fk.ref_table) + " " + column_list(fk.ref_columns);
    if (fk.on_delete != FkAction::NoAction)
        out += std::string(" on delete ") + to_string(fk.on_delete);
    if (fk.on_update != FkAction::NoAction)
        out += std::string(" on update ") + to_string(fk.on_update);
    return out;
}

std::string pad(const std::string& s, size_t width) {
    return s.size() >= width ? s : s + std::string(width - s.size(), ' ');
}

// Which table-level objects print on their column.
struct Inline {
    const PrimaryKey* pk = nullptr;
    std::vector<const UniqueConstraint*> uniques;
    std::vector<const ForeignKey*> fks;

    NamingStyle style;

    // Inline only what binds back to the same name under `style`. MySQL numbers unnamed
    // foreign keys in declaration order, so they always print as named members there.
    Inline(const Table& t, NamingStyle naming) : style(naming) {
        if (t.primary_key && t.primary_key->columns.size() == 1 &&
            t.primary_key->name == default_primary_key_name(style, t.name))
            pk = &*t.primary_key;
        for (const auto& u : t.uniques)
            if (u.columns.size() == 1 && u.name == default_unique_name(style, t.name, u.columns))
                uniques.push_back(&u);
        for (const auto& fk : t.foreign_keys)
            if (style != NamingStyle::MySQL && fk.columns.size() == 1 &&
                fk.ref_columns.size() == 1 &&
                fk.name == default_foreign_key_name(style, t.name, fk.columns, 1))
                fks.push_back(&fk);
    }
    bool has(const UniqueConstraint& u) const {
        return std::find(uniques.begin(), uniques.end(), &u) != uniques.end();
    }
    bool has(const ForeignKey& fk) const {
        return std::find(fks.begin(), fks.end(), &fk) != fks.end();
    }
};

std::string column_attributes(const Column& c, const Inline& in, const PrintOptions& options) {
    std::vector<std::string> attrs;
    bool pk = in.pk && in.pk->columns[0] == c.name;
    if (pk)
        attrs.push_back("primary key");
    if (c.identity)
        attrs.push_back("identity");
    if (!c.nullable && !pk)
        attrs.push_back("not null");
    for (const auto* u : in.uniques)
        if (u->columns[0] == c.name)
            attrs.push_back("unique");
    if (c.default_value)
        attrs.push_back("default " + dsl_expr(*c.default_value));
    for (const auto* fk : in.fks)
        if (fk->columns[0] == c.name)
            attrs.push_back(references(*fk));
    if (c.collation)
        attrs.push_back("collate " + dsl_string(*c.collation));
    if (c.comment)
        attrs.push_back("comment " + dsl_string(*c.comment));
    if (options.hints) {
        if (c.renamed_from)
            attrs.push_back("renamed from " + dsl_identifier(*c.renamed_from));
        if (c.backfill)
            attrs.push_back("backfill " + parenthesised(*c.backfill));
        if (c.using_expr)
            attrs.push_back("using " + parenthesised(*c.using_expr));
        if (c.down_using)
            attrs.push_back("down using " + parenthesised(*c.down_using));
    }
    std::string out;
    for (const auto& a : attrs)
        out += (out.empty() ? "" : " ") + a;
    return out;
}

std::string index_line(const Index& ix) {
    std::string out = ix.unique ? "unique index " : "index ";
    out += dsl_identifier(ix.name) + " (";
    for (size_t i = 0; i < ix.parts.size(); ++i) {
        const auto& p = ix.parts[i];
        out += i ? ", " : "";
        out += p.expr ? parenthesised(*p.expr) : dsl_identifier(p.column);
        if (p.order == SortOrder::Desc)
            out += " desc";
    }
    out += ")";
    if (!ix.method.empty())
        out += " using " + dsl_identifier(ix.method);
    if (ix.where)
        out += " where " + parenthesised(*ix.where);
    return out;
}

std::vector<std::string> member_lines(const Table& t, const Inline& in) {
    std::vector<std::string> members;
    if (t.primary_key && !in.pk) {
        std::string name = t.primary_key->name == default_primary_key_name(in.style, t.name)
                               ? ""
                               : dsl_identifier(t.primary_key->name) + " ";
        members.push_back("primary key " + name + column_list(t.primary_key->columns));
    }
    for (const auto& u : t.uniques)
        if (!in.has(u))
            members.push_back("unique " + dsl_identifier(u.name) + " " + column_list(u.columns));
    for (const auto& ix : t.indexes)
        members.push_back(index_line(ix));
    for (const auto& fk : t.foreign_keys)
        if (!in.has(fk))
            members.push_back("foreign key " + dsl_identifier(fk.name) + " " +
                              column_list(fk.columns) + " " + references(fk));
    for (const auto& ck : t.checks)
        members.push_back("check " + dsl_identifier(ck.name) + " " + parenthesised(ck.expr));
    return members;
}

bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

void print_table(const Table& t, const PrintOptions& options, std::string& out) {
    out += "table " + dsl_identifier(t.name);
    if (options.hints && t.renamed_from)
        out += " renamed from " + dsl_identifier(*t.renamed_from);
    out += " {\n";
    // The table comment goes first: after a column it would read as the column's comment.
    if (t.comment)
        out += "  comment " + dsl_string(*t.comment) + "\n\n";

    Inline in(t, options.naming);
    std::vector<std::string> members = member_lines(t, in);
    std::vector<std::string> attrs;
    for (const auto& c : t.columns)
        attrs.push_back(column_attributes(c, in, options));
    // `unique` then `index ...` reads as `unique index ...`: such a unique is a member instead.
    if (!attrs.empty() && !members.empty() && members.front().rfind("index ", 0) == 0 &&
        (attrs.back() == "unique" || ends_with(attrs.back(), " unique"))) {
        const Column& last = t.columns.back();
        in.uniques.erase(
            std::remove_if(in.uniques.begin(), in.uniques.end(),
                           [&](const UniqueConstraint* u) { return u->columns[0] == last.name; }),
            in.uniques.end());
        attrs.back() = column_attributes(last, in, options);
        members = member_lines(t, in);
    }

    size_t name_width = 0, type_width = 0;
    for (const auto& c : t.columns) {
        name_width = std::max(name_width, dsl_identifier(c.name).size());
        type_width = std::max(type_width, type_text(c.type).size());
    }
    for (size_t i = 0; i < t.columns.size(); ++i) {
        const auto& c = t.columns[i];
        std::string line = "  " + pad(dsl_identifier(c.name), name_width) + " ";
        line += attrs[i].empty() ? type_text(c.type)
                                 : pad(type_text(c.type), type_width) + " " + attrs[i];
        out += line + "\n";
    }
    if (!members.empty()) {
        out += t.columns.empty() ? "" : "\n";
        for (const auto& m : members)
            out += "  " + m + "\n";
    }
    out += "}\n";
}

} // namespace

std::string dsl_identifier(const std::string& name) {
    if (is_bare(name) && !is_keyword(name))
        return name;
    return quote_identifier(name);
}

std::string dsl_string(const std::string& value) {
    std::string out = "'";
    for (char c : value)
        out += (c == '\'') ? std::string("''") : std::string(1, c);
    return out + "'";
}

std::string dsl_expr(const Expr& expr) {
    switch (expr.kind) {
    case Expr::Kind::String:
        return dsl_string(expr.text);
    case Expr::Kind::Raw:
        return "(" + expr.text + ")";
    case Expr::Kind::Null:
        return "null";
    default:
        return expr.text;
    }
}

std::string print_catalog(const Catalog& catalog, const PrintOptions& options) {
    std::vector<std::string> blocks;
    if (!catalog.ns.empty())
        blocks.push_back("namespace " + dsl_identifier(catalog.ns) + "\n");
    for (const auto& e : catalog.enums) {
        std::string block = "enum " + dsl_identifier(e.name) + " {";
        for (size_t i = 0; i < e.labels.size(); ++i)
            block += (i ? ", " : " ") + dsl_string(e.labels[i]);
        blocks.push_back(block + (e.labels.empty() ? "}\n" : " }\n"));
    }
    for (const auto& t : catalog.tables) {
        std::string block;
        print_table(t, options, block);
        blocks.push_back(std::move(block));
    }
    std::string out;
    for (size_t i = 0; i < blocks.size(); ++i)
        out += (i ? "\n" : "") + blocks[i];
    return out;
}

PrintOptions fingerprint_options() {
    PrintOptions options;
    options.hints = false;
    return options;
}

std::string fingerprint_of_text(const std::string& text) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    EVP_Digest(text.data(), text.size(), digest, &size, EVP_sha256(), nullptr);
    static const char kHex[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(2 * size);
    for (unsigned int i = 0; i < size; ++i) {
        hex += kHex[digest[i] >> 4];
        hex += kHex[digest[i] & 0xF];
    }
    return hex;
}

std::string fingerprint(const Catalog& catalog) {
    return fingerprint_of_text(print_catalog(catalog, fingerprint_options()));
}

} // namespace stepwise::model
