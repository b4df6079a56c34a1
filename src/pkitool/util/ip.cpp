#include "pkitool/util/ip.hpp"

#include "pkitool/util/hex.hpp"

#include <arpa/inet.h>

namespace pkitool::util {

std::optional<std::vector<std::uint8_t>> parse_ip(std::string_view text)
{
    const std::string s(text);
    std::vector<std::uint8_t> out(16);
    if (::inet_pton(AF_INET, s.c_str(), out.data()) == 1) {
        out.resize(4);
        return out;
    }
    if (::inet_pton(AF_INET6, s.c_str(), out.data()) == 1) {
        return out;
    }
    return std::nullopt;
}

std::string format_ip(std::span<const std::uint8_t> bytes)
{
    char buf[INET6_ADDRSTRLEN] = {};
    if (bytes.size() == 4 && ::inet_ntop(AF_INET, bytes.data(), buf, sizeof buf) != nullptr) {
        return buf;
    }
    if (bytes.size() == 16 && ::inet_ntop(AF_INET6, bytes.data(), buf, sizeof buf) != nullptr) {
        return buf;
    }
    return "<" + std::to_string(bytes.size()) + " bytes: " + hex(bytes) + ">";
}

} // namespace pkitool::util
