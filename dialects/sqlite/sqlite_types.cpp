#include "dialects/sqlite/sqlite_types.h"

#include <algorithm>
#include <cctype>
#include <regex>

namespace stepwise::sqlite {

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::string collapse(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (std::isspace(static_cast<unsigned char>(c))) {
            if (!out.empty() && out.back() != ' ')
                out += ' ';
        } else {
            out += c;
        }
    }
    while (!out.empty() && out.back() == ' ')
        out.pop_back();
    return out;
}

} // namespace

std::string declared_type(const model::Type& type) {
    using model::TypeKind;
    switch (type.kind) {
    case TypeKind::Bool:
        return "boolean";
    case TypeKind::Int:
        return "integer";
    case TypeKind::Double:
        return "double precision";
    case TypeKind::Bytes:
        return "blob";
    case TypeKind::Enum:
        return "text";
    case TypeKind::Sql:
        return type.name;
    default:
        // The DSL spelling of the rest is what SQLite should store: numeric(10,2), char(3).
        return model::to_dsl(type);
    }
}

model::Type type_from_declared(const std::string& declared) {
    using model::TypeKind;
    model::Type t;
    std::string text = collapse(declared);
    std::string l = lower(text);
    static const std::regex sized(R"(^(varchar|char|numeric) ?\( ?(\d+) ?(?:, ?(\d+) ?)?\)$)");
    std::smatch m;
    if (std::regex_match(l, m, sized)) {
        std::string word = m[1];
        if (word == "numeric") {
            t.kind = TypeKind::Numeric;
            t.precision = std::stoi(m[2]);
            if (m[3].matched)
                t.scale = std::stoi(m[3]);
            return t;
        }
        if (!m[3].matched) {
            t.kind = word == "varchar" ? TypeKind::Varchar : TypeKind::Char;
            t.length = std::stoi(m[2]);
            return t;
        }
    }
    struct Word {
        const char* text;
        TypeKind kind;
    };
    static const Word words[] = {
        {"boolean", TypeKind::Bool},
        {"bool", TypeKind::Bool},
        {"smallint", TypeKind::SmallInt},
        {"integer", TypeKind::Int},
        {"int", TypeKind::Int},
        {"bigint", TypeKind::BigInt},
        {"real", TypeKind::Real},
        {"double precision", TypeKind::Double},
        {"double", TypeKind::Double},
        {"numeric", TypeKind::Numeric},
        {"text", TypeKind::Text},
        {"varchar", TypeKind::Varchar},
        {"char", TypeKind::Char},
        {"blob", TypeKind::Bytes},
        {"date", TypeKind::Date},
        {"time", TypeKind::Time},
        {"timestamp", TypeKind::Timestamp},
        {"timestamptz", TypeKind::TimestampTz},
        {"uuid", TypeKind::Uuid},
        {"json", TypeKind::Json},
        {"jsonb", TypeKind::Jsonb},
    };
    for (const auto& w : words)
        if (l == w.text) {
            t.kind = w.kind;
            return t;
        }
    t.kind = TypeKind::Sql;
    t.name = text;
    return t;
}

} // namespace stepwise::sqlite
