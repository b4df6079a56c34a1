#include "pkitool/util/base64.hpp"

#include <array>
#include <string_view>

namespace pkitool::util {

namespace {

constexpr std::int8_t k_not_base64 = -1;
constexpr std::int8_t k_padding = -2;

constexpr std::array<std::int8_t, 256> k_values = [] {
    std::array<std::int8_t, 256> values{};
    values.fill(k_not_base64);
    constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (std::size_t i = 0; i < alphabet.size(); ++i) {
        values[static_cast<unsigned char>(alphabet[i])] = static_cast<std::int8_t>(i);
    }
    values['='] = k_padding;
    return values;
}();

} // namespace

std::optional<std::size_t> decode_public_base64(std::string_view text, std::span<std::uint8_t> out)
{
    std::uint32_t group = 0;
    std::size_t in_group = 0;
    std::size_t written = 0;
    for (const char c : text) {
        const std::int8_t value = k_values[static_cast<unsigned char>(c)];
        if (value == k_not_base64) {
            return std::nullopt;
        }
        if (value == k_padding) {
            continue;
        }
        group = (group << 6U) | static_cast<std::uint32_t>(value);
        if (++in_group == 4) {
            out[written++] = static_cast<std::uint8_t>(group >> 16U);
            out[written++] = static_cast<std::uint8_t>(group >> 8U);
            out[written++] = static_cast<std::uint8_t>(group);
            group = 0;
            in_group = 0;
        }
    }
    if (in_group == 0) {
        // Botan ends its input with the last full group; padding after it
        // is input left over.
        if (!text.empty() && text.back() == '=') {
            return std::nullopt;
        }
        return written;
    }
    // A short last group: n characters hold n - 1 whole octets.
    group <<= 6U * (4 - in_group);
    for (std::size_t i = 0; i + 1 < in_group; ++i) {
        out[written++] = static_cast<std::uint8_t>(group >> (16U - 8U * i));
    }
    return written;
}

} // namespace pkitool::util
