// Data-driven frontend cases: tests/cases/frontend/<name>.schema (or a directory <name>/ of
// .schema files, one desired state) next to <name>.expected, the exact diagnostics (one per
// line; empty when the input must bind cleanly). A new case is a new pair of files.

#include "compiler/frontend/loader.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>

namespace fs = std::filesystem;
using namespace stepwise;

namespace {

const std::string kCaseDir = "tests/cases/frontend";

std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string trim_end(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' '))
        s.pop_back();
    return s;
}

// Sources named by their path relative to the repository root, as diagnostics show them.
std::vector<frontend::Source> case_sources(const fs::path& root, const fs::path& input) {
    std::vector<frontend::Source> sources;
    std::vector<fs::path> files;
    if (fs::is_directory(input)) {
        for (const auto& e : fs::recursive_directory_iterator(input))
            if (e.path().extension() == ".schema")
                files.push_back(e.path());
        std::sort(files.begin(), files.end());
    } else {
        files.push_back(input);
    }
    for (const auto& f : files)
        sources.push_back({fs::relative(f, root).generic_string(), read(f)});
    return sources;
}

class CaseTest : public testing::Test {
public:
    CaseTest(fs::path root, fs::path input, fs::path expected)
        : root_(std::move(root)), input_(std::move(input)), expected_(std::move(expected)) {}

    void TestBody() override {
        ASSERT_TRUE(fs::exists(expected_)) << "missing " << expected_;
        std::string actual;
        try {
            frontend::parse_sources(case_sources(root_, input_), model::NamingStyle::Postgres);
        } catch (const frontend::FrontendError& e) {
            ASSERT_FALSE(e.diagnostics().empty()) << "FrontendError without diagnostics";
            for (const auto& d : e.diagnostics())
                actual += d.format() + "\n";
        }
        EXPECT_EQ(trim_end(actual), trim_end(read(expected_)));
    }

private:
    fs::path root_, input_, expected_;
};

int register_cases() {
    fs::path root = STEPWISE_SOURCE_DIR;
    fs::path dir = root / kCaseDir;
    std::vector<fs::path> inputs;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.is_directory() || e.path().extension() == ".schema")
            inputs.push_back(e.path());
    std::sort(inputs.begin(), inputs.end());
    for (const auto& input : inputs) {
        fs::path expected = input.parent_path() / (input.stem().string() + ".expected");
        std::string name = input.stem().string();
        testing::RegisterTest(
            "FrontendCases", name.c_str(), nullptr, nullptr, __FILE__, __LINE__,
            [=]() -> testing::Test* { return new CaseTest(root, input, expected); });
    }
    return static_cast<int>(inputs.size());
}

const int kRegistered = register_cases();

} // namespace

TEST(FrontendCasesDiscovery, FindsTheCases) {
    // Guards against a runner that silently registers nothing.
    EXPECT_GE(kRegistered, 25);
}
