#pragma once
// Portable column types of the DSL. Each dialect maps them to and from its native types.

#include <optional>
#include <string>

namespace stepwise::model {

enum class TypeKind {
    Bool,
    SmallInt,
    Int,
    BigInt,
    Real,
    Double,
    Numeric,
    Text,
    Varchar,
    Char,
    Bytes,
    Date,
    Time,
    Timestamp,
    TimestampTz,
    Uuid,
    Json,
    Jsonb,
    Enum, // `name` holds the enum's name
    Sql,  // `name` holds the native type text: sql('...')
};

struct Type {
    TypeKind kind = TypeKind::Text;
    std::optional<int> length;    // varchar(n), char(n)
    std::optional<int> precision; // numeric(p, s)
    std::optional<int> scale;
    std::string name;             // Enum and Sql only

    bool operator==(const Type& o) const {
        return kind == o.kind && length == o.length && precision == o.precision &&
               scale == o.scale && name == o.name;
    }
    bool operator!=(const Type& o) const { return !(*this == o); }
};

// DSL spelling: "varchar(320)", "numeric(10,2)", "order_status", "sql('inet')".
std::string to_dsl(const Type& type);

// The DSL keyword of a builtin kind ("bigint"), or nullptr for Enum and Sql.
const char* keyword(TypeKind kind);

// Builtin kind of a DSL keyword (case-insensitive), if it is one.
std::optional<TypeKind> kind_from_keyword(const std::string& word);

bool is_integer(TypeKind kind);
bool is_text(TypeKind kind); // text, varchar, char

} // namespace stepwise::model
