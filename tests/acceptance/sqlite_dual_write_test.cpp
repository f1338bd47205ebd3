// Issue #9 on SQLite: during the expand window an "old" application that only knows `nick`
// and a "new" one that only knows `nickname` write concurrently (also while the backfill
// runs), and every row ends up the same in both columns; the contract keeps every value;
// rollback from after the contract, after validate and after expand brings back the old
// shape with every row, including rows only the new writer wrote.

#include "dialects/sqlite/sqlite_connection.h"
#include "tests/acceptance/case_runner.h"

#include <atomic>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <mutex>
#include <thread>
#include <unistd.h>

namespace fs = std::filesystem;
using stepwise::sqlite::SqliteConnection;
using stepwise::testing::run_stepwise;
using stepwise::testing::with;

namespace {

constexpr int kRows = 20000;
constexpr int kWrites = 300;

const char* kDesired = R"(table people {
  id       int  primary key
  name     text not null
  nickname text renamed from nick
}
)";

class DualWrite : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("stepwise-dual-write-" + std::to_string(::getpid()));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
        db_ = (dir_ / "app.db").string();
        schema_ = (dir_ / "desired.schema").string();
        std::ofstream(schema_) << kDesired;
        SqliteConnection c(db_);
        c.execute("CREATE TABLE people (id integer PRIMARY KEY, name text NOT NULL, nick text)");
        c.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " +
                  std::to_string(kRows) +
                  ") INSERT INTO people (id, name, nick) SELECT i, 'p' || i, 'n' || i FROM n");
        for (int id = 1; id <= kRows; ++id)
            expected_[id] = "n" + std::to_string(id);
    }
    void TearDown() override { fs::remove_all(dir_); }

    std::string url() const { return "sqlite://" + db_; }

    std::vector<std::string> columns() {
        // As patient as the writers: apply's short write transactions may hold the file.
        SqliteConnection c(db_, std::chrono::seconds(30));
        std::vector<std::string> out;
        for (const auto& row : c.query("SELECT name FROM pragma_table_info('people')").rows)
            out.push_back(*row[0]);
        return out;
    }
    bool has_column(const std::string& name) {
        auto cols = columns();
        return std::find(cols.begin(), cols.end(), name) != cols.end();
    }

    // One writer: inserts and updates through `column` only. Rows it updates are its own
    // (`parity` of the id), so what each row must hold afterwards is known without asking
    // the database. SQLite has one writer at a time: a busy database is waited for.
    void write(const std::string& column, int parity, int count, const std::string& tag) {
        SqliteConnection c(db_, std::chrono::seconds(30));
        for (int i = 0; i < count; ++i) {
            std::string value = tag + std::to_string(i);
            if (i % 2 == 0) {
                auto rs = c.query("INSERT INTO people (name, " + column +
                                      ") VALUES (?1, ?2) RETURNING id",
                                  {std::string("w"), value});
                std::lock_guard<std::mutex> lock(mutex_);
                expected_[std::stoi(*rs.rows.at(0).at(0))] = value;
            } else {
                int id = 2 * ((i * 7919) % (kRows / 2)) + parity + 1;
                c.query("UPDATE people SET " + column + " = ?1 WHERE id = ?2",
                        {value, std::to_string(id)});
                std::lock_guard<std::mutex> lock(mutex_);
                expected_[id] = value;
            }
        }
    }

    // Every row holds its expected value in each column listed.
    void expect_rows(const std::vector<std::string>& cols, const std::string& when) {
        SqliteConnection c(db_);
        auto rs = c.query("SELECT count(*) FROM people");
        EXPECT_EQ(std::stoul(*rs.rows.at(0).at(0)), expected_.size()) << when;
        for (const auto& col : cols) {
            auto rows = c.query("SELECT id, " + col + " FROM people ORDER BY id").rows;
            size_t wrong = 0;
            std::string first;
            for (const auto& row : rows) {
                auto it = expected_.find(std::stoi(*row[0]));
                if (it == expected_.end() || !row[1] || *row[1] != it->second) {
                    if (wrong++ == 0)
                        first = "id " + *row[0] + " has " + (row[1] ? *row[1] : "NULL");
                }
            }
            EXPECT_EQ(wrong, 0u) << when << ": column " << col << " differs, first: " << first;
        }
    }

    void rollback_to(const std::string& step) {
        std::vector<std::string> args = {"rollback", "--url", url(), "--yes", "--quiet"};
        if (!step.empty())
            args = with(args, {"--to", step});
        auto r = run_stepwise(args);
        ASSERT_EQ(r.exit_code, 0) << r.output;
    }

    fs::path dir_;
    std::string db_, schema_;
    std::mutex mutex_;
    std::map<int, std::string> expected_;
};

TEST_F(DualWrite, OldAndNewWritersThenContractThenRollbackFromEveryPoint) {
    // Expand, backfill and validate run while both writers write.
    std::atomic<bool> apply_done{false};
    stepwise::testing::CommandResult applied;
    std::thread apply([&] {
        applied = run_stepwise(with({"apply", "--url", url(), "--schema", schema_, "--yes",
                                     "--quiet", "--batch-size", "100"},
                                    stepwise::testing::allow_all_hazards()));
        apply_done = true;
    });
    std::thread old_writer([&] { write("nick", 0, kWrites, "old"); });
    std::thread new_writer([&] {
        while (!has_column("nickname") && !apply_done)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        write("nickname", 1, kWrites, "new");
    });
    apply.join();
    old_writer.join();
    new_writer.join();
    ASSERT_EQ(applied.exit_code, 0) << applied.output;
    EXPECT_NE(applied.output.find("deploy code that writes `nickname`, then run `stepwise apply "
                                  "--contract`"),
              std::string::npos)
        << applied.output;
    ASSERT_TRUE(has_column("nick") && has_column("nickname"));
    expect_rows({"nick", "nickname"}, "after expand with both writers");

    // More of both, concurrently, once the backfill is done.
    {
        std::thread a([&] { write("nick", 0, 100, "old2-"); });
        std::thread b([&] { write("nickname", 1, 100, "new2-"); });
        a.join();
        b.join();
    }
    expect_rows({"nick", "nickname"}, "in the expand window");

    auto contracted = run_stepwise(
        with({"apply", "--url", url(), "--schema", schema_, "--contract", "--yes", "--quiet"},
             stepwise::testing::allow_all_hazards()));
    ASSERT_EQ(contracted.exit_code, 0) << contracted.output;
    EXPECT_FALSE(has_column("nick"));
    expect_rows({"nickname"}, "after contract");
    {
        SqliteConnection c(db_);
        auto rs = c.query("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND "
                          "tbl_name = 'people'");
        EXPECT_EQ(*rs.rows.at(0).at(0), "0") << "no trigger is left on the final table";
    }
    auto replan =
        run_stepwise({"plan", "--url", url(), "--schema", schema_, "--detailed-exitcode"});
    EXPECT_EQ(replan.exit_code, 0) << replan.output;

    // The new application alone, after the contract.
    write("nickname", 1, 60, "after-");

    // Back to the expand window: the triggers are back and the old column caught up.
    rollback_to("people:rebuild:create");
    ASSERT_TRUE(has_column("nick") && has_column("nickname"));
    expect_rows({"nick", "nickname"}, "after rolling back the contract");
    {
        std::thread a([&] { write("nick", 0, 60, "old3-"); });
        std::thread b([&] { write("nickname", 1, 60, "new3-"); });
        a.join();
        b.join();
    }
    expect_rows({"nick", "nickname"}, "writers after rolling back the contract");

    // Back to just after expand (backfill undone): still both shapes.
    rollback_to("people.nickname:backfill");
    ASSERT_TRUE(has_column("nickname"));
    write("nickname", 1, 40, "new4-");
    expect_rows({"nick", "nickname"}, "after rolling back to expand");

    // All the way: the old shape with every row, the new writer's included.
    rollback_to("");
    EXPECT_FALSE(has_column("nickname"));
    expect_rows({"nick"}, "after the full rollback");
}

// A table rename: in the expand window the old name is a view that old code reads and writes
// through; the contract drops it; rollback from either point restores the table and its rows.
TEST_F(DualWrite, RenamedTableKeepsTheOldNameWritableUntilTheContract) {
    std::ofstream(schema_) << "table persons renamed from people {\n  id int primary key\n"
                              "  name text not null\n  nick text\n}\n";
    auto applied =
        run_stepwise(with({"apply", "--url", url(), "--schema", schema_, "--yes", "--quiet"},
                          stepwise::testing::allow_all_hazards()));
    ASSERT_EQ(applied.exit_code, 0) << applied.output;
    EXPECT_NE(applied.output.find("deploy code that uses table `persons`, then run `stepwise "
                                  "apply --contract`"),
              std::string::npos)
        << applied.output;
    {
        SqliteConnection old_code(db_), new_code(db_);
        old_code.execute("INSERT INTO people (name) VALUES ('via view')");
        old_code.execute("UPDATE people SET nick = 'n1x' WHERE id = 1");
        old_code.execute("DELETE FROM people WHERE id = 2");
        new_code.execute("INSERT INTO persons (name, nick) VALUES ('via table', 'vt')");
        auto rs = new_code.query("SELECT count(*) FROM persons WHERE name = 'via view'");
        EXPECT_EQ(*rs.rows.at(0).at(0), "1");
        rs = old_code.query("SELECT nick FROM people WHERE id = 1");
        EXPECT_EQ(*rs.rows.at(0).at(0), "n1x");
        rs = old_code.query("SELECT count(*) FROM people WHERE name = 'via table' OR id = 2");
        EXPECT_EQ(*rs.rows.at(0).at(0), "1");
    }
    auto contracted = run_stepwise(
        with({"apply", "--url", url(), "--schema", schema_, "--contract", "--yes", "--quiet"},
             stepwise::testing::allow_all_hazards()));
    ASSERT_EQ(contracted.exit_code, 0) << contracted.output;
    {
        SqliteConnection c(db_);
        EXPECT_TRUE(c.query("SELECT name FROM sqlite_master WHERE name = 'people'").rows.empty());
        c.execute("INSERT INTO persons (id, name) VALUES (30000, 'after contract')");
    }
    rollback_to("persons:rename:drop-view");
    {
        SqliteConnection c(db_);
        auto rs = c.query("SELECT name FROM people WHERE id = 30000");
        EXPECT_EQ(rs.rows.size(), 1u) << "the view is back";
    }
    rollback_to("");
    {
        SqliteConnection c(db_);
        auto rs = c.query("SELECT type FROM sqlite_master WHERE name = 'people'");
        ASSERT_EQ(rs.rows.size(), 1u);
        EXPECT_EQ(*rs.rows[0][0], "table");
        rs = c.query("SELECT count(*) FROM people WHERE id = 30000 OR name IN ('via view', "
                     "'via table') OR nick = 'n1x'");
        EXPECT_EQ(*rs.rows.at(0).at(0), "4");
        EXPECT_TRUE(c.query("SELECT name FROM sqlite_master WHERE name = 'persons'").rows.empty());
    }
}

} // namespace
