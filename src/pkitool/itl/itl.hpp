// ITL and CTL trust lists (ITLFile.tlv, CTLFile.tlv) as encoded: every
// field of the header and of each record in file order, with its offset and
// its exact value, so that show can print what CUCM prints, verify can cut
// out the signed bytes, and serialize() gives the file back byte for byte.
// The format: shared/reference/itl-ctl-format.md.
#pragma once

#include "pkitool/finding.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace pkitool::itl {

using Bytes = std::vector<std::uint8_t>;

// Header tags.
namespace tag {
inline constexpr std::uint8_t version = 1;
inline constexpr std::uint8_t header_length = 2;
inline constexpr std::uint8_t signer_id = 3;
inline constexpr std::uint8_t signer_name = 4;
inline constexpr std::uint8_t serial_number = 5;
inline constexpr std::uint8_t ca_name = 6;
inline constexpr std::uint8_t signature_info = 7;
inline constexpr std::uint8_t digest_algorithm = 8;
inline constexpr std::uint8_t signature_algo_info = 9;
inline constexpr std::uint8_t signature_algorithm = 10;
inline constexpr std::uint8_t signature_modulus = 11;
inline constexpr std::uint8_t signature = 12;
inline constexpr std::uint8_t padding = 13;
inline constexpr std::uint8_t filename = 14;
inline constexpr std::uint8_t timestamp = 15;
inline constexpr std::uint8_t signer_version = 28;
} // namespace tag

// Record tags.
namespace rtag {
inline constexpr std::uint8_t record_length = 1;
inline constexpr std::uint8_t dns_name = 2;
inline constexpr std::uint8_t subject_name = 3;
inline constexpr std::uint8_t function = 4;
inline constexpr std::uint8_t issuer_name = 5;
inline constexpr std::uint8_t serial_number = 6;
inline constexpr std::uint8_t public_key = 7;
inline constexpr std::uint8_t signature = 8;
inline constexpr std::uint8_t certificate = 9;
inline constexpr std::uint8_t ip_address = 10;
inline constexpr std::uint8_t cert_hash = 11;
inline constexpr std::uint8_t hash_algorithm = 12;
} // namespace rtag

// Record functions (tag 4).
enum class Function : std::uint16_t {
    sast = 0,
    ccm = 1,
    ccm_tftp = 2,
    tftp = 3,
    capf = 4,
    app_server = 7,
    tvs = 21,
};

// "SAST", "CCM+TFTP", ..., or the number.
std::string function_name(std::uint16_t code);
// What `show itl` prints: "System Administrator Security Token" for SAST,
// the short name otherwise.
std::string function_cli_name(std::uint16_t code);
// "sast", "ccm+tftp", "app-server", "tvs", any case, or a number. Throws
// UsageError naming the accepted values.
std::uint16_t parse_function(std::string_view text);

// Digest codes (header tag 8, record tag 12): 1 SHA-1, 2 SHA-256, 3 SHA-512.
// Botan's name, or "" for an unknown code.
std::string digest_name(std::uint8_t code);

// Signature algorithm codes (header tag 10): 0 RSA; 1 is taken as ECDSA
// (no known file carries it).
inline constexpr std::uint8_t k_rsa = 0;
inline constexpr std::uint8_t k_ecdsa = 1;

struct Field {
    std::uint8_t tag = 0;
    std::size_t offset = 0; // of the tag byte in the file
    bool padding = false; // tag 13 in the header: one bare byte, no length
    bool container = false; // header tags 3, 7 and 9: the children are the value
    Bytes value; // exactly as encoded (not for padding and containers)
    std::vector<Field> children;

    // The encoded size: 1 for padding, 3 plus the value (or the children).
    std::size_t size() const;
    // A big-endian number of up to 4 octets; nothing for longer values.
    std::optional<std::uint32_t> number() const;
    // The value as text without its terminating NUL.
    std::string text() const;
};

struct Record {
    std::size_t offset = 0;
    std::size_t length = 0; // RECORDLENGTH, the whole record
    std::vector<Field> fields; // RECORDLENGTH first, then in file order

    const Field* find(std::uint8_t tag) const;
    std::optional<std::uint16_t> function() const;
    std::string subject() const;
    std::string issuer() const;
    std::string dns_name() const;
    Bytes serial() const;
    // The DER certificate, when the record carries one.
    const Bytes* certificate() const;
};

struct File {
    Bytes bytes; // as read
    std::vector<Field> header; // in file order, containers with their children
    std::vector<Record> records;
    // What decoding tolerated (unknown tags, odd lengths), each with its offset.
    std::vector<Finding> findings;

    // The first header field with `tag`, looking into the containers.
    const Field* header_field(std::uint8_t tag) const;
    std::size_t header_length() const;
    std::string version() const; // "1.2"
    std::string signer_name() const;
    Bytes signer_serial() const;
    std::string ca_name() const;
    std::optional<std::uint8_t> digest() const;
    std::optional<std::uint8_t> signature_algorithm() const;
    std::optional<std::uint8_t> signature_modulus() const;
    const Field* signature() const;
    std::string filename() const;
    std::optional<std::uint32_t> timestamp() const;
    // "CTL" when the file name says so, else "ITL".
    std::string kind() const;
};

// The largest file read: phones refuse more than 64 KB; pkitool reads up to
// 16 MiB so that an oversized file can still be shown and judged.
inline constexpr std::size_t k_max_file_size = 16U << 20U;
// And at most this many records and fields in all (a real file has about
// 40 records of about 10 fields): a hostile file of 5-byte records must
// not cost gigabytes of model.
inline constexpr std::size_t k_max_records = 4096;
inline constexpr std::size_t k_max_fields = 65536;

// Parses a trust list. Every length is checked against the bytes that hold
// it; what cannot be followed (a truncated header, a record running past the
// end, a container whose fields disagree with its length, no SIGNATURE)
// throws InputError saying what was expected at which offset. Unknown tags
// are kept and become findings.
File parse(std::span<const std::uint8_t> data);

// True when `data` starts as a trust list does (VERSION then HEADERLENGTH).
bool looks_like_trust_list(std::span<const std::uint8_t> data);

// The file written from its fields: for a parsed file, its bytes exactly.
Bytes serialize(const File& file);

// What the signature covers: the file without the SIGNATURE field (its tag,
// its length and its value).
Bytes signed_bytes(const File& file);

// How `show itl` names a header or record tag.
std::string header_tag_name(std::uint8_t tag);
std::string record_tag_name(std::uint8_t tag);

} // namespace pkitool::itl
