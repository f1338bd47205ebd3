#include "compiler/model/types.h"

#include <algorithm>
#include <cctype>

namespace stepwise::model {

namespace {

struct KindName {
    TypeKind kind;
    const char* word;
};

constexpr KindName kKinds[] = {
    {TypeKind::Bool, "bool"},         {TypeKind::SmallInt, "smallint"},
    {TypeKind::Int, "int"},           {TypeKind::BigInt, "bigint"},
    {TypeKind::Real, "real"},         {TypeKind::Double, "double"},
    {TypeKind::Numeric, "numeric"},   {TypeKind::Text, "text"},
    {TypeKind::Varchar, "varchar"},   {TypeKind::Char, "char"},
    {TypeKind::Bytes, "bytes"},       {TypeKind::Date, "date"},
    {TypeKind::Time, "time"},         {TypeKind::Timestamp, "timestamp"},
    {TypeKind::TimestampTz, "timestamptz"}, {TypeKind::Uuid, "uuid"},
    {TypeKind::Json, "json"},         {TypeKind::Jsonb, "jsonb"},
};

} // namespace

const char* keyword(TypeKind kind) {
    for (const auto& k : kKinds)
        if (k.kind == kind)
            return k.word;
    return nullptr;
}

std::optional<TypeKind> kind_from_keyword(const std::string& word) {
    std::string lower = word;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (const auto& k : kKinds)
        if (lower == k.word)
            return k.kind;
    return std::nullopt;
}

std::string to_dsl(const Type& type) {
    switch (type.kind) {
    case TypeKind::Enum:
        return type.name;
    case TypeKind::Sql: {
        std::string out = "sql('";
        for (char c : type.name)
            out += (c == '\'') ? std::string("''") : std::string(1, c);
        return out + "')";
    }
    case TypeKind::Numeric:
        if (type.precision) {
            std::string out = "numeric(" + std::to_string(*type.precision);
            if (type.scale)
                out += "," + std::to_string(*type.scale);
            return out + ")";
        }
        return "numeric";
    case TypeKind::Varchar:
    case TypeKind::Char:
        if (type.length)
            return std::string(keyword(type.kind)) + "(" + std::to_string(*type.length) + ")";
        return keyword(type.kind);
    default:
        return keyword(type.kind);
    }
}

bool is_integer(TypeKind kind) {
    return kind == TypeKind::SmallInt || kind == TypeKind::Int || kind == TypeKind::BigInt;
}

bool is_text(TypeKind kind) {
    return kind == TypeKind::Text || kind == TypeKind::Varchar || kind == TypeKind::Char;
}

} // namespace stepwise::model
