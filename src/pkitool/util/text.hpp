// Small text helpers that know nothing of X.509: ASCII case folding, as DNS
// names, e-mail hosts and file names compare.
#pragma once

#include <cctype>
#include <string>
#include <string_view>

namespace pkitool::util {

inline std::string ascii_lower(std::string_view text)
{
    std::string out(text);
    for (auto& c : out) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

} // namespace pkitool::util
