#include "dialects/postgres/pg_redundant_parens.h"

#include <algorithm>
#include <optional>
#include <set>
#include <vector>

namespace stepwise::postgres {

namespace {

enum class Assoc { Left, Right, None };
enum class Fix { Prefix, Infix, Postfix };

struct Op {
    int prec; // higher binds tighter (PostgreSQL 15 documentation, table 4.2)
    Assoc assoc;
    Fix fix;
};

constexpr int kAtom = 100; // a group without operators at its top level

bool is_word(const Token& t, const char* w) {
    return t.kind == Tok::Word && t.text == w;
}
bool is_punct(const Token& t, const char* p) {
    return t.kind == Tok::Punct && t.text == p;
}

bool ends_operand(const Token& t) {
    switch (t.kind) {
    case Tok::Word:
        return !keywords().count(t.text) || t.text == "null" || t.text == "true" ||
               t.text == "false" || t.text == "end";
    case Tok::Quoted:
    case Tok::String:
    case Tok::Number:
    case Tok::Close:
        return true;
    case Tok::Punct:
        return t.text == "]";
    default:
        return false;
    }
}

bool part_of_is(const Tokens& t, size_t i) {
    // IS [NOT] DISTINCT FROM, IS [NOT] NULL: the words after IS belong to it.
    return i > 0 && (is_word(t[i - 1], "is") || is_word(t[i - 1], "distinct") ||
                     (is_word(t[i - 1], "not") && i > 1 && is_word(t[i - 2], "is")));
}

// The operator at `i`, if the token is one (or the first word of one).
std::optional<Op> op_at(const Tokens& t, size_t i) {
    const Token& tok = t[i];
    bool after_operand = i > 0 && ends_operand(t[i - 1]);
    if (tok.kind == Tok::Op) {
        const std::string& o = tok.text;
        if (!after_operand)
            return Op{o == "+" || o == "-" ? 13 : 7, Assoc::Right, Fix::Prefix};
        if (o == "<" || o == ">" || o == "=" || o == "<=" || o == ">=" || o == "<>")
            return Op{5, Assoc::None, Fix::Infix};
        if (o == "+" || o == "-")
            return Op{8, Assoc::Left, Fix::Infix};
        if (o == "*" || o == "/" || o == "%")
            return Op{9, Assoc::Left, Fix::Infix};
        if (o == "^")
            return Op{10, Assoc::Left, Fix::Infix};
        return Op{7, Assoc::Left, Fix::Infix};
    }
    if (tok.kind == Tok::Punct) {
        if (tok.text == "[" && after_operand)
            return Op{14, Assoc::Left, Fix::Postfix};
        return std::nullopt;
    }
    if (tok.kind != Tok::Word)
        return std::nullopt;
    const std::string& w = tok.text;
    auto next_is = [&](std::initializer_list<const char*> words) {
        if (i + 1 >= t.size())
            return false;
        return std::any_of(words.begin(), words.end(),
                           [&](const char* x) { return is_word(t[i + 1], x); });
    };
    if (w == "or")
        return Op{1, Assoc::Left, Fix::Infix};
    if (w == "and")
        return Op{2, Assoc::Left, Fix::Infix};
    if (w == "not") {
        if (part_of_is(t, i))
            return std::nullopt;
        if (next_is({"like", "ilike", "similar", "between", "in"}))
            return Op{6, Assoc::None, Fix::Infix};
        return Op{3, Assoc::Right, Fix::Prefix};
    }
    if (w == "is" || w == "isnull" || w == "notnull")
        return Op{4, Assoc::None, w == "is" ? Fix::Infix : Fix::Postfix};
    if (w == "like" || w == "ilike" || w == "similar" || w == "between" || w == "in" ||
        w == "escape") {
        if (i > 0 && is_word(t[i - 1], "not"))
            return std::nullopt; // counted at the NOT
        return Op{6, Assoc::None, Fix::Infix};
    }
    if (w == "at" && next_is({"time"}))
        return Op{11, Assoc::Left, Fix::Infix};
    if (w == "collate")
        return Op{12, Assoc::Left, Fix::Postfix};
    return std::nullopt;
}

// What sits next to a group: nothing that binds (a list separator, a keyword of CASE, the
// edge of the text or of a kept group), an operator, or something the rules do not know.
struct Neighbour {
    enum class Kind { Boundary, Operator, Unknown } kind;
    Op op{};
};

bool is_boundary_word(const Tokens& t, size_t i) {
    static const std::set<std::string> words = {"when", "then", "else", "case",
                                                "end",  "as",   "for",  "from"};
    return t[i].kind == Tok::Word && words.count(t[i].text) &&
           !(t[i].text == "from" && i > 0 && is_word(t[i - 1], "distinct"));
}

Neighbour left_of(const Tokens& t, size_t j) {
    if (t[j].kind == Tok::Open || is_punct(t[j], ",") || is_punct(t[j], "[") ||
        is_boundary_word(t, j))
        return {Neighbour::Kind::Boundary};
    if (auto op = op_at(t, j); op && op->fix != Fix::Postfix)
        return {Neighbour::Kind::Operator, *op};
    // The last word of a multi-word operator: NOT LIKE, SIMILAR TO, IS DISTINCT FROM.
    static const std::set<std::string> pattern = {"like", "ilike", "in", "to", "escape"};
    if (t[j].kind == Tok::Word && pattern.count(t[j].text))
        return {Neighbour::Kind::Operator, Op{6, Assoc::None, Fix::Infix}};
    if (is_word(t[j], "from"))
        return {Neighbour::Kind::Operator, Op{4, Assoc::None, Fix::Infix}};
    return {Neighbour::Kind::Unknown};
}

Neighbour right_of(const Tokens& t, size_t k) {
    if (k >= t.size() || t[k].kind == Tok::Close || is_punct(t[k], ",") || is_punct(t[k], "]") ||
        is_boundary_word(t, k))
        return {Neighbour::Kind::Boundary};
    if (auto op = op_at(t, k); op && op->fix != Fix::Prefix)
        return {Neighbour::Kind::Operator, *op};
    return {Neighbour::Kind::Unknown};
}

// Parentheses that belong to the syntax before them rather than group an operand.
bool is_call_open(const Tokens& t, size_t i) {
    if (i == 0)
        return false;
    const Token& before = t[i - 1];
    if (before.kind == Tok::Quoted)
        return true;
    if (before.kind != Tok::Word)
        return false;
    static const std::set<std::string> syntax = {"any", "all", "some", "in", "array"};
    return !keywords().count(before.text) || syntax.count(before.text);
}

struct Inside {
    int binary = kAtom; // loosest infix or postfix operator at the top level
    int any = kAtom;    // loosest operator of any kind at the top level
    bool must_keep = false;
};

Inside scan(const Tokens& t, size_t open, size_t close) {
    Inside in;
    if (close == open + 1) {
        in.must_keep = true;
        return in;
    }
    const Token& first = t[open + 1];
    if (is_word(first, "select") || is_word(first, "with") || is_word(first, "values")) {
        in.must_keep = true;
        return in;
    }
    int depth = 0;
    for (size_t i = open + 1; i < close; ++i) {
        const Token& tok = t[i];
        if (depth == 0) {
            if (is_punct(tok, ",")) {
                in.must_keep = true; // a row constructor
                return in;
            }
            if (auto op = op_at(t, i)) {
                in.any = std::min(in.any, op->prec);
                if (op->fix != Fix::Prefix)
                    in.binary = std::min(in.binary, op->prec);
            }
        }
        if (tok.kind == Tok::Open || is_punct(tok, "[") || is_word(tok, "case"))
            ++depth;
        else if (tok.kind == Tok::Close || is_punct(tok, "]") || is_word(tok, "end"))
            --depth;
    }
    return in;
}

// Whether the operator before a group leaves it whole without the parentheses: everything
// inside that could split it binds tighter.
bool safe_on_left(const Neighbour& n, const Inside& in) {
    if (n.kind != Neighbour::Kind::Operator)
        return n.kind == Neighbour::Kind::Boundary;
    return in.binary > n.op.prec ||
           (in.binary == n.op.prec && n.op.fix == Fix::Infix && n.op.assoc == Assoc::Right);
}

bool safe_on_right(const Neighbour& n, const Inside& in) {
    if (n.kind != Neighbour::Kind::Operator)
        return n.kind == Neighbour::Kind::Boundary;
    return in.any > n.op.prec || (in.any == n.op.prec && n.op.assoc == Assoc::Left);
}

} // namespace

Tokens drop_redundant_parens(const Tokens& t) {
    std::vector<bool> dropped(t.size(), false);
    // Outer groups first, so an inner group's neighbours are known: it sees through the
    // dropped parentheses around it.
    for (size_t i = 0; i < t.size(); ++i) {
        if (t[i].kind != Tok::Open || is_call_open(t, i))
            continue;
        size_t close = matching_close(t, i);
        if (close >= t.size())
            continue;
        Inside in = scan(t, i, close);
        if (in.must_keep)
            continue;
        size_t j = i;
        while (j > 0 && dropped[j - 1] && t[j - 1].kind == Tok::Open)
            --j;
        size_t k = close + 1;
        while (k < t.size() && dropped[k] && t[k].kind == Tok::Close)
            ++k;
        Neighbour left = j == 0 ? Neighbour{Neighbour::Kind::Boundary} : left_of(t, j - 1);
        Neighbour right = right_of(t, k);
        if (safe_on_left(left, in) && safe_on_right(right, in))
            dropped[i] = dropped[close] = true;
    }
    Tokens out;
    for (size_t i = 0; i < t.size(); ++i)
        if (!dropped[i])
            out.push_back(t[i]);
    return out;
}

} // namespace stepwise::postgres
