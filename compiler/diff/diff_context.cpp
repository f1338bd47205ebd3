#include "compiler/diff/diff_context.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <tuple>
#include <type_traits>

namespace stepwise::diff::detail {

namespace {

// Within a table: renames first so later changes can use new names, drops of dependent
// objects before the columns they use, adds after the columns they need.
template <typename T> constexpr int kind_rank() {
    if constexpr (std::is_same_v<T, CreateEnum>)
        return 0;
    else if constexpr (std::is_same_v<T, AlterEnum>)
        return 1;
    else if constexpr (std::is_same_v<T, DropEnum>)
        return 2;
    else if constexpr (std::is_same_v<T, RenameTable>)
        return 0;
    else if constexpr (std::is_same_v<T, DropTable>)
        return 1;
    else if constexpr (std::is_same_v<T, CreateTable>)
        return 2;
    else if constexpr (std::is_same_v<T, RenameColumn>)
        return 3;
    else if constexpr (std::is_same_v<T, DropForeignKey>)
        return 4;
    else if constexpr (std::is_same_v<T, DropCheck>)
        return 5;
    else if constexpr (std::is_same_v<T, DropIndex>)
        return 6;
    else if constexpr (std::is_same_v<T, DropUnique>)
        return 7;
    else if constexpr (std::is_same_v<T, DropPrimaryKey>)
        return 8;
    else if constexpr (std::is_same_v<T, DropColumn>)
        return 9;
    else if constexpr (std::is_same_v<T, AddColumn>)
        return 10;
    else if constexpr (std::is_same_v<T, AlterColumn>)
        return 11;
    else if constexpr (std::is_same_v<T, AddPrimaryKey>)
        return 12;
    else if constexpr (std::is_same_v<T, AddUnique>)
        return 13;
    else if constexpr (std::is_same_v<T, AddIndex>)
        return 14;
    else if constexpr (std::is_same_v<T, AddCheck>)
        return 15;
    else if constexpr (std::is_same_v<T, AddForeignKey>)
        return 16;
    else if constexpr (std::is_same_v<T, ValidateConstraint>)
        return 17;
    else
        return 18; // SetTableComment
}

int rank_of(const Change& change) {
    return std::visit([](const auto& c) { return kind_rank<std::decay_t<decltype(c)>>(); }, change);
}

bool is_word_start(char c) {
    return std::isalpha(static_cast<unsigned char>(c)) || c == '_';
}
bool is_word_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

bool equal_nocase(const std::string& a, const std::string& b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

// A name that reads back as itself unquoted: word characters and not a reserved word
// (`from IS NOT NULL` does not parse). Mixed case stays unquoted: SQLite and MySQL match it
// either way, and the desired side's stored text is compared with the mapped one.
bool is_plain_identifier(const std::string& s) {
    static const std::set<std::string> reserved = {
        "all",    "and",       "any",     "array",   "as",       "asc",     "between",
        "both",   "case",      "cast",    "check",   "collate",  "column",  "constraint",
        "create", "cross",     "default", "desc",    "distinct", "do",      "else",
        "end",    "except",    "false",   "fetch",   "for",      "foreign", "from",
        "full",   "grant",     "group",   "having",  "in",       "index",   "inner",
        "insert", "intersect", "into",    "is",      "join",     "key",     "leading",
        "left",   "like",      "limit",   "natural", "not",      "null",    "offset",
        "on",     "only",      "or",      "order",   "outer",    "primary", "references",
        "right",  "select",    "some",    "table",   "then",     "to",      "trailing",
        "true",   "union",     "unique",  "user",    "using",    "values",  "when",
        "where",  "window",    "with"};
    if (s.empty() || !is_word_start(s[0]) || !std::all_of(s.begin(), s.end(), is_word_char))
        return false;
    std::string lower = s;
    for (auto& c : lower)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return !reserved.count(lower);
}

const DiffDriver& quoting_of(const NameMap& columns) {
    static const DiffDriver standard;
    return columns.quoting ? *columns.quoting : standard;
}

// The end of a quoted token starting at `i` (by ', " or `), escapes doubled.
size_t end_of_quoted(const std::string& s, size_t i) {
    char q = s[i];
    size_t j = i + 1;
    while (j < s.size()) {
        if (s[j] == q) {
            if (j + 1 < s.size() && s[j + 1] == q) {
                j += 2;
                continue;
            }
            return j + 1;
        }
        ++j;
    }
    return s.size();
}

bool followed_by_paren(const std::string& s, size_t j) {
    while (j < s.size() && std::isspace(static_cast<unsigned char>(s[j])))
        ++j;
    return j < s.size() && s[j] == '(';
}

// Copies the name quoted at `i` (by s[i], escapes doubled) to `out`, written anew by the
// dialect's quoting when it is a renamed column; returns the index past it.
size_t map_quoted_name(const std::string& s, size_t i, const NameMap& columns,
                       const DiffDriver& quoting, std::string& out) {
    const char q = s[i];
    size_t j = end_of_quoted(s, i);
    std::string inner = s.substr(i + 1, (j >= i + 2 ? j - i - 2 : 0));
    std::string name;
    for (size_t k = 0; k < inner.size(); ++k) {
        name += inner[k];
        if (inner[k] == q)
            ++k; // doubled quote
    }
    auto it = columns.find(name);
    if (it != columns.end())
        out += quoting.quote_ident(it->second);
    else
        out.append(s, i, j - i);
    return j;
}

} // namespace

std::string Renames::table(const std::string& old_name) const {
    return map_name(tables, old_name);
}

const NameMap& Renames::columns_of(const std::string& old_table) const {
    static const NameMap none;
    auto it = columns.find(old_table);
    return it == columns.end() ? none : it->second;
}

std::string map_name(const NameMap& map, const std::string& name) {
    auto it = map.find(name);
    return it == map.end() ? name : it->second;
}

std::vector<std::string> map_names(const NameMap& map, const std::vector<std::string>& names) {
    std::vector<std::string> out;
    out.reserve(names.size());
    for (const auto& n : names)
        out.push_back(map_name(map, n));
    return out;
}

model::Expr map_expr(const NameMap& columns, const model::Expr& expr) {
    if (columns.empty() ||
        (expr.kind != model::Expr::Kind::Raw && expr.kind != model::Expr::Kind::Call))
        return expr;
    const DiffDriver& quoting = quoting_of(columns);
    const std::string& s = expr.text;
    std::string out;
    size_t i = 0;
    while (i < s.size()) {
        char c = s[i];
        if (c == '\'') {
            size_t j = end_of_quoted(s, i);
            out.append(s, i, j - i);
            i = j;
        } else if (c == '"' && quoting.ident_quote() != '"') {
            // A string where the dialect quotes names otherwise (MySQL's default sql_mode).
            size_t j = end_of_quoted(s, i);
            out.append(s, i, j - i);
            i = j;
        } else if (c == '"' || c == '`') {
            i = map_quoted_name(s, i, columns, quoting, out);
        } else if (is_word_start(c)) {
            size_t j = i;
            while (j < s.size() && is_word_char(s[j]))
                ++j;
            std::string word = s.substr(i, j - i);
            const std::string* replacement = nullptr;
            if (!followed_by_paren(s, j))
                for (const auto& [from, to] : columns)
                    if (equal_nocase(word, from))
                        replacement = &to;
            if (replacement)
                out += is_plain_identifier(*replacement) ? *replacement
                                                         : quoting.quote_ident(*replacement);
            else
                out += word;
            i = j;
        } else if (std::isdigit(static_cast<unsigned char>(c))) {
            // A number such as 1e5 must not be split into "1" and the word "e5".
            size_t j = i;
            while (j < s.size() && (is_word_char(s[j]) || s[j] == '.'))
                ++j;
            out.append(s, i, j - i);
            i = j;
        } else {
            out += c;
            ++i;
        }
    }
    model::Expr mapped = expr;
    mapped.text = out;
    return mapped;
}

model::Index map_index(const NameMap& columns, const model::Index& index) {
    model::Index out = index;
    for (auto& part : out.parts) {
        if (part.expr)
            part.expr = map_expr(columns, *part.expr);
        else
            part.column = map_name(columns, part.column);
    }
    if (out.where)
        out.where = map_expr(columns, *out.where);
    return out;
}

model::ForeignKey map_foreign_key(const Renames& renames, const std::string& old_table,
                                  const model::ForeignKey& key) {
    model::ForeignKey out = key;
    out.columns = map_names(renames.columns_of(old_table), key.columns);
    out.ref_columns = map_names(renames.columns_of(key.ref_table), key.ref_columns);
    out.ref_table = renames.table(key.ref_table);
    return out;
}

void Sink::add_enum(const std::string& name, Change change) {
    int kind = rank_of(change);
    entries_.push_back(Entry{0, name, kind, 0, {}, entries_.size(), std::move(change)});
}

void Sink::add(const std::string& table, Change change, int position, const std::string& object) {
    int kind = rank_of(change);
    entries_.push_back(Entry{1, table, kind, position, object, entries_.size(), std::move(change)});
}

ChangeSet Sink::sorted() {
    std::sort(entries_.begin(), entries_.end(), [](const Entry& a, const Entry& b) {
        return std::tie(a.group, a.table, a.kind, a.position, a.object, a.seq) <
               std::tie(b.group, b.table, b.kind, b.position, b.object, b.seq);
    });
    ChangeSet out;
    out.changes.reserve(entries_.size());
    for (auto& e : entries_)
        out.changes.push_back(std::move(e.change));
    entries_.clear();
    return out;
}

} // namespace stepwise::diff::detail
