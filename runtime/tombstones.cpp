#include "runtime/tombstones.h"

#include <algorithm>

namespace stepwise::runtime {

std::string tombstone_prefix(const std::string& plan_id) {
    return "_stepwise_dropped_" + plan_id + "_";
}

std::vector<std::string> tombstones_named_by(const plan::Step& step, const std::string& plan_id,
                                             const dialect::Dialect& dialect) {
    // The dialect's quoting of the bare prefix shows its opening and closing quote.
    std::string prefix = tombstone_prefix(plan_id);
    std::string quoted = dialect.quote_ident(prefix);
    size_t at = quoted.find(prefix);
    if (at == std::string::npos)
        return {};
    std::string open = quoted.substr(0, at);
    std::string close = quoted.substr(at + prefix.size());
    if (close.empty())
        return {};
    std::vector<std::string> out;
    for (const auto& sql : step.up) {
        size_t pos = 0;
        while ((pos = sql.find(open + prefix, pos)) != std::string::npos) {
            size_t i = pos + open.size();
            std::string name;
            bool closed = false;
            while (i < sql.size()) {
                if (sql.compare(i, close.size(), close) == 0) {
                    // A doubled closing quote is one quote inside the name.
                    if (sql.compare(i + close.size(), close.size(), close) == 0) {
                        name += close;
                        i += 2 * close.size();
                        continue;
                    }
                    closed = true;
                    i += close.size();
                    break;
                }
                name += sql[i++];
            }
            pos = i;
            if (closed && name.size() > prefix.size() &&
                std::find(out.begin(), out.end(), name) == out.end())
                out.push_back(name);
        }
    }
    return out;
}

} // namespace stepwise::runtime
