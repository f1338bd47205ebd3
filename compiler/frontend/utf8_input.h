#pragma once
// An ANTLR character stream over UTF-8 text that is decoded once by hand and hands token
// text back as slices of the original bytes. The runtime's own stream converts through
// std::wstring_convert both ways, which was a tenth of parsing a large schema.
// Internal to the frontend (includes the ANTLR runtime).

#include "antlr4-runtime.h"

#include <string>
#include <vector>

namespace stepwise::frontend {

class Utf8Input : public antlr4::ANTLRInputStream {
public:
    // `text` must outlive the stream. Invalid UTF-8 (rejected earlier by check_source_text)
    // decodes to U+FFFD, one per bad byte, so the stream never fails.
    explicit Utf8Input(const std::string& text);

    std::string getText(const antlr4::misc::Interval& interval) override;
    // The decoded text, one element per code point (what token indexes count).
    const std::u32string& code_points() const { return _data; }

private:
    const std::string& text_;
    // Byte offset of each code point, plus one past the end; empty for pure ASCII text,
    // where code point and byte offsets are the same.
    std::vector<size_t> offsets_;
};

} // namespace stepwise::frontend
