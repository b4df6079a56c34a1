// Small text helpers that know nothing of X.509: ASCII case folding, as DNS
// names, e-mail hosts and file names compare; joining words.
#pragma once

#include <cctype>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace pkitool::util {

inline std::string ascii_lower(std::string_view text)
{
    std::string out(text);
    for (auto& c : out) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

// "1 file", "2 files"
inline std::string plural(std::size_t n, std::string_view word)
{
    return std::to_string(n) + " " + std::string(word) + (n == 1 ? "" : "s");
}

inline std::string join(const std::vector<std::string>& parts, std::string_view separator = ", ")
{
    std::string out;
    for (const auto& part : parts) {
        if (!out.empty()) {
            out += separator;
        }
        out += part;
    }
    return out;
}

} // namespace pkitool::util
