#include "compiler/frontend/diagnostics.h"

#include <algorithm>
#include <tuple>

namespace stepwise::frontend {

std::string Diagnostic::format() const {
    std::string out = file;
    if (line > 0)
        out += ":" + std::to_string(line) + ":" + std::to_string(col);
    return out + ": error: " + message;
}

void Diagnostics::error(std::string file, int line, int col, std::string message) {
    items_.push_back({std::move(file), line, col, std::move(message)});
}

std::vector<Diagnostic> Diagnostics::sorted() const {
    auto key = [](const Diagnostic& d) { return std::tie(d.file, d.line, d.col, d.message); };
    std::vector<Diagnostic> out = items_;
    std::sort(out.begin(), out.end(),
              [&](const Diagnostic& a, const Diagnostic& b) { return key(a) < key(b); });
    out.erase(std::unique(out.begin(), out.end(),
                          [&](const Diagnostic& a, const Diagnostic& b) { return key(a) == key(b); }),
              out.end());
    return out;
}

std::string Diagnostics::format() const {
    std::string out;
    for (const auto& d : sorted())
        out += d.format() + "\n";
    return out;
}

namespace {
std::string join(const std::vector<Diagnostic>& ds) {
    std::string out;
    for (const auto& d : ds)
        out += (out.empty() ? "" : "\n") + d.format();
    return out;
}
} // namespace

FrontendError::FrontendError(std::vector<Diagnostic> diagnostics)
    : std::runtime_error(join(diagnostics)), diagnostics_(std::move(diagnostics)) {}

} // namespace stepwise::frontend
