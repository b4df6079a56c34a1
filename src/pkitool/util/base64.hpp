// Base64 for public data: a certificate's PEM. Botan's decoder runs in
// constant time, which the base64 of a key needs, and costs about a tenth
// of `report`'s time over a large inventory; a certificate needs no such
// care. This decoder reads exactly as Botan 2.19's base64_decode (without
// whitespace) does. Botan 3.13 refuses three things more (a character
// after '=', a lone last character, non-zero bits padding the last octet),
// which this decoder reads past as Botan 2 does: lenient decoding, and the
// same result whichever Botan pkitool is built with.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace pkitool::util {

// The most octets `size` characters of base64 decode to.
constexpr std::size_t base64_max_decoded(std::size_t size)
{
    return (size + 3) / 4 * 3;
}

// Decodes `text` into `out` (at least base64_max_decoded(text.size())
// octets) and returns how many it wrote, or nothing where Botan 2's decoder
// throws: a character outside the alphabet, or '=' after the last full
// group of four. As in Botan 2, '=' is passed over wherever it stands and a
// last, short group gives what its characters hold whole.
std::optional<std::size_t> decode_public_base64(std::string_view text, std::span<std::uint8_t> out);

} // namespace pkitool::util
