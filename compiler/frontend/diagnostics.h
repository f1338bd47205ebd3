#pragma once
// Errors found while reading .schema files, reported all at once, sorted by place.

#include <stdexcept>
#include <string>
#include <vector>

namespace stepwise::frontend {

struct Diagnostic {
    std::string file;
    int line = 0; // 1-based; 0 when the error concerns the whole file or run
    int col = 0;  // 1-based
    std::string message;

    // "schemas/shop.schema:12:5: error: unknown column 'emial' ..."
    std::string format() const;
};

class Diagnostics {
public:
    void error(std::string file, int line, int col, std::string message);
    bool empty() const { return items_.empty(); }
    size_t size() const { return items_.size(); }
    // Sorted by file, line, column, then message; duplicates removed.
    std::vector<Diagnostic> sorted() const;
    std::string format() const; // one line each, sorted

private:
    std::vector<Diagnostic> items_;
};

// Thrown when reading stops with errors; what() is the formatted, sorted list.
class FrontendError : public std::runtime_error {
public:
    explicit FrontendError(std::vector<Diagnostic> diagnostics);
    const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

private:
    std::vector<Diagnostic> diagnostics_;
};

} // namespace stepwise::frontend
