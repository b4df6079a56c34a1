// A PKCS#10 certification request as encoded, with the extensions it asks
// for decoded into the same model as a certificate's.
#pragma once

#include "pkitool/x509/certificate.hpp"

namespace pkitool::x509 {

struct Csr {
    std::vector<std::uint8_t> der;
    int version = 1;
    Name subject;
    PublicKey public_key;
    AlgorithmIdentifier signature_algorithm;
    bool has_extension_request = false;
    Extensions requested; // from the extensionRequest attribute
    std::vector<std::string> other_attributes; // dotted OIDs of any other attribute
    std::optional<std::size_t> non_der_offset;
    // Everything decoding tolerated (the subject's and key's included).
    der::Deviations deviations;
};

// Throws InputError.
Csr parse_csr(std::span<const std::uint8_t> der);

// The request's self-signature, checked with its own key.
SignatureCheck check_signature(const Csr& csr);

} // namespace pkitool::x509
