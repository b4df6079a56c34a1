// The PKCS#12 key derivation function (RFC 7292 appendix B), which Botan 2
// lacks, and the password encodings PKCS#12 uses.
#pragma once

#include "pkitool/util/password.hpp"

#include <botan/hash.h>
#include <botan/secmem.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>

namespace pkitool::pkcs12 {

// What the derived bytes are for (the "ID" byte of appendix B.3).
enum class KdfPurpose : std::uint8_t { key = 1, iv = 2, mac = 3 };

// A password as PKCS#12 sees it: absent (no password at all) differs from
// the empty one. Absent encodes as no bytes; the empty password as the
// BMPString terminator 00 00 (appendix B.1).
using Password = std::optional<util::SecretString>;

// The UTF-8 password as a NUL-terminated big-endian BMPString (UTF-16 for
// characters beyond the BMP, as OpenSSL does). Throws InputError when the
// password is not valid UTF-8.
Botan::secure_vector<std::uint8_t> bmp_password(const Password& password);

// The password bytes PBES2 and PBMAC1 use: its UTF-8, and no bytes for an
// absent password.
Botan::secure_vector<std::uint8_t> utf8_password(const Password& password);

// The hash Botan calls `name`, or pkitool's own for one Botan lacks
// (SHA-512-224); nothing when neither has it.
std::unique_ptr<Botan::HashFunction> make_hash(const std::string& name);

// Derives `length` bytes with `hash` (a Botan name such as "SHA-256").
// `password` is already encoded (bmp_password). Throws InputError when
// Botan has no such hash.
Botan::secure_vector<std::uint8_t> derive(const std::string& hash, KdfPurpose purpose,
    std::span<const std::uint8_t> password, std::span<const std::uint8_t> salt, std::size_t iterations,
    std::size_t length);

// HMAC-`hash` of `data` under `key`. Throws InputError when Botan lacks
// the hash.
Botan::secure_vector<std::uint8_t> hmac(
    const std::string& hash, std::span<const std::uint8_t> key, std::span<const std::uint8_t> data);

// The PKCS#12 integrity MAC (RFC 7292 appendix B.4): HMAC-`hash` of `data`
// keyed by the KDF above (purpose mac, as long as the hash's output).
Botan::secure_vector<std::uint8_t> mac(const std::string& hash, const Password& password,
    std::span<const std::uint8_t> salt, std::size_t iterations, std::span<const std::uint8_t> data);

} // namespace pkitool::pkcs12
