// IP addresses as text and as the 4 or 16 octets X.509's iPAddress holds.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace pkitool::util {

// The octets of an IPv4 ("192.0.2.7") or IPv6 ("2001:db8::7") address;
// nothing for any other text.
std::optional<std::vector<std::uint8_t>> parse_ip(std::string_view text);

// 4 or 16 octets in the usual notation; other sizes as
// "<N bytes: HEX>".
std::string format_ip(std::span<const std::uint8_t> bytes);

} // namespace pkitool::util
