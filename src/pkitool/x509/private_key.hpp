// What a private key file holds: its format, algorithm and size, and for
// an encrypted one how it is protected. The secret itself never leaves the
// secure buffers it is decoded in, and nothing here prints it.
#pragma once

#include "pkitool/der/reader.hpp"
#include "pkitool/util/password.hpp"
#include "pkitool/x509/public_key.hpp"

#include <botan/pk_keys.h>
#include <botan/rng.h>
#include <botan/secmem.h>

#include <cstddef>
#include <memory>
#include <span>
#include <string>

namespace pkitool::x509 {

enum class KeyFormat {
    pkcs8, // PRIVATE KEY
    pkcs8_encrypted, // ENCRYPTED PRIVATE KEY
    pkcs1_rsa, // RSA PRIVATE KEY
    sec1_ec, // EC PRIVATE KEY
    dsa_traditional, // DSA PRIVATE KEY: OpenSSL's SEQUENCE { 0, p, q, g, y, x }
};

std::string_view key_format_name(KeyFormat format);

struct PrivateKeyInfo {
    KeyFormat format = KeyFormat::pkcs8;
    bool encrypted = false;
    // Empty while the key is encrypted and no password was given.
    std::string algorithm; // "RSA", "EC", "Ed25519", ...
    std::size_t bits = 0;
    std::string curve;
    // For encrypted keys: "PBES2: PBKDF2 (hmacWithSHA256, 2048 iterations), AES-256-CBC".
    std::string encryption;
    // The public half, when the key could be read (empty spki otherwise).
    PublicKey public_key;
    // "Proc-Type: 4,ENCRYPTED" PEM (OpenSSL's traditional format): the
    // cipher named in its DEK-Info header.
    std::string legacy_pem_cipher;

    // "RSA 2048", "EC P-256", or "unknown (encrypted)"
    std::string description() const;
};

// Each throws InputError on a malformed structure.
PrivateKeyInfo describe_pkcs8(std::span<const std::uint8_t> der);
PrivateKeyInfo describe_encrypted_pkcs8(std::span<const std::uint8_t> der);
PrivateKeyInfo describe_pkcs1_rsa(std::span<const std::uint8_t> der);
PrivateKeyInfo describe_sec1_ec(std::span<const std::uint8_t> der);
PrivateKeyInfo describe_dsa_traditional(std::span<const std::uint8_t> der);

// Describes the key in `der` (PKCS#8, PKCS#1, SEC1 or traditional DSA as
// `format` says). Throws InputError when it is not of that format.
PrivateKeyInfo describe_key(KeyFormat format, std::span<const std::uint8_t> der);

// Decrypts an EncryptedPrivateKeyInfo (PBES2, PBES1 or PKCS#12 PBE) and
// describes the key inside. Throws PasswordError on a wrong password,
// InputError for an unsupported or malformed scheme.
PrivateKeyInfo decrypt_and_describe_pkcs8(std::span<const std::uint8_t> der, const util::SecretString& password);

// The PrivateKeyInfo a PKCS#1 RSA, SEC1 EC or traditional DSA key stands for (a PKCS#8 key
// as it is). Throws InputError for an encrypted format or an EC key
// without a named curve.
Botan::secure_vector<std::uint8_t> to_pkcs8(KeyFormat format, std::span<const std::uint8_t> der);

// A plain PrivateKeyInfo as a Botan key, to sign or re-encrypt with.
// Throws InputError "WHERE: the private key cannot be read: ...".
std::unique_ptr<Botan::Private_Key> load_pkcs8_key(std::span<const std::uint8_t> pkcs8, const std::string& where);

// PKCS#8 PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC) PEM, or plain PKCS#8 PEM
// when `password` is null: how pkitool writes every private key.
util::SecretString key_pem(
    const Botan::Private_Key& key, const util::SecretString* password, Botan::RandomNumberGenerator& rng);

// PBKDF2 iterations for written keys.
inline constexpr std::size_t k_key_pbkdf2_iterations = 600000;

} // namespace pkitool::x509
