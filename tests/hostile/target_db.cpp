#include "tests/hostile/target_db.h"

#include "dialects/common/url.h"
#include "dialects/sqlite/sqlite_dialect.h"
#include "dialects/sqlite/sqlite_quote.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace stepwise::hostile {

namespace {

std::string cell(const dialect::Value& v) {
    return v ? "'" + *v + "'" : "NULL";
}

class SqliteTargetDb : public TargetDb {
public:
    explicit SqliteTargetDb(const fs::path& dir) : path_((dir / "target.db").string()) {}
    std::string url() const override { return "sqlite://" + path_; }
    dialect::Connection& connection() override {
        if (!conn_)
            conn_ = dialect_->connect(dialect::parse_url(url()));
        return *conn_;
    }
    std::vector<std::string> tables() override {
        std::vector<std::string> out;
        for (const auto& name : all_tables())
            if (name.rfind("_stepwise_", 0) != 0)
                out.push_back(name);
        return out;
    }
    std::vector<std::string> columns(const std::string& table) override {
        std::vector<std::string> out;
        auto rs =
            connection().query("SELECT name FROM pragma_table_info(?1) ORDER BY cid", {table});
        for (const auto& row : rs.rows)
            out.push_back(*row[0]);
        return out;
    }
    std::vector<std::string> indexes(const std::string& table) override {
        std::vector<std::string> out;
        auto rs = connection().query("SELECT name FROM sqlite_master WHERE type = 'index' AND "
                                     "tbl_name = ?1 AND sql IS NOT NULL ORDER BY name",
                                     {table});
        for (const auto& row : rs.rows)
            out.push_back(*row[0]);
        return out;
    }
    std::string dump_everything() override {
        std::ostringstream out;
        auto schema = connection().query(
            "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name");
        for (const auto& row : schema.rows)
            out << cell(row[0]) << " " << cell(row[1]) << " " << cell(row[2]) << " " << cell(row[3])
                << "\n";
        for (const auto& table : all_tables()) {
            auto rs = connection().query("SELECT * FROM " + sqlite::quote_ident(table));
            std::vector<std::string> lines;
            for (const auto& row : rs.rows) {
                std::string line;
                for (size_t i = 0; i < row.size(); ++i)
                    line += (i ? " | " : "") + rs.columns[i] + "=" + cell(row[i]);
                lines.push_back(line);
            }
            std::sort(lines.begin(), lines.end());
            out << "table " << table << "\n";
            for (const auto& l : lines)
                out << "  " << l << "\n";
        }
        return out.str();
    }
    size_t max_identifier_length() const override { return dialect_->max_identifier_length(); }
    std::string quote_ident(const std::string& name) const override {
        return dialect_->quote_ident(name);
    }

private:
    std::vector<std::string> all_tables() {
        std::vector<std::string> out;
        auto rs = connection().query("SELECT name FROM sqlite_master WHERE type = 'table' AND "
                                     "name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name");
        for (const auto& row : rs.rows)
            out.push_back(*row[0]);
        return out;
    }

    std::string path_;
    std::unique_ptr<dialect::Dialect> dialect_ = sqlite::make_sqlite_dialect();
    std::unique_ptr<dialect::Connection> conn_;
};

} // namespace

std::vector<TargetKind> all_target_kinds() {
    return {{"sqlite", [](const fs::path& dir) -> std::unique_ptr<TargetDb> {
                 fs::create_directories(dir);
                 return std::make_unique<SqliteTargetDb>(dir);
             }}};
}

std::string read_tree(const fs::path& dir) {
    std::string out;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
        if (!e.is_regular_file())
            continue;
        std::ifstream in(e.path(), std::ios::binary);
        std::ostringstream s;
        s << in.rdbuf();
        out += s.str();
    }
    return out;
}

stepwise::testing::CommandResult run_stepwise_as(const std::vector<std::string>& prefix,
                                                 const std::vector<std::string>& args) {
    auto quote = [](const std::string& s) {
        std::string out = "'";
        for (char c : s)
            out += c == '\'' ? std::string("'\\''") : std::string(1, c);
        return out + "'";
    };
    std::string cmd;
    for (const auto& p : prefix)
        cmd += quote(p) + " ";
    cmd += quote(STEPWISE_BINARY);
    for (const auto& a : args)
        cmd += " " + quote(a);
    cmd += " 2>&1 </dev/null";
    stepwise::testing::CommandResult result;
    FILE* pipe = ::popen(cmd.c_str(), "r");
    if (!pipe)
        return result;
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0)
        result.output.append(buf, n);
    int status = ::pclose(pipe);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

ScratchDir::ScratchDir() {
    static std::atomic<int> counter{0};
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = info ? std::string(info->test_suite_name()) + "." + info->name() : "x";
    std::replace(name.begin(), name.end(), '/', '_');
    path_ = fs::temp_directory_path() / ("stepwise-hostile-" + std::to_string(::getpid()) + "-" +
                                         std::to_string(counter++) + "-" + name);
    fs::remove_all(path_);
    fs::create_directories(path_);
}

ScratchDir::~ScratchDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
}

std::string ScratchDir::write(const std::string& name, const std::string& text) const {
    auto file = path_ / name;
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
    return file.string();
}

} // namespace stepwise::hostile
