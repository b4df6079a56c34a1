// Password-based encryption as PKCS#12 files and PKCS#8 keys use it:
// PKCS#12 PBE (RFC 7292 appendix C), PKCS#5 PBES1 and PBES2 (RFC 8018)
// with PBKDF2 or scrypt. Botan does the hashing, key derivation and
// ciphers; this file maps AlgorithmIdentifiers onto them.
#pragma once

#include "pkitool/der/reader.hpp"
#include "pkitool/der/writer.hpp"
#include "pkitool/pkcs12/kdf.hpp"

#include <botan/rng.h>
#include <botan/secmem.h>

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace pkitool::pkcs12 {

// Bounds on the work a file may ask for, against hostile input.
struct Limits {
    // PBKDF2/PKCS#12 KDF iterations, and scrypt's N.
    std::size_t max_iterations = 10'000'000;
    // Nested safeContentsBags.
    std::size_t max_depth = 8;
    // Bags in the whole file.
    std::size_t max_bags = 100'000;
    // scrypt's memory, 128 * N * r bytes.
    std::size_t max_scrypt_bytes = std::size_t{1} << 30;
};

// Refuses an iteration count above the limit, naming `what` (a MAC, a key).
// Throws InputError.
void check_iterations(const Botan::BigInt& iterations, const Limits& limits, const std::string& what);

// Decrypts `ciphertext` under the encryption AlgorithmIdentifier
// `algorithm` with `password`. Throws InputError for a malformed or
// unsupported scheme (naming its OID), PasswordError when the result does
// not decrypt (wrong password or corrupted data).
Botan::secure_vector<std::uint8_t> decrypt(const der::Element& algorithm, std::span<const std::uint8_t> ciphertext,
    const Password& password, const Limits& limits);

// Decrypts a PKCS#8 EncryptedPrivateKeyInfo (a shrouded key) and checks
// that the result has the shape of a PrivateKeyInfo. Throws PasswordError
// ("wrong password or corrupted key") when it does not decrypt to one,
// InputError for a malformed or unsupported scheme.
Botan::secure_vector<std::uint8_t> decrypt_private_key_info(
    std::span<const std::uint8_t> encrypted_private_key_info, const Password& password, const Limits& limits);

// Decrypts the body of an OpenSSL traditional encrypted PEM block
// ("Proc-Type: 4,ENCRYPTED" with "DEK-Info: AES-256-CBC,<IV in hex>"): the
// key is OpenSSL's EVP_BytesToKey with MD5, one round, and the first eight
// octets of the IV as salt. Returns the DER of the key inside (PKCS#1,
// SEC1 or DSA, by the block's label). Throws InputError for a malformed
// DEK-Info or a cipher pkitool does not know, PasswordError when the
// padding does not come out (wrong password).
Botan::secure_vector<std::uint8_t> decrypt_traditional_pem(
    std::string_view dek_info, std::span<const std::uint8_t> ciphertext, const util::SecretString& password);

// The schemes pkitool writes.
enum class Scheme {
    aes_128_cbc, // PBES2, PBKDF2-HMAC-SHA256
    aes_192_cbc,
    aes_256_cbc,
    des_ede3_cbc, // PBES2 with 3DES (PBKDF2-HMAC-SHA256)
    pbe_sha1_3des, // PKCS#12 PBE
    pbe_sha1_2des,
    pbe_sha1_rc2_128,
    pbe_sha1_rc2_40,
    pbe_sha1_rc4_128,
    pbe_sha1_rc4_40,
};

// The command-line name ("AES-256-CBC", "PBE-SHA1-3DES", like OpenSSL's
// -keypbe names) and back; scheme_from_name throws UsageError listing the
// names.
std::string_view scheme_name(Scheme scheme);
Scheme scheme_from_name(std::string_view name);
// Why a scheme is weak, or "" when it is not.
std::string_view scheme_weakness(Scheme scheme);

struct Encrypted {
    der::Bytes algorithm; // the AlgorithmIdentifier
    der::Bytes ciphertext;
};

// Encrypts with a fresh salt (and IV) from `rng`.
Encrypted encrypt(Scheme scheme, std::size_t iterations, std::span<const std::uint8_t> plaintext,
    const Password& password, Botan::RandomNumberGenerator& rng);

// "PBES2: PBKDF2 (hmacWithSHA256, 2048 iterations), AES-256-CBC" for an
// encryption AlgorithmIdentifier; PKCS#12 and PKCS#5 v1 schemes too.
std::string describe(const der::Element& algorithm);
// "PBKDF2 (hmacWithSHA256, 2048 iterations)" for a KDF AlgorithmIdentifier.
std::string describe_kdf(const der::Element& kdf);

// The key from a PBKDF2 or scrypt AlgorithmIdentifier (PBES2, PBMAC1).
// `default_length` applies when the parameters carry no keyLength; without
// one either, InputError. Throws InputError for unsupported or over-limit
// parameters.
Botan::secure_vector<std::uint8_t> derive_kdf_key(
    const der::Element& kdf, std::optional<std::size_t> default_length, const Password& password, const Limits& limits);

// The Botan hash for a digest or HMAC AlgorithmIdentifier OID ("SHA-256"
// for sha256 or hmacWithSHA256), or "" when pkitool knows none.
std::string hash_for_oid(std::string_view oid);

// PBKDF2 with HMAC-`hash`. Throws InputError when Botan lacks the hash.
Botan::secure_vector<std::uint8_t> pbkdf2(const std::string& hash, std::span<const std::uint8_t> password,
    std::span<const std::uint8_t> salt, std::size_t iterations, std::size_t length);

} // namespace pkitool::pkcs12
