#include "dialects/mysql/mysql_dialect.h"

#include "dialects/mysql/mysql_compile.h"
#include "dialects/mysql/mysql_expr.h"
#include "dialects/mysql/mysql_inspect.h"
#include "dialects/mysql/mysql_quote.h"
#include "dialects/mysql/mysql_run_lock.h"

namespace stepwise::mysql {

using model::TypeKind;

bool MysqlDiffDriver::same_type(const model::Type& a, const model::Type& b) const {
    if (a == b)
        return true;
    auto json = [](const model::Type& t) {
        return t.kind == TypeKind::Json || t.kind == TypeKind::Jsonb;
    };
    if (json(a) && json(b))
        return true;
    if (a.kind == TypeKind::Numeric && b.kind == TypeKind::Numeric)
        return a.precision.value_or(10) == b.precision.value_or(10) &&
               a.scale.value_or(0) == b.scale.value_or(0);
    return false;
}

bool MysqlDiffDriver::same_expr(const model::Expr& a, const model::Expr& b) const {
    using K = model::Expr::Kind;
    if (a == b)
        return true;
    auto as_number = [](const model::Expr& e) -> std::optional<long double> {
        if (e.kind == K::Bool)
            return e.text == "true" ? 1 : 0;
        if (e.kind != K::Number)
            return std::nullopt;
        try {
            return std::stold(e.text);
        } catch (const std::exception&) {
            return std::nullopt;
        }
    };
    auto na = as_number(a), nb = as_number(b);
    if (na && nb)
        return *na == *nb;
    bool expr_a = a.kind == K::Call || a.kind == K::Raw;
    bool expr_b = b.kind == K::Call || b.kind == K::Raw;
    return expr_a && expr_b && normalize(a.text) == normalize(b.text);
}

std::string MysqlDiffDriver::quote_ident(const std::string& name) const {
    return mysql::quote_ident(name);
}

bool MysqlDiffDriver::same_fk_action(model::FkAction a, model::FkAction b) const {
    auto strict = [](model::FkAction x) {
        return x == model::FkAction::Restrict || x == model::FkAction::NoAction;
    };
    return a == b || (strict(a) && strict(b));
}

std::string MysqlDialect::quote_ident(const std::string& name) const {
    return mysql::quote_ident(name);
}

std::string MysqlDialect::quote_literal(const std::string& value) const {
    return mysql::quote_literal(value);
}

std::unique_ptr<dialect::Connection> MysqlDialect::connect(const dialect::Url& url) const {
    if (url.scheme != "mysql")
        throw dialect::DatabaseError("mysql dialect cannot open a " + url.scheme + " URL");
    return std::make_unique<MysqlConnection>(url);
}

std::string MysqlDialect::server_version(dialect::Connection& connection) const {
    auto* mysql = dynamic_cast<MysqlConnection*>(&connection);
    if (!mysql)
        throw dialect::DatabaseError("mysql dialect can only read a mysql connection's version");
    return mysql->server_info();
}

model::Catalog MysqlDialect::inspect(dialect::Connection& connection) const {
    auto* mysql = dynamic_cast<MysqlConnection*>(&connection);
    if (!mysql)
        throw dialect::DatabaseError("mysql dialect can only inspect a mysql connection");
    return inspect_catalog(*mysql);
}

plan::StepGraph MysqlDialect::compile(const diff::ChangeSet& changes, const model::Catalog& from,
                                      const model::Catalog& to,
                                      const dialect::CompileOptions& options) const {
    ServerVersion server;
    try {
        server = server_for_compile(options.server_version);
    } catch (const std::invalid_argument& e) {
        throw dialect::DatabaseError(e.what());
    }
    return compile_changes(changes, from, to, options, server);
}

dialect::VerifyScratch MysqlDialect::verify_scratch() const {
    dialect::VerifyScratch s;
    s.kind = dialect::VerifyScratch::Kind::ServerDatabase;
    // Access denied to a database (1044), for the user (1045), privilege needed (1227).
    s.permission_denied_codes = {"/1044", "/1045", "/1227"};
    s.permission_hint = "GRANT CREATE, DROP ON *.* TO …";
    s.missing_parent_codes = {"/1452"}; // a foreign key constraint fails
    // DROP DATABASE waits for the locks of a running statement: its session is killed first.
    s.session_id_query = "SELECT CONNECTION_ID()";
    s.kill_session_prefix = "KILL CONNECTION ";
    return s;
}

std::string MysqlDialect::state_table(const std::string& name) const {
    return mysql::quote_ident("_stepwise_" + name);
}

dialect::LockAttempt MysqlDialect::try_run_lock(const dialect::Url& url,
                                                dialect::Connection& connection,
                                                const std::string& owner,
                                                const dialect::LockOptions& options) const {
    return try_mysql_run_lock(url, dynamic_cast<MysqlConnection*>(&connection), owner, options);
}

std::unique_ptr<dialect::Dialect> make_mysql_dialect() {
    return std::make_unique<MysqlDialect>();
}

} // namespace stepwise::mysql
