// An X.509 certificate as encoded. Every field keeps what lint needs and
// Botan's X509_Certificate hides: the exact time encodings, the serial's
// octets, extension criticality and duplicates, DER conformance.
#pragma once

#include "pkitool/der/time.hpp"
#include "pkitool/x509/extensions.hpp"
#include "pkitool/x509/name.hpp"
#include "pkitool/x509/public_key.hpp"

#include <botan/pkix_enums.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace pkitool::x509 {

struct Certificate {
    std::vector<std::uint8_t> der; // the bytes as read
    int version = 1; // 1, 2, 3, or what an unknown version INTEGER says plus one
    bool version_default_encoded = false; // v1 written out explicitly (not DER)
    std::vector<std::uint8_t> serial; // contents octets of the INTEGER, exactly
    AlgorithmIdentifier tbs_signature_algorithm;
    AlgorithmIdentifier signature_algorithm;
    Name issuer;
    Name subject;
    der::RawTime not_before;
    der::RawTime not_after;
    PublicKey public_key;
    Extensions extensions;
    // Offset of the first byte that is not canonical DER, if any.
    std::optional<std::size_t> non_der_offset;
    // Everything decoding tolerated, in the order met (names' and the
    // key's included): each becomes a lint finding at its place.
    der::Deviations deviations;

    // The serial as a number: the octets without the 0x00 that keeps a
    // positive INTEGER positive. This is what OpenSSL and CUCM display.
    std::vector<std::uint8_t> serial_number() const;

    bool self_issued() const { return issuer.der == subject.der; }
    bool is_ca() const { return extensions.basic_constraints && extensions.basic_constraints->ca; }
};

// Parses a DER certificate, leniently: whatever can still be followed is
// read and recorded in `deviations`. Throws InputError naming the field
// where the structure cannot be followed.
Certificate parse_certificate(std::span<const std::uint8_t> der);

struct SignatureCheck {
    enum class Status { valid, invalid, unchecked };
    Status status = Status::unchecked;
    std::string reason; // why unchecked
};

// Maps Botan's verdict: OK is valid, a signature error is invalid, anything
// else (an unknown or unsupported algorithm) is unchecked with the reason.
SignatureCheck from_status(Botan::Certificate_Status_Code code);

// Checks `cert`'s signature with `issuer_key` (Botan does the
// cryptography); `unchecked` when Botan cannot (unsupported algorithm, an
// encoding it refuses).
SignatureCheck check_signature(const Certificate& cert, const PublicKey& issuer_key);

} // namespace pkitool::x509
