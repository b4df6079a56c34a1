// Reading PKCS#12 (PFX, RFC 7292): the outer structure, the integrity MAC
// (the PKCS#12 KDF HMAC or PBMAC1, RFC 9579), the authenticated safe's
// contents (plain or password-encrypted), and the bags inside them.
#pragma once

#include "pkitool/der/writer.hpp"
#include "pkitool/pkcs12/kdf.hpp"
#include "pkitool/pkcs12/pbe.hpp"

#include <botan/secmem.h>

#include <optional>
#include <span>
#include <string>
#include <vector>

namespace pkitool::pkcs12 {

enum class BagType { key, shrouded_key, certificate, crl, secret, unknown };

// "keyBag", "certBag", ... as RFC 7292 names them.
std::string_view bag_type_name(BagType type);

struct Attribute {
    std::string oid;
    std::vector<der::Bytes> values; // each value's DER, as found
};

struct Bag {
    BagType type = BagType::unknown;
    std::string type_oid;
    // Which authenticated-safe content it came from (from 0), and how many
    // safeContentsBags it sits in.
    std::size_t content = 0;
    std::size_t depth = 0;
    std::optional<std::string> friendly_name;
    der::Bytes local_key_id;
    // Every attribute as found, friendlyName and localKeyId included.
    std::vector<Attribute> attributes;
    // certId, crlId or secretTypeId.
    std::string value_type_oid;
    // A certificate's or CRL's DER, a shrouded key's EncryptedPrivateKeyInfo,
    // or the DER of a bag pkitool does not know.
    der::Bytes value;
    // The PrivateKeyInfo of a keyBag or of a decrypted shrouded key, or a
    // secretBag's value: secrets stay in secure memory.
    Botan::secure_vector<std::uint8_t> secret;
    // How a shrouded key is encrypted ("PBES2: PBKDF2 (...), AES-256-CBC").
    std::string encryption;
};

enum class MacKind { none, hmac, pbmac1 };

struct MacInfo {
    MacKind kind = MacKind::none;
    // "HMAC-SHA256, PKCS#12 KDF, 2048 iterations, 8-byte salt"
    std::string description;
    std::string hash; // Botan's name of the MAC hash
    std::size_t iterations = 0;
};

enum class ContentKind { data, encrypted_data, enveloped_data, other };

struct ContentSummary {
    ContentKind kind = ContentKind::data;
    std::string type_oid;
    std::string encryption; // for encrypted data: the scheme
    std::size_t bags = 0;
};

// Which password opened the file.
// given_openssl1: a non-ASCII password that opened the file only encoded as
// OpenSSL 1.0.x did, each octet of its UTF-8 as one BMP character.
enum class PasswordUsed { none, absent, empty, given, given_openssl1 };

struct Contents {
    bool der = true; // false when the file uses BER (indefinite lengths, ...)
    MacInfo mac;
    PasswordUsed password = PasswordUsed::none;
    // With PasswordUsed::given: which of read()'s candidates it was
    // (candidates.size() for the asked one).
    std::size_t candidate = 0;
    std::vector<ContentSummary> contents;
    std::vector<Bag> bags;
    // Things worth saying: a missing MAC, contents pkitool cannot decrypt.
    std::vector<std::string> notes;
};

// The parsed outer structure, before any password is used.
class Pfx {
public:
    // Throws InputError for anything that is not a well-formed PFX v3 in
    // password-integrity mode, or that exceeds `limits`.
    static Pfx parse(std::span<const std::uint8_t> data, const Limits& limits);

    const MacInfo& mac() const { return m_mac; }
    // True when the MAC, encrypted contents or shrouded keys need a password.
    bool needs_password() const;
    // Checks the MAC with `password`. Throws InputError for an unsupported
    // or over-limit MAC; returns false when it does not match.
    bool verify_mac(const Password& password) const;
    // Decrypts and reads every content and bag with `password`. Throws
    // PasswordError when decryption fails, InputError when malformed.
    Contents open(const Password& password) const;

private:
    Pfx() = default;

    Limits m_limits;
    bool m_der = true;
    der::Bytes m_auth_safe; // the octets the MAC covers
    MacInfo m_mac;
    der::Bytes m_mac_algorithm; // DigestInfo.digestAlgorithm
    der::Bytes m_mac_value;
    der::Bytes m_mac_salt;
    struct RawContent {
        ContentKind kind;
        std::string type_oid;
        der::Bytes payload; // SafeContents (data), ciphertext (encrypted data)
        der::Bytes algorithm; // encryption AlgorithmIdentifier
    };
    std::vector<RawContent> m_contents;
};

// Parses `data` and opens it with the first password that works, trying
// in order: none needed, the absent and the empty password, each of
// `candidates`, then `ask` (once). With a MAC the password is chosen by the
// MAC before anything is decrypted. Throws PasswordError ("wrong password
// or corrupted file") when none works, and when a password is needed and
// none can be had.
Contents read(std::span<const std::uint8_t> data, const std::vector<util::SecretString>& candidates,
    const util::PasswordSource& ask, const std::string& what, const Limits& limits);

} // namespace pkitool::pkcs12
