#pragma once
// Names and labels built to break careless quoting: quotes of every kind, backslashes,
// spaces, SQL keywords and comment markers, statement separators, control characters,
// unicode, and a name of several hundred bytes.

#include <string>

namespace stepwise::hostile {

// A DSL identifier, always double-quoted (written here by hand, not by the code under test).
inline std::string dsl_name(const std::string& name) {
    std::string out = "\"";
    for (char c : name)
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

// A DSL string literal.
inline std::string dsl_text(const std::string& value) {
    std::string out = "'";
    for (char c : value)
        out += c == '\'' ? std::string("''") : std::string(1, c);
    return out + "'";
}

namespace names {
inline const std::string kOrders = "Order \"Items\"";
inline const std::string kSelect = "select";
inline const std::string kId = "id";
inline const std::string kApostrophe = "it's";
inline const std::string kBacktick = "back`tick`";
inline const std::string kBackslash = "back\\slash\\";
inline const std::string kInjection = "x\"; DROP TABLE victim; --";
inline const std::string kUnicode = "ünïcødé 名前";
inline const std::string kControl = "tab\there\nnewline";
inline const std::string kBrackets = "[bracket] /* not a comment */";
inline const std::string kMood = "mood \"quoted\"";
inline const std::string kMoodColumn = "mood col";
inline const std::string kIndex = "idx \"q\" `b` \\ s";
inline const std::string kUnique = "uq'); DROP TABLE victim; --";
inline const std::string kCheck = "chk ] [ ` \"";
inline const std::string kForeignKey = "fk \"from\" 'to'";
inline const std::string kOrderRef = "order ref";
// The longest name the dialect keeps (`limit` bytes), or several hundred bytes where it
// has no limit; multi-byte characters make bytes and characters differ.
inline std::string long_name(size_t limit, bool characters = false) {
    std::string out;
    if (characters && limit) {
        // `limit` characters, a third of them two or three bytes long.
        const char* const units[] = {"l", "é", "\"", "'", "`", "名", "o", "\\", "g"};
        for (size_t i = 0; i + 1 < limit; ++i)
            out += units[i % 9];
        return out + "x";
    }
    for (int i = 0; i < 40; ++i)
        out += "longé_\"'`";
    if (limit == 0)
        return out;
    out.resize(limit - 4);
    while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80)
        out.pop_back(); // never end inside a character
    if (!out.empty() && (static_cast<unsigned char>(out.back()) & 0x80))
        out.pop_back();
    out.resize(limit, 'x');
    return out;
}
} // namespace names

// Enum labels: each must come back byte for byte, and still be the only values accepted.
inline const char* const kLabels[] = {
    "it's", "back\\slash", "`tick`", "ünï", "a\"b", "'); DROP TABLE victim; --", "with space"};

} // namespace stepwise::hostile
