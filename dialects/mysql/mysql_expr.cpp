#include "dialects/mysql/mysql_expr.h"

#include "dialects/mysql/mysql_quote.h"

#include <cctype>
#include <regex>
#include <set>

namespace stepwise::mysql {

using K = model::Expr::Kind;

namespace {

// The index just past the backquoted name that starts at `i` (`` inside it is one backquote);
// a quote inside a name does not start a string.
size_t past_name(const std::string& text, size_t i) {
    size_t j = i + 1;
    while (j < text.size()) {
        if (text[j] == '`' && (j + 1 >= text.size() || text[j + 1] != '`'))
            return j + 1;
        j += text[j] == '`' ? 2 : 1;
    }
    return text.size();
}

// Words MariaDB and MySQL 8 reserve: a name spelled as one keeps its backquotes when read
// back (`select` >= 0 unquoted is a syntax error when the check is added again).
bool reserved(const std::string& word) {
    static const std::set<std::string> words = {"accessible",
                                                "add",
                                                "all",
                                                "alter",
                                                "analyze",
                                                "and",
                                                "as",
                                                "asc",
                                                "asensitive",
                                                "before",
                                                "between",
                                                "bigint",
                                                "binary",
                                                "blob",
                                                "both",
                                                "by",
                                                "call",
                                                "cascade",
                                                "case",
                                                "change",
                                                "char",
                                                "character",
                                                "check",
                                                "collate",
                                                "column",
                                                "condition",
                                                "constraint",
                                                "continue",
                                                "convert",
                                                "create",
                                                "cross",
                                                "cube",
                                                "cume_dist",
                                                "current_date",
                                                "current_role",
                                                "current_time",
                                                "current_timestamp",
                                                "current_user",
                                                "cursor",
                                                "database",
                                                "databases",
                                                "day_hour",
                                                "day_microsecond",
                                                "day_minute",
                                                "day_second",
                                                "dec",
                                                "decimal",
                                                "declare",
                                                "default",
                                                "delayed",
                                                "delete",
                                                "dense_rank",
                                                "desc",
                                                "describe",
                                                "deterministic",
                                                "distinct",
                                                "distinctrow",
                                                "div",
                                                "do_domain_ids",
                                                "double",
                                                "drop",
                                                "dual",
                                                "each",
                                                "else",
                                                "elseif",
                                                "empty",
                                                "enclosed",
                                                "escaped",
                                                "except",
                                                "exists",
                                                "exit",
                                                "explain",
                                                "false",
                                                "fetch",
                                                "first_value",
                                                "float",
                                                "float4",
                                                "float8",
                                                "for",
                                                "force",
                                                "foreign",
                                                "from",
                                                "fulltext",
                                                "function",
                                                "general",
                                                "generated",
                                                "get",
                                                "grant",
                                                "group",
                                                "grouping",
                                                "groups",
                                                "having",
                                                "high_priority",
                                                "hour_microsecond",
                                                "hour_minute",
                                                "hour_second",
                                                "if",
                                                "ignore",
                                                "ignore_domain_ids",
                                                "ignore_server_ids",
                                                "in",
                                                "index",
                                                "infile",
                                                "inner",
                                                "inout",
                                                "insensitive",
                                                "insert",
                                                "int",
                                                "int1",
                                                "int2",
                                                "int3",
                                                "int4",
                                                "int8",
                                                "integer",
                                                "intersect",
                                                "interval",
                                                "into",
                                                "io_after_gtids",
                                                "io_before_gtids",
                                                "is",
                                                "iterate",
                                                "join",
                                                "json_table",
                                                "key",
                                                "keys",
                                                "kill",
                                                "lag",
                                                "last_value",
                                                "lateral",
                                                "lead",
                                                "leading",
                                                "leave",
                                                "left",
                                                "like",
                                                "limit",
                                                "linear",
                                                "lines",
                                                "load",
                                                "localtime",
                                                "localtimestamp",
                                                "lock",
                                                "long",
                                                "longblob",
                                                "longtext",
                                                "loop",
                                                "low_priority",
                                                "master_bind",
                                                "master_heartbeat_period",
                                                "master_ssl_verify_server_cert",
                                                "match",
                                                "maxvalue",
                                                "mediumblob",
                                                "mediumint",
                                                "mediumtext",
                                                "middleint",
                                                "minute_microsecond",
                                                "minute_second",
                                                "mod",
                                                "modifies",
                                                "natural",
                                                "not",
                                                "no_write_to_binlog",
                                                "nth_value",
                                                "ntile",
                                                "null",
                                                "numeric",
                                                "of",
                                                "offset",
                                                "on",
                                                "optimize",
                                                "optimizer_costs",
                                                "option",
                                                "optionally",
                                                "or",
                                                "order",
                                                "out",
                                                "outer",
                                                "outfile",
                                                "over",
                                                "page_checksum",
                                                "parse_vcol_expr",
                                                "partition",
                                                "percent_rank",
                                                "position",
                                                "precision",
                                                "primary",
                                                "procedure",
                                                "purge",
                                                "range",
                                                "rank",
                                                "read",
                                                "reads",
                                                "read_write",
                                                "real",
                                                "recursive",
                                                "ref_system_id",
                                                "references",
                                                "regexp",
                                                "release",
                                                "rename",
                                                "repeat",
                                                "replace",
                                                "require",
                                                "resignal",
                                                "restrict",
                                                "return",
                                                "returning",
                                                "revoke",
                                                "right",
                                                "rlike",
                                                "row",
                                                "row_number",
                                                "rows",
                                                "schema",
                                                "schemas",
                                                "second_microsecond",
                                                "select",
                                                "sensitive",
                                                "separator",
                                                "set",
                                                "show",
                                                "signal",
                                                "slow",
                                                "smallint",
                                                "spatial",
                                                "specific",
                                                "sql",
                                                "sqlexception",
                                                "sqlstate",
                                                "sqlwarning",
                                                "sql_big_result",
                                                "sql_calc_found_rows",
                                                "sql_small_result",
                                                "ssl",
                                                "starting",
                                                "stats_auto_recalc",
                                                "stats_persistent",
                                                "stats_sample_pages",
                                                "stored",
                                                "straight_join",
                                                "system",
                                                "table",
                                                "terminated",
                                                "then",
                                                "tinyblob",
                                                "tinyint",
                                                "tinytext",
                                                "to",
                                                "trailing",
                                                "trigger",
                                                "true",
                                                "undo",
                                                "union",
                                                "unique",
                                                "unlock",
                                                "unsigned",
                                                "update",
                                                "usage",
                                                "use",
                                                "using",
                                                "utc_date",
                                                "utc_time",
                                                "utc_timestamp",
                                                "values",
                                                "varbinary",
                                                "varchar",
                                                "varcharacter",
                                                "varying",
                                                "virtual",
                                                "when",
                                                "where",
                                                "while",
                                                "window",
                                                "with",
                                                "write",
                                                "xor",
                                                "year_month",
                                                "zerofill"};
    std::string lower;
    for (char c : word)
        lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return words.count(lower) > 0;
}

bool is_now(const std::string& call) {
    std::string n = normalize(call);
    return n == "now()" || n == "current_timestamp()" || n == "current_timestamp" ||
           n == "current_timestamp(6)" || n == "now(6)";
}

} // namespace

std::string render_expr(const model::Expr& expr) {
    switch (expr.kind) {
    case K::Number:
        return expr.text;
    case K::String:
        return quote_literal(expr.text);
    case K::Bool:
        return expr.text == "true" ? "TRUE" : "FALSE";
    case K::Null:
        return "NULL";
    case K::Call:
        return is_now(expr.text) ? "CURRENT_TIMESTAMP(6)" : expr.text;
    case K::Raw:
        return "(" + expr.text + ")";
    }
    return expr.text;
}

std::string render_default(const model::Expr& expr) {
    if (expr.kind == K::Call && !is_now(expr.text))
        return "(" + expr.text + ")";
    return render_expr(expr);
}

std::optional<model::Expr> read_default(const std::optional<std::string>& text,
                                        const std::string& extra, Flavour flavour) {
    if (!text || *text == "NULL")
        return std::nullopt;
    const std::string& t = *text;
    static const std::regex number(R"(-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?)");
    static const std::regex call(R"([A-Za-z_][A-Za-z0-9_]*\([^()]*\))");
    bool expression =
        flavour == Flavour::MariaDB || extra.find("DEFAULT_GENERATED") != std::string::npos;
    if (!expression)
        return model::Expr{std::regex_match(t, number) ? K::Number : K::String, t};
    if (t.size() >= 2 && t.front() == '\'' && t.back() == '\'') {
        std::string value;
        for (size_t i = 1; i + 1 < t.size(); ++i) {
            if (t[i] == '\'' && t[i + 1] == '\'')
                ++i;
            else if (t[i] == '\\' && i + 2 < t.size()) {
                char c = t[++i];
                value += c == 'n' ? '\n' : c == 't' ? '\t' : c == '0' ? '\0' : c;
                continue;
            }
            value += t[i];
        }
        return model::Expr{K::String, value};
    }
    if (std::regex_match(t, number))
        return model::Expr{K::Number, t};
    if (is_now(t))
        return model::Expr{K::Call, "now()"};
    if (std::regex_match(t, call)) {
        std::string lower;
        for (char c : t)
            lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return model::Expr{K::Call, lower};
    }
    return read_raw(t);
}

model::Expr read_raw(const std::string& text) {
    // Names lose their backquotes when they need none (plain, not reserved), so inspect output
    // reads naturally.
    static const std::regex plain("`([A-Za-z_][A-Za-z0-9_]*)`");
    std::string out;
    for (size_t i = 0; i < text.size();) {
        if (text[i] == '\'') {
            size_t j = i + 1;
            while (j < text.size() &&
                   !(text[j] == '\'' && (j + 1 >= text.size() || text[j + 1] != '\''))) {
                j += text[j] == '\'' || text[j] == '\\' ? 2 : 1;
            }
            out.append(text, i, j + 1 - i);
            i = j + 1;
            continue;
        }
        if (text[i] == '`') {
            size_t end = past_name(text, i);
            std::string quoted = text.substr(i, end - i);
            std::smatch m;
            out +=
                std::regex_match(quoted, m, plain) && !reserved(m[1].str()) ? m[1].str() : quoted;
            i = end;
            continue;
        }
        out += text[i++];
    }
    return model::Expr{K::Raw, out};
}

std::string normalize(const std::string& sql) {
    std::string out;
    for (size_t i = 0; i < sql.size(); ++i) {
        char c = sql[i];
        if (c == '\'') {
            size_t j = i + 1;
            while (j < sql.size() &&
                   !(sql[j] == '\'' && (j + 1 >= sql.size() || sql[j + 1] != '\'')))
                j += sql[j] == '\'' || sql[j] == '\\' ? 2 : 1;
            out.append(sql, i, j + 1 - i);
            i = j;
            continue;
        }
        if (c == '`') {
            // The name as it is, case folded: its spaces and quotes are part of it.
            size_t end = past_name(sql, i);
            for (size_t k = i + 1; k + 1 < end; ++k) {
                out += static_cast<char>(std::tolower(static_cast<unsigned char>(sql[k])));
                if (sql[k] == '`')
                    ++k;
            }
            i = end - 1;
            continue;
        }
        if (std::isspace(static_cast<unsigned char>(c)))
            continue;
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    // Outer parentheses that wrap the whole text.
    while (out.size() >= 2 && out.front() == '(' && out.back() == ')') {
        int depth = 0;
        bool wraps = true;
        for (size_t i = 0; i < out.size(); ++i) {
            depth += out[i] == '(' ? 1 : out[i] == ')' ? -1 : 0;
            if (depth == 0 && i + 1 < out.size()) {
                wraps = false;
                break;
            }
        }
        if (!wraps)
            break;
        out = out.substr(1, out.size() - 2);
    }
    return out;
}

} // namespace stepwise::mysql
