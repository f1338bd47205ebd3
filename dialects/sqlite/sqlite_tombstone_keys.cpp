#include "dialects/sqlite/sqlite_tombstone_keys.h"

#include "dialects/sqlite/sqlite_ddl_parser.h"
#include "dialects/sqlite/sqlite_ddl_reader.h"

#include <cctype>
#include <sqlite3.h>
#include <utility>
#include <vector>

namespace stepwise::sqlite {

namespace {

using Parser = stepwise_sqlite_ddl_grammar::SqliteDdlParser;

// Hex keeps the hidden text from ending the comment early (a name may hold "*/").
constexpr const char* kOpen = "/*stepwise:hidden-key:";
constexpr const char* kClose = "*/";

class CountingListener : public antlr4::BaseErrorListener {
public:
    size_t errors = 0;
    void syntaxError(antlr4::Recognizer*, antlr4::Token*, size_t, size_t, const std::string&,
                     std::exception_ptr) override {
        ++errors;
    }
};

bool same_name(const std::string& a, const std::string& b) {
    if (a.size() != b.size())
        return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) !=
            std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

bool references(Parser::ForeignKeyClauseContext* fk, const std::string& parent) {
    return fk && same_name(unquote_name(fk->name().front()->getText()), parent);
}

std::string hex(const std::string& text) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (unsigned char c : text) {
        out += digits[c >> 4];
        out += digits[c & 15];
    }
    return out;
}

std::string unhex(const std::string& text) {
    auto value = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
    std::string out;
    for (size_t i = 0; i + 1 < text.size(); i += 2)
        out += static_cast<char>(value(text[i]) * 16 + value(text[i + 1]));
    return out;
}

void text_result(sqlite3_context* ctx, const std::string& text) {
    sqlite3_result_text(ctx, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}

std::string text_arg(sqlite3_value* v) {
    const unsigned char* p = sqlite3_value_text(v);
    return p ? std::string(reinterpret_cast<const char*>(p),
                           static_cast<size_t>(sqlite3_value_bytes(v)))
             : std::string();
}

// The spans of `root` (parsed from `sql`) that reference `parent`, hidden; `sql` unchanged
// when it did not parse.
std::string hide_in(const std::string& sql, Parser::CreateTableContext* root, size_t errors,
                    const std::string& parent) {
    if (errors > 0)
        return sql;

    // Character spans [first, last] to hide, in text order.
    std::vector<std::pair<size_t, size_t>> spans;
    auto elements = root->tableElement();
    for (size_t i = 0; i < elements.size(); ++i) {
        auto* el = elements[i];
        if (auto* col = el->columnDef()) {
            for (auto* cc : col->columnConstraint()) {
                auto* r = dynamic_cast<Parser::ColReferencesContext*>(cc->columnConstraintBody());
                if (r && references(r->foreignKeyClause(), parent))
                    spans.push_back(
                        {cc->getStart()->getStartIndex(), cc->getStop()->getStopIndex()});
            }
            continue;
        }
        auto* tc = el->tableConstraint();
        auto* f = dynamic_cast<Parser::TblForeignKeyContext*>(tc->tableConstraintBody());
        if (!f || !references(f->foreignKeyClause(), parent))
            continue;
        // The comma goes with the constraint: the one before it, or after it when it is first.
        if (i > 0)
            spans.push_back(
                {elements[i - 1]->getStop()->getStopIndex() + 1, tc->getStop()->getStopIndex()});
        else if (elements.size() > 1)
            spans.push_back(
                {tc->getStart()->getStartIndex(), elements[1]->getStart()->getStartIndex() - 1});
    }
    std::string out;
    size_t at = 0;
    for (const auto& [first, last] : spans) {
        out += sql.substr(at, first - at);
        out += kOpen + hex(sql.substr(first, last - first + 1)) + kClose;
        at = last + 1;
    }
    return out + sql.substr(at);
}

} // namespace

std::string hide_references(const std::string& sql, const std::string& parent) {
    CountingListener listener;
    return with_ddl_parser(sql, listener, [&](Parser& parser, antlr4::CommonTokenStream&) {
        auto* root = parser.createTable(); // first: it counts the errors
        return hide_in(sql, root, listener.errors, parent);
    });
}

std::string unhide_references(const std::string& sql) {
    std::string out;
    size_t at = 0;
    const std::string open = kOpen;
    for (size_t found = sql.find(open); found != std::string::npos; found = sql.find(open, at)) {
        size_t end = sql.find(kClose, found + open.size());
        if (end == std::string::npos)
            break;
        out += sql.substr(at, found - at);
        out += unhex(sql.substr(found + open.size(), end - found - open.size()));
        at = end + std::string(kClose).size();
    }
    return out + sql.substr(at);
}

void register_tombstone_functions(sqlite3* db) {
    auto hide = [](sqlite3_context* ctx, int, sqlite3_value** argv) {
        try {
            text_result(ctx, hide_references(text_arg(argv[0]), text_arg(argv[1])));
        } catch (const std::exception& e) {
            sqlite3_result_error(ctx, e.what(), -1);
        }
    };
    auto unhide = [](sqlite3_context* ctx, int, sqlite3_value** argv) {
        text_result(ctx, unhide_references(text_arg(argv[0])));
    };
    sqlite3_create_function_v2(db, "_stepwise_hide_references", 2,
                               SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr, hide, nullptr, nullptr,
                               nullptr);
    sqlite3_create_function_v2(db, "_stepwise_unhide_references", 1,
                               SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr, unhide, nullptr,
                               nullptr, nullptr);
}

} // namespace stepwise::sqlite
