#include "dialects/mysql/mysql_types.h"

#include "dialects/mysql/mysql_quote.h"

#include <fmt/format.h>

namespace stepwise::mysql {

using model::TypeKind;

std::string render_type(const model::Type& type, const model::Catalog& catalog,
                        const ServerVersion& server) {
    switch (type.kind) {
    case TypeKind::Bool:
        return "tinyint(1)";
    case TypeKind::SmallInt:
        return "smallint";
    case TypeKind::Int:
        return "int";
    case TypeKind::BigInt:
        return "bigint";
    case TypeKind::Real:
        return "float";
    case TypeKind::Double:
        return "double";
    case TypeKind::Numeric:
        return fmt::format("decimal({},{})", type.precision.value_or(10), type.scale.value_or(0));
    case TypeKind::Text:
        return "text";
    case TypeKind::Varchar:
        return fmt::format("varchar({})", type.length.value_or(255));
    case TypeKind::Char:
        return fmt::format("char({})", type.length.value_or(1));
    case TypeKind::Bytes:
        return "longblob";
    case TypeKind::Date:
        return "date";
    case TypeKind::Time:
        return "time";
    case TypeKind::Timestamp:
        return "datetime(6)";
    case TypeKind::TimestampTz:
        return "timestamp(6)";
    case TypeKind::Uuid:
        return server.flavour == Flavour::MariaDB && server.at_least(10, 7) ? "uuid" : "char(36)";
    case TypeKind::Json:
    case TypeKind::Jsonb:
        return "json";
    case TypeKind::Enum: {
        const model::Enum* e = catalog.find_enum(type.name);
        if (!e)
            throw std::runtime_error("mysql: enum " + type.name + " is not declared");
        std::string out = "enum(";
        for (size_t i = 0; i < e->labels.size(); ++i)
            out += (i ? "," : "") + quote_literal(e->labels[i]);
        return out + ")";
    }
    case TypeKind::Sql:
        return type.name;
    }
    return type.name;
}

std::vector<std::string> enum_labels(const std::string& column_type) {
    std::vector<std::string> labels;
    size_t i = column_type.find('(');
    if (i == std::string::npos)
        return labels;
    for (++i; i < column_type.size(); ++i) {
        if (column_type[i] != '\'')
            continue;
        std::string label;
        for (++i; i < column_type.size(); ++i) {
            if (column_type[i] == '\'' && i + 1 < column_type.size() &&
                column_type[i + 1] == '\'') {
                label += '\'';
                ++i;
            } else if (column_type[i] == '\\' && i + 1 < column_type.size()) {
                label += column_type[++i];
            } else if (column_type[i] == '\'') {
                break;
            } else {
                label += column_type[i];
            }
        }
        labels.push_back(label);
    }
    return labels;
}

namespace {

std::optional<int> number_in(const std::string& text, size_t from) {
    size_t i = text.find_first_of("0123456789", from);
    if (i == std::string::npos)
        return std::nullopt;
    return std::stoi(text.substr(i));
}

} // namespace

model::Type read_type(const std::string& data_type, const std::string& column_type) {
    model::Type t;
    bool is_unsigned = column_type.find("unsigned") != std::string::npos;
    auto sql = [&] {
        t.kind = TypeKind::Sql;
        t.name = column_type;
        return t;
    };
    if (is_unsigned)
        return sql();
    if (column_type == "tinyint(1)")
        return t.kind = TypeKind::Bool, t;
    if (data_type == "smallint")
        return t.kind = TypeKind::SmallInt, t;
    if (data_type == "int")
        return t.kind = TypeKind::Int, t;
    if (data_type == "bigint")
        return t.kind = TypeKind::BigInt, t;
    if (data_type == "float" && column_type == "float")
        return t.kind = TypeKind::Real, t;
    if (data_type == "double" && column_type == "double")
        return t.kind = TypeKind::Double, t;
    if (data_type == "decimal") {
        t.kind = TypeKind::Numeric;
        size_t open = column_type.find('(');
        size_t comma = column_type.find(',');
        if (open != std::string::npos && comma != std::string::npos) {
            t.precision = number_in(column_type, open);
            t.scale = number_in(column_type, comma);
        }
        return t;
    }
    if (data_type == "text")
        return t.kind = TypeKind::Text, t;
    if (data_type == "varchar" || data_type == "char") {
        t.kind = data_type == "varchar" ? TypeKind::Varchar : TypeKind::Char;
        t.length = number_in(column_type, 0);
        return t;
    }
    if (data_type == "longblob")
        return t.kind = TypeKind::Bytes, t;
    if (data_type == "date")
        return t.kind = TypeKind::Date, t;
    if (data_type == "time" && column_type == "time")
        return t.kind = TypeKind::Time, t;
    if (column_type == "datetime(6)")
        return t.kind = TypeKind::Timestamp, t;
    if (column_type == "timestamp(6)")
        return t.kind = TypeKind::TimestampTz, t;
    if (data_type == "uuid")
        return t.kind = TypeKind::Uuid, t;
    if (data_type == "json")
        return t.kind = TypeKind::Json, t;
    if (data_type == "enum")
        return t.kind = TypeKind::Enum, t;
    return sql();
}

} // namespace stepwise::mysql
