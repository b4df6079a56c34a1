// PKCS#7 / CMS SignedData used as a certificate bundle (.p7b, .p7c), the
// form CAs return chains in. Only the certificates are taken; a signed
// message's content and signatures are counted, not verified.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace pkitool::x509 {

struct Pkcs7Bundle {
    std::vector<std::vector<std::uint8_t>> certificates; // DER, in bundle order
    std::size_t crl_count = 0;
    std::size_t signer_count = 0;
    std::size_t other_certificate_count = 0; // attribute or extended certificates (not X.509)
};

// Throws InputError when `der` is not a ContentInfo holding SignedData.
Pkcs7Bundle parse_pkcs7(std::span<const std::uint8_t> der);

} // namespace pkitool::x509
