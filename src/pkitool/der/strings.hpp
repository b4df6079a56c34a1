// The ASN.1 character string types, decoded to UTF-8 by their own rules.
// Decoding never stops at a bad octet: the text shows U+FFFD in its place
// and the problem names the first octet that breaks the type's rules, so a
// certificate with a broken name can still be examined and linted.
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace pkitool::der {

struct StringDecode {
    std::string text; // UTF-8
    std::string problem; // empty when valid: "invalid UTF-8 at octet 3"
};

// True for the universal tags of character strings.
bool is_string_tag(std::uint32_t universal_tag);

// Decodes the contents of a character string of `universal_tag`.
StringDecode decode_string(std::uint32_t universal_tag, std::span<const std::uint8_t> contents);

} // namespace pkitool::der
