#include "compiler/frontend/utf8_input.h"

namespace stepwise::frontend {

namespace {

constexpr char32_t kReplacement = 0xFFFD;

bool is_continuation(unsigned char c) {
    return (c & 0xC0) == 0x80;
}

// Decodes the code point at `i` and returns its length in bytes (1 for an invalid byte).
size_t decode(const std::string& s, size_t i, char32_t* out) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80           ? 1
                 : (c >> 5) == 0x6  ? 2
                 : (c >> 4) == 0xE  ? 3
                 : (c >> 3) == 0x1E ? 4
                                    : 0;
    if (len == 0 || i + len > s.size()) {
        *out = kReplacement;
        return 1;
    }
    char32_t cp = len == 1 ? c : c & (0x7F >> len);
    for (size_t k = 1; k < len; ++k) {
        auto next = static_cast<unsigned char>(s[i + k]);
        if (!is_continuation(next)) {
            *out = kReplacement;
            return 1;
        }
        cp = (cp << 6) | (next & 0x3F);
    }
    *out = cp;
    return len;
}

} // namespace

Utf8Input::Utf8Input(const std::string& text) : text_(text) {
    _data.resize(text.size());
    bool ascii = true;
    size_t n = 0;
    for (size_t i = 0; i < text.size();) {
        char32_t cp;
        size_t len = decode(text, i, &cp);
        if (len != 1 || cp >= 0x80) {
            if (ascii) {
                // First non-ASCII character: every earlier code point was one byte.
                offsets_.reserve(text.size() + 1);
                for (size_t k = 0; k < n; ++k)
                    offsets_.push_back(k);
                ascii = false;
            }
        }
        if (!ascii)
            offsets_.push_back(i);
        _data[n++] = cp;
        i += len;
    }
    _data.resize(n);
    if (!ascii)
        offsets_.push_back(text.size());
    p = 0;
}

std::string Utf8Input::getText(const antlr4::misc::Interval& interval) {
    if (interval.a < 0 || interval.b < 0)
        return {};
    auto start = static_cast<size_t>(interval.a);
    auto stop = static_cast<size_t>(interval.b);
    if (stop >= _data.size())
        stop = _data.size() - 1;
    if (start > stop || start >= _data.size())
        return {};
    if (offsets_.empty())
        return text_.substr(start, stop - start + 1);
    return text_.substr(offsets_[start], offsets_[stop + 1] - offsets_[start]);
}

} // namespace stepwise::frontend
