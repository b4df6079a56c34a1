// X.509 v3 extensions, decoded from their raw DER. The same model serves
// certificates and the extensionRequest of a CSR, so the two can be
// compared bit for bit. A malformed extension is recorded, not thrown:
// the rest of the certificate is still worth showing.
#pragma once

#include "pkitool/der/reader.hpp"
#include "pkitool/x509/name.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pkitool::x509 {

// RFC 5280 4.2.1.3 KeyUsage bits, in bit-string order.
enum class KeyUsageBit : int {
    digital_signature = 0,
    non_repudiation = 1,
    key_encipherment = 2,
    data_encipherment = 3,
    key_agreement = 4,
    key_cert_sign = 5,
    crl_sign = 6,
    encipher_only = 7,
    decipher_only = 8,
};

inline constexpr std::array<std::string_view, 9> k_key_usage_names = {
    "digitalSignature",
    "nonRepudiation",
    "keyEncipherment",
    "dataEncipherment",
    "keyAgreement",
    "keyCertSign",
    "cRLSign",
    "encipherOnly",
    "decipherOnly",
};

struct KeyUsage {
    std::uint16_t bits = 0; // bit i set = KeyUsageBit i asserted

    bool has(KeyUsageBit bit) const { return (bits >> static_cast<int>(bit)) & 1U; }
    std::vector<std::string> names() const;
};

struct GeneralName {
    enum class Kind { dns, ip, email, uri, directory, registered_id, other };
    Kind kind = Kind::other;
    std::string value;
    int tag = 0; // the context tag: 0 otherName, 1 rfc822Name, ... 8 registeredID
    // The contents octets as encoded: an iPAddress's 4 or 16 octets (8 or
    // 32 with the mask in a name constraint), a string's bytes.
    std::vector<std::uint8_t> raw;
    std::optional<Name> directory; // a directoryName, parsed
    // An otherName: its type-id, and its value when that is a character
    // string (SmtpUTF8Mailbox, UPN).
    std::string other_type;
    std::optional<std::string> other_text;

    // "DNS", "IP", "email", "URI", "DirName", "RID", "othername"
    std::string_view label() const;
};

struct BasicConstraints {
    bool ca = false;
    std::optional<std::uint64_t> path_length;
};

// RFC 5280 4.2.1.10. A subtree's minimum must be 0 and its maximum
// absent; what the CA wrote is kept so that validation can say so.
struct GeneralSubtree {
    GeneralName base;
    bool minimum_nonzero = false;
    bool maximum_present = false;
};

struct NameConstraints {
    std::optional<std::vector<GeneralSubtree>> permitted;
    std::optional<std::vector<GeneralSubtree>> excluded;
};

struct Extension {
    std::string oid;
    bool critical = false;
    std::vector<std::uint8_t> value; // the extnValue OCTET STRING contents
};

struct Extensions {
    std::vector<Extension> all; // in encoded order

    std::optional<KeyUsage> key_usage;
    std::optional<std::vector<std::string>> extended_key_usage; // dotted OIDs, in order
    std::optional<BasicConstraints> basic_constraints;
    std::optional<std::vector<GeneralName>> subject_alt_names;
    std::optional<std::vector<std::uint8_t>> subject_key_id;
    std::optional<std::vector<std::uint8_t>> authority_key_id;
    std::optional<NameConstraints> name_constraints;

    // "keyUsage: BIT STRING expected..." for each extension that would not decode.
    std::vector<std::string> malformed;
    // OIDs that occur more than once (RFC 5280 forbids it).
    std::vector<std::string> duplicates;
    // DER rules broken inside the extensions: a DEFAULT value written out
    // ("keyUsage: critical FALSE is encoded"), a TRUE that is not 0xFF.
    std::vector<std::string> default_encoded;
    std::vector<std::string> bad_booleans;

    const Extension* find(std::string_view oid) const;
};

// `element` is the Extensions SEQUENCE. Throws InputError only when that
// outer structure is broken; problems inside one extension are recorded.
Extensions parse_extensions(const der::Element& element);

} // namespace pkitool::x509
