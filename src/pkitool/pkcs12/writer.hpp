// Writing PKCS#12: certificates with or without a key, with friendlyName
// and localKeyId, in the modern (PBES2/AES, HMAC-SHA256) or legacy
// (3DES/RC2-40, HMAC-SHA1) flavour, or any explicit mix.
#pragma once

#include "pkitool/der/writer.hpp"
#include "pkitool/pkcs12/pbe.hpp"

#include <botan/rng.h>
#include <botan/secmem.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pkitool::pkcs12 {

struct CertEntry {
    der::Bytes der;
    std::optional<std::string> friendly_name;
    der::Bytes local_key_id;
};

struct KeyEntry {
    Botan::secure_vector<std::uint8_t> private_key_info; // PKCS#8 PrivateKeyInfo
    std::optional<std::string> friendly_name;
    der::Bytes local_key_id;
};

struct WriteOptions {
    // Nothing: certificates unencrypted (trust bundles).
    std::optional<Scheme> cert_scheme = Scheme::aes_256_cbc;
    Scheme key_scheme = Scheme::aes_256_cbc;
    // Botan hash name for the HMAC; nothing: no MAC.
    std::optional<std::string> mac_hash = "SHA-256";
    std::size_t iterations = 2048;
    std::size_t mac_iterations = 2048;
    // Mark key-less certificates as trusted for Java's keytool (Oracle's
    // trusted-key-usage attribute; without it keytool ignores them).
    bool java_trusted = true;
};

// The named profiles: "modern" and "legacy". Throws UsageError otherwise.
WriteOptions profile_options(std::string_view profile);

// What makes a file written with `options` weak, one clause each ("the
// certificates are encrypted with PBE-SHA1-RC2-40: a 40-bit key is broken
// by brute force in hours"); empty for the modern profile. The key's
// scheme counts only when the file holds a key.
std::vector<std::string> weaknesses(const WriteOptions& options, bool has_key);

// The MAC hash for a command-line name ("sha256", "SHA-1", "none" gives
// nothing). Throws UsageError listing the names.
std::optional<std::string> mac_hash_from_name(std::string_view name);

// Java's PKCS#12 keystore (keytool and every Java importer) takes only
// printable ASCII passwords: its PBE keys refuse any other character, for
// the PKCS#12 KDF and PBKDF2 alike (Java 17: "Password is not ASCII"),
// although RFC 7292's BMPString, which pkitool and OpenSSL write, carries
// them. False when Java cannot open a file protected by `password`.
bool java_accepts_password(std::string_view password);

// The whole PFX. Throws UsageError when `key` is set without a key scheme.
der::Bytes write(const std::vector<CertEntry>& certificates, const std::optional<KeyEntry>& key,
    const WriteOptions& options, const Password& password, Botan::RandomNumberGenerator& rng);

} // namespace pkitool::pkcs12
