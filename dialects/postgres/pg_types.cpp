#include "dialects/postgres/pg_types.h"

#include "dialects/postgres/pg_quote.h"

#include <regex>

namespace stepwise::postgres {

using model::Type;
using model::TypeKind;

std::string render_type(const Type& type) {
    auto len = [&](const char* base) {
        return type.length ? std::string(base) + "(" + std::to_string(*type.length) + ")"
                           : std::string(base);
    };
    switch (type.kind) {
    case TypeKind::Bool:
        return "boolean";
    case TypeKind::SmallInt:
        return "smallint";
    case TypeKind::Int:
        return "integer";
    case TypeKind::BigInt:
        return "bigint";
    case TypeKind::Real:
        return "real";
    case TypeKind::Double:
        return "double precision";
    case TypeKind::Numeric:
        if (!type.precision)
            return "numeric";
        return "numeric(" + std::to_string(*type.precision) + "," +
               std::to_string(type.scale.value_or(0)) + ")";
    case TypeKind::Text:
        return "text";
    case TypeKind::Varchar:
        return len("character varying");
    case TypeKind::Char:
        return len("character");
    case TypeKind::Bytes:
        return "bytea";
    case TypeKind::Date:
        return "date";
    case TypeKind::Time:
        return "time without time zone";
    case TypeKind::Timestamp:
        return "timestamp without time zone";
    case TypeKind::TimestampTz:
        return "timestamp with time zone";
    case TypeKind::Uuid:
        return "uuid";
    case TypeKind::Json:
        return "json";
    case TypeKind::Jsonb:
        return "jsonb";
    case TypeKind::Enum:
        return quote_ident(type.name);
    case TypeKind::Sql:
        return type.name;
    }
    return "text";
}

Type type_from_catalog(const std::string& text, bool is_enum) {
    Type t;
    if (is_enum) {
        t.kind = TypeKind::Enum;
        t.name = text;
        return t;
    }
    static const std::pair<const char*, TypeKind> plain[] = {
        {"boolean", TypeKind::Bool},
        {"smallint", TypeKind::SmallInt},
        {"integer", TypeKind::Int},
        {"bigint", TypeKind::BigInt},
        {"real", TypeKind::Real},
        {"double precision", TypeKind::Double},
        {"text", TypeKind::Text},
        {"bytea", TypeKind::Bytes},
        {"date", TypeKind::Date},
        {"time without time zone", TypeKind::Time},
        {"timestamp without time zone", TypeKind::Timestamp},
        {"timestamp with time zone", TypeKind::TimestampTz},
        {"uuid", TypeKind::Uuid},
        {"json", TypeKind::Json},
        {"jsonb", TypeKind::Jsonb},
    };
    for (const auto& [name, kind] : plain)
        if (text == name) {
            t.kind = kind;
            return t;
        }
    std::smatch m;
    static const std::regex varchar(R"(character varying\((\d+)\))");
    static const std::regex character(R"(character\((\d+)\))");
    static const std::regex numeric(R"(numeric\((\d+),(\d+)\))");
    if (std::regex_match(text, m, varchar)) {
        t.kind = TypeKind::Varchar;
        t.length = std::stoi(m[1]);
    } else if (std::regex_match(text, m, character)) {
        t.kind = TypeKind::Char;
        t.length = std::stoi(m[1]);
    } else if (std::regex_match(text, m, numeric)) {
        t.kind = TypeKind::Numeric;
        t.precision = std::stoi(m[1]);
        t.scale = std::stoi(m[2]);
    } else if (text == "numeric") {
        t.kind = TypeKind::Numeric;
    } else {
        t.kind = TypeKind::Sql;
        t.name = text;
    }
    return t;
}

bool binary_coercible(const Type& from, const Type& to) {
    auto varchar_like = [](const Type& t) {
        return t.kind == TypeKind::Varchar || t.kind == TypeKind::Text;
    };
    if (varchar_like(from) && to.kind == TypeKind::Text)
        return true;
    if (varchar_like(from) && to.kind == TypeKind::Varchar) {
        if (!to.length)
            return true;
        return from.kind == TypeKind::Varchar && from.length && *from.length <= *to.length;
    }
    if (from.kind == TypeKind::Numeric && to.kind == TypeKind::Numeric) {
        if (!to.precision)
            return true;
        return from.precision && from.scale.value_or(0) == to.scale.value_or(0) &&
               *from.precision <= *to.precision;
    }
    return false;
}

} // namespace stepwise::postgres
