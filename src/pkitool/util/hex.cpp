#include "pkitool/util/hex.hpp"

namespace pkitool::util {

namespace {

std::string encode(std::span<const std::uint8_t> bytes, const char* digits, bool colons)
{
    std::string out;
    out.reserve(bytes.size() * 3);
    for (const auto b : bytes) {
        if (colons && !out.empty()) {
            out += ':';
        }
        out += digits[b >> 4];
        out += digits[b & 0x0f];
    }
    return out;
}

} // namespace

std::string hex(std::span<const std::uint8_t> bytes)
{
    return encode(bytes, "0123456789abcdef", false);
}

std::string hex_colons(std::span<const std::uint8_t> bytes)
{
    return encode(bytes, "0123456789ABCDEF", true);
}

} // namespace pkitool::util
