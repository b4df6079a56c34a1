// PEM framing: any number of "-----BEGIN X-----" blocks in a text, with
// text before, between and after them, CRLF line ends, a UTF-8 byte order
// mark and RFC 1421 headers (Proc-Type, DEK-Info). Botan decodes the base64;
// this finds the blocks and says where a broken one is (file:line).
#pragma once

#include <botan/secmem.h>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pkitool::load {

struct PemBlock {
    std::string label; // "CERTIFICATE"
    std::size_t line = 0; // of the BEGIN line, from 1
    std::vector<std::pair<std::string, std::string>> headers;
    Botan::secure_vector<std::uint8_t> der;
    // Why the block could not be decoded ("file:line: not base64 inside
    // ..."); empty for a good block. A bad block has no DER.
    std::string error;
};

// "-----BEGIN <label>-----", the base64 in 64-character lines, the END
// line. For public data only: the text is an ordinary string.
std::string pem_encode(std::span<const std::uint8_t> der, const std::string& label);

// A label its producer gives certificates ("CERTIFICATE", "X509
// CERTIFICATE"): public by its own word. Such a block is decoded without
// constant-time care, and read as a certificate before anything is sniffed.
bool is_certificate_label(std::string_view label);

// True when `data` holds a BEGIN line.
bool looks_like_pem(std::span<const std::uint8_t> data);

// Every block, in order, good or bad: a block with no END line, an END line
// with another label, a line that is not base64 or base64 that does not
// decode is returned with `error` naming file:line, and scanning goes on
// after it, so one bad block never hides the others. `name` is the file
// name for messages. Never throws.
std::vector<PemBlock> parse_pem(std::span<const std::uint8_t> data, const std::string& name);

} // namespace pkitool::load
