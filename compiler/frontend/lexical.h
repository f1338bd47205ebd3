#pragma once
// The character classes and the NUMBER rule of grammar/Schema.g4, shared by DslLexer (code
// points) and the direct parser's scanner (bytes), so the two cannot drift apart.

#include <cstddef>

namespace stepwise::frontend::lexical {

template <class C> bool is_digit(C c) {
    return c >= '0' && c <= '9';
}
template <class C> bool is_id_start(C c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
template <class C> bool is_id_part(C c) {
    return is_id_start(c) || is_digit(c);
}
template <class C> bool is_space(C c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f';
}

// NUMBER : DIGIT+ ('.' DIGIT*)? EXPONENT? | '.' DIGIT+ EXPONENT? ; EXPONENT : [eE] [+-]? DIGIT+
// An exponent without digits is not part of the number (the lexer keeps its longest match).
// `at(i)` is the character at i, 0 past the end. Returns one past the number, 0 when none
// starts at i.
template <class At> size_t number_end(const At& at, size_t i) {
    size_t j = i;
    if (is_digit(at(j))) {
        while (is_digit(at(j)))
            ++j;
        if (at(j) == '.') {
            ++j;
            while (is_digit(at(j)))
                ++j;
        }
    } else if (at(j) == '.' && is_digit(at(j + 1))) {
        ++j;
        while (is_digit(at(j)))
            ++j;
    } else {
        return 0;
    }
    if (at(j) == 'e' || at(j) == 'E') {
        size_t k = j + 1;
        if (at(k) == '+' || at(k) == '-')
            ++k;
        if (is_digit(at(k))) {
            while (is_digit(at(k)))
                ++k;
            j = k;
        }
    }
    return j;
}

} // namespace stepwise::frontend::lexical
