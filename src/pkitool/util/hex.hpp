// Hex renderings of byte strings: plain lowercase and colon-separated
// uppercase (the form fingerprints and serials are usually compared in).
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace pkitool::util {

std::string hex(std::span<const std::uint8_t> bytes);
std::string hex_colons(std::span<const std::uint8_t> bytes);

} // namespace pkitool::util
