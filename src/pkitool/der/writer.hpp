// Building DER with Botan's DER_Encoder, one TLV at a time, for structures
// whose exact contents pkitool must control (a CSR that carries exactly a
// profile's extensions, test certificates with chosen encodings).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pkitool::der {

using Bytes = std::vector<std::uint8_t>;

// One TLV: tag number, class bits (0x00 universal, 0x80 context, | 0x20
// constructed) and contents.
Bytes tlv(std::uint32_t number, std::uint32_t class_bits, const Bytes& contents);
Bytes concat(const std::vector<Bytes>& parts);
Bytes sequence(const std::vector<Bytes>& parts);
Bytes set(const std::vector<Bytes>& parts);
Bytes object_identifier(const std::string& dotted);
Bytes octet_string(const Bytes& contents);
Bytes boolean(bool value);
Bytes small_integer(std::uint64_t value);
// PrintableString when every character allows it, else UTF8String.
Bytes directory_string(std::string_view text);
// A BIT STRING of named bits (bit 0 first) in DER: trailing zero bits dropped.
Bytes named_bits(std::uint32_t bits);

} // namespace pkitool::der
