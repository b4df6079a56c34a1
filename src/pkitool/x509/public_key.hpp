// SubjectPublicKeyInfo: algorithm, size and curve read from the raw DER, so
// that a key Botan cannot load (an unknown curve, a 16384-bit modulus) is
// still described.
#pragma once

#include "pkitool/der/reader.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace pkitool::x509 {

struct AlgorithmIdentifier {
    std::string oid;
    std::string name; // oid_name(oid)
    std::vector<std::uint8_t> parameters; // DER of the parameters, empty when absent
};

// Throws InputError.
AlgorithmIdentifier parse_algorithm_identifier(const der::Element& element);

struct PublicKey {
    std::string algorithm_oid;
    std::string algorithm; // "RSA", "EC", "Ed25519", "Ed448", "DSA", or the dotted OID
    std::size_t bits = 0; // RSA/DSA modulus size, EC field size
    std::string curve; // "P-256", ..., the dotted OID of an unnamed curve, or "explicit parameters"
    std::vector<std::uint8_t> spki; // DER of the whole SubjectPublicKeyInfo
    // What decoding tolerated: a negative or padded modulus or exponent.
    der::Deviations deviations;

    // "RSA 2048", "EC P-256", "Ed25519"
    std::string description() const;
};

// Throws InputError.
PublicKey parse_public_key(const der::Element& element);

// "RSA 2048", "EC P-256", "Ed25519": how pkitool names any key.
std::string key_description(const std::string& algorithm, std::size_t bits, const std::string& curve);

// Bits of a named curve, 0 when pkitool does not know it.
std::size_t curve_bits(std::string_view curve_name);

} // namespace pkitool::x509
