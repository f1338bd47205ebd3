#include "tests/property/values.h"

#include <fmt/format.h>

namespace stepwise::property {

using model::TypeKind;

std::string value_for(const model::Type& type, const model::Catalog& catalog, int row,
                      const Profile& profile) {
    int r = row + 1;
    switch (type.kind) {
    case TypeKind::Bool:
        return r % 2 ? "1" : "0";
    case TypeKind::SmallInt:
    case TypeKind::Int:
    case TypeKind::BigInt:
        return std::to_string(r * 7);
    case TypeKind::Real:
    case TypeKind::Double:
        return fmt::format("{}.5", r);
    case TypeKind::Numeric:
        return type.scale.value_or(0) > 0 ? fmt::format("{}.25", r) : std::to_string(r * 3);
    case TypeKind::Text:
    case TypeKind::Varchar:
    case TypeKind::Char:
        return fmt::format("it's \"{}\"", r);
    case TypeKind::Bytes:
        return fmt::format("b{}", r);
    case TypeKind::Date:
        return fmt::format("2024-01-{:02d}", r);
    case TypeKind::Time:
        return fmt::format("12:00:{:02d}", r);
    case TypeKind::Timestamp:
        return fmt::format("2024-01-02 03:04:{:02d}", r);
    case TypeKind::TimestampTz:
        if (!profile.timestamp_offsets)
            return fmt::format("2024-01-02 03:04:{:02d}", r);
        return fmt::format("2024-01-02 03:04:{:02d}+00:00", r);
    case TypeKind::Uuid:
        return fmt::format("00000000-0000-0000-0000-{:012d}", r);
    case TypeKind::Json:
    case TypeKind::Jsonb:
        return fmt::format("{{\"n\": {}}}", r);
    case TypeKind::Enum: {
        const auto* e = catalog.find_enum(type.name);
        return e->labels[static_cast<size_t>(row) % e->labels.size()];
    }
    case TypeKind::Sql:
        break;
    }
    return std::to_string(r);
}

std::string literal_for(const model::Type& type) {
    if (model::is_integer(type.kind) || type.kind == TypeKind::Numeric)
        return "0";
    if (type.kind == TypeKind::Real || type.kind == TypeKind::Double)
        return "0.5";
    return "'filled'";
}

} // namespace stepwise::property
