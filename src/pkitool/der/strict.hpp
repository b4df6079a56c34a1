// Is a byte string the DER encoding of what it decodes to? Botan's decoder
// accepts BER (long-form lengths, indefinite lengths); CUCM and Java do
// not always. The check decodes with Botan and compares each value's
// identifier and length octets with the ones DER gives it (re-encoding
// changes nothing else), so nothing is encoded anew.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

namespace pkitool::der {

// Nothing when `data` is canonical DER; otherwise the offset of the first
// byte that differs from the canonical encoding. Contents of primitive
// values (BOOLEAN, INTEGER rules) are not examined here.
// Throws InputError when `data` does not decode at all. The walk reads
// `data` in place: it makes no copy of it that would need wiping.
std::optional<std::size_t> first_non_der_byte(std::span<const std::uint8_t> data);

} // namespace pkitool::der
