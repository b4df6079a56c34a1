// Hashes of whole byte strings, for fingerprints and key identifiers.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace pkitool::util {

std::vector<std::uint8_t> sha256(std::span<const std::uint8_t> data);
std::vector<std::uint8_t> sha1(std::span<const std::uint8_t> data);
// What `show itl` prints beside SHA-1; empty when this Botan was built without MD5.
std::vector<std::uint8_t> md5(std::span<const std::uint8_t> data);

} // namespace pkitool::util
