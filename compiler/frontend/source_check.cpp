#include "compiler/frontend/source_check.h"

#include <cstdio>

namespace stepwise::frontend {

namespace {

// Length of the UTF-8 sequence starting at i, or 0 when it is not valid (overlong forms,
// surrogates and code points above U+10FFFF included).
size_t utf8_length(const std::string& s, size_t i) {
    auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
    unsigned char c = byte(i);
    if (c < 0x80)
        return 1;
    size_t n;
    unsigned min;
    unsigned cp;
    if ((c & 0xE0) == 0xC0) {
        n = 2, min = 0x80, cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
        n = 3, min = 0x800, cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
        n = 4, min = 0x10000, cp = c & 0x07;
    } else {
        return 0;
    }
    if (i + n > s.size())
        return 0;
    for (size_t k = 1; k < n; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (byte(i + k) & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

} // namespace

bool check_source_text(const std::string& file, const std::string& text, Diagnostics& diags) {
    int line = 1, col = 1;
    for (size_t i = 0; i < text.size();) {
        if (text[i] == '\0') {
            diags.error(file, line, col, "binary file: NUL byte; .schema files must be text");
            return false;
        }
        size_t n = utf8_length(text, i);
        if (n == 0) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(text[i]));
            diags.error(file, line, col,
                        std::string("invalid UTF-8 (byte ") + hex +
                            "); .schema files must be UTF-8 text");
            return false;
        }
        if (text[i] == '\n') {
            ++line;
            col = 1;
        } else {
            ++col;
        }
        i += n;
    }
    return true;
}

} // namespace stepwise::frontend
