#include "pkitool/pkcs12/pbe.hpp"

#include "pkitool/botan_compat.hpp"
#include "pkitool/der/oids.hpp"
#include "pkitool/error.hpp"
#include "pkitool/pkcs12/rc2.hpp"

#include <botan/exceptn.h>
#include <botan/hash.h>
#include <botan/hex.h>
#include <botan/pwdhash.h>
#include <botan/stream_cipher.h>

#include <array>
#include <optional>

namespace pkitool::pkcs12 {

namespace {

// Digest and HMAC OIDs to Botan's hash names.
struct HashOid {
    std::string_view oid;
    std::string_view hash;
};

constexpr std::array k_hashes = {
    HashOid{"1.3.14.3.2.26", "SHA-1"},
    HashOid{"1.2.840.113549.2.7", "SHA-1"},
    HashOid{"2.16.840.1.101.3.4.2.4", "SHA-224"},
    HashOid{"1.2.840.113549.2.8", "SHA-224"},
    HashOid{"2.16.840.1.101.3.4.2.1", "SHA-256"},
    HashOid{"1.2.840.113549.2.9", "SHA-256"},
    HashOid{"2.16.840.1.101.3.4.2.2", "SHA-384"},
    HashOid{"1.2.840.113549.2.10", "SHA-384"},
    HashOid{"2.16.840.1.101.3.4.2.3", "SHA-512"},
    HashOid{"1.2.840.113549.2.11", "SHA-512"},
    HashOid{"2.16.840.1.101.3.4.2.5", "SHA-512-224"},
    HashOid{"1.2.840.113549.2.12", "SHA-512-224"},
    HashOid{"2.16.840.1.101.3.4.2.6", "SHA-512-256"},
    HashOid{"1.2.840.113549.2.13", "SHA-512-256"},
    HashOid{"2.16.840.1.101.3.4.2.7", "SHA-3(224)"},
    HashOid{"2.16.840.1.101.3.4.2.13", "SHA-3(224)"},
    HashOid{"2.16.840.1.101.3.4.2.8", "SHA-3(256)"},
    HashOid{"2.16.840.1.101.3.4.2.14", "SHA-3(256)"},
    HashOid{"2.16.840.1.101.3.4.2.9", "SHA-3(384)"},
    HashOid{"2.16.840.1.101.3.4.2.15", "SHA-3(384)"},
    HashOid{"2.16.840.1.101.3.4.2.10", "SHA-3(512)"},
    HashOid{"2.16.840.1.101.3.4.2.16", "SHA-3(512)"},
    HashOid{"1.2.840.113549.2.5", "MD5"},
    HashOid{"1.2.840.113549.2.6", "MD5"},
    HashOid{"1.3.6.1.5.5.8.1.1", "MD5"},
    HashOid{"1.2.840.113549.2.2", "MD2"},
    HashOid{"1.2.840.113549.2.4", "MD4"},
};

// How a CBC cipher's AlgorithmIdentifier carries its IV.
enum class IvForm {
    octet_string, // the parameters are the IV
    rc2, // SEQUENCE { rc2ParameterVersion INTEGER OPTIONAL, iv OCTET STRING }
    cast5, // SEQUENCE { iv OCTET STRING DEFAULT 0, keyLength INTEGER }, or the IV alone
    idea, // SEQUENCE { iv OCTET STRING OPTIONAL }, or the IV alone
};

struct CbcCipher {
    std::string_view oid;
    std::string_view botan; // Botan's block cipher name; "RC2" is pkitool's
    std::size_t key_length;
    IvForm iv_form = IvForm::octet_string;
};

constexpr std::array k_ciphers = {
    CbcCipher{"2.16.840.1.101.3.4.1.2", "AES-128", 16},
    CbcCipher{"2.16.840.1.101.3.4.1.22", "AES-192", 24},
    CbcCipher{"2.16.840.1.101.3.4.1.42", "AES-256", 32},
    CbcCipher{"1.2.840.113549.3.7", "TripleDES", 24},
    CbcCipher{"1.3.14.3.2.7", "DES", 8},
    CbcCipher{"1.2.840.113549.3.2", "RC2", 16, IvForm::rc2},
    CbcCipher{"1.2.392.200011.61.1.1.1.2", "Camellia-128", 16},
    CbcCipher{"1.2.392.200011.61.1.1.1.3", "Camellia-192", 24},
    CbcCipher{"1.2.392.200011.61.1.1.1.4", "Camellia-256", 32},
    CbcCipher{"1.2.410.200046.1.1.2", "ARIA-128", 16},
    CbcCipher{"1.2.410.200046.1.1.7", "ARIA-192", 24},
    CbcCipher{"1.2.410.200046.1.1.12", "ARIA-256", 32},
    CbcCipher{"1.2.410.200004.1.4", "SEED", 16},
    CbcCipher{"1.2.840.113533.7.66.10", "CAST-128", 16, IvForm::cast5},
    CbcCipher{"1.3.6.1.4.1.3029.1.2", "Blowfish", 16},
    CbcCipher{"1.3.6.1.4.1.188.7.1.1.2", "IDEA", 16, IvForm::idea},
    CbcCipher{"1.2.156.10197.1.104.2", "SM4", 16},
};

// PKCS#12 PBE (RFC 7292 appendix C) and PKCS#5 PBES1 schemes.
enum class Kdf { pkcs12_sha1, pbkdf1_md2, pbkdf1_md5, pbkdf1_sha1 };

struct LegacyScheme {
    std::string_view oid;
    Kdf kdf;
    std::string_view cipher; // Botan block cipher, "RC2" or "RC4"
    std::size_t key_length;
    std::size_t rc2_bits = 0;
};

constexpr std::array k_legacy = {
    LegacyScheme{"1.2.840.113549.1.12.1.1", Kdf::pkcs12_sha1, "RC4", 16},
    LegacyScheme{"1.2.840.113549.1.12.1.2", Kdf::pkcs12_sha1, "RC4", 5},
    LegacyScheme{"1.2.840.113549.1.12.1.3", Kdf::pkcs12_sha1, "TripleDES", 24},
    LegacyScheme{"1.2.840.113549.1.12.1.4", Kdf::pkcs12_sha1, "TripleDES", 16},
    LegacyScheme{"1.2.840.113549.1.12.1.5", Kdf::pkcs12_sha1, "RC2", 16, 128},
    LegacyScheme{"1.2.840.113549.1.12.1.6", Kdf::pkcs12_sha1, "RC2", 5, 40},
    LegacyScheme{"1.2.840.113549.1.5.1", Kdf::pbkdf1_md2, "DES", 8},
    LegacyScheme{"1.2.840.113549.1.5.3", Kdf::pbkdf1_md5, "DES", 8},
    LegacyScheme{"1.2.840.113549.1.5.4", Kdf::pbkdf1_md2, "RC2", 8, 64},
    LegacyScheme{"1.2.840.113549.1.5.6", Kdf::pbkdf1_md5, "RC2", 8, 64},
    LegacyScheme{"1.2.840.113549.1.5.10", Kdf::pbkdf1_sha1, "DES", 8},
    LegacyScheme{"1.2.840.113549.1.5.11", Kdf::pbkdf1_sha1, "RC2", 8, 64},
};

template <typename Table> auto find_oid(const Table& table, std::string_view oid) -> const typename Table::value_type*
{
    for (const auto& entry : table) {
        if (entry.oid == oid) {
            return &entry;
        }
    }
    return nullptr;
}

[[noreturn]] void unsupported(const std::string& what, const std::string& oid)
{
    const std::string name = der::oid_name(oid);
    throw InputError(what + " " + (name == oid ? oid : name + " (" + oid + ")") + " is not supported");
}

std::size_t to_size(const Botan::BigInt& n, const std::string& what)
{
    if (n.bits() > 32) {
        throw InputError(what + " is absurdly large (" + n.to_dec_string() + ")");
    }
    return compat::to_u32(n);
}

[[noreturn]] void wrong_password()
{
    throw PasswordError("wrong password or corrupted file");
}

// CBC decryption or encryption with a block cipher named as in the tables.
Botan::secure_vector<std::uint8_t> run_cbc(std::string_view cipher, std::size_t rc2_bits,
    std::span<const std::uint8_t> key, std::span<const std::uint8_t> iv, std::span<const std::uint8_t> data,
    bool encrypt)
{
    try {
        if (cipher == "RC2") {
            return compat::cbc_with(std::make_unique<Rc2>(rc2_bits), key, iv, data, encrypt);
        }
        auto mode = compat::cipher_mode(std::string(cipher) + "/CBC/PKCS7", encrypt);
        if (!mode) {
            throw InputError("this build's Botan has no " + std::string(cipher) + " cipher");
        }
        mode->set_key(key.data(), key.size());
        mode->start(iv.data(), iv.size());
        Botan::secure_vector<std::uint8_t> buffer(data.begin(), data.end());
        mode->finish(buffer);
        return buffer;
    } catch (const Botan::Exception&) {
        if (encrypt) {
            throw;
        }
        wrong_password();
    }
}

Botan::secure_vector<std::uint8_t> run_rc4(std::span<const std::uint8_t> key, std::span<const std::uint8_t> data)
{
    auto rc4 = Botan::StreamCipher::create("RC4");
    if (!rc4) {
        throw InputError("this build's Botan has no RC4 cipher");
    }
    rc4->set_key(key.data(), key.size());
    Botan::secure_vector<std::uint8_t> buffer(data.begin(), data.end());
    rc4->cipher1(buffer.data(), buffer.size());
    return buffer;
}

// PBKDF1 (RFC 8018 section 5.1): Hash^c(P || S). Botan 3 no longer has it.
Botan::secure_vector<std::uint8_t> pbkdf1(const std::string& hash_name, std::span<const std::uint8_t> password,
    std::span<const std::uint8_t> salt, std::size_t iterations)
{
    auto hash = Botan::HashFunction::create(hash_name);
    if (!hash) {
        throw InputError("PBES1 with " + hash_name + " is not supported by this build's Botan");
    }
    hash->update(password.data(), password.size());
    hash->update(salt.data(), salt.size());
    Botan::secure_vector<std::uint8_t> out = hash->final();
    for (std::size_t i = 1; i < iterations; ++i) {
        hash->update(out);
        hash->final(out.data());
    }
    return out;
}

struct SaltIterations {
    std::vector<std::uint8_t> salt;
    std::size_t iterations = 0;
};

// PKCS#12 PBE and PBES1 parameters: SEQUENCE { salt OCTET STRING, iterations INTEGER }.
SaltIterations read_salt_iterations(der::Reader& r, const Limits& limits, const std::string& what)
{
    auto params = r.next(der::tag::sequence, "parameters").children();
    SaltIterations out;
    out.salt = params.next(der::tag::octet_string, "salt").contents();
    const auto iterations = params.next(der::tag::integer, "iterations").integer();
    check_iterations(iterations, limits, what);
    out.iterations = to_size(iterations, "the iteration count");
    return out;
}

Botan::secure_vector<std::uint8_t> decrypt_legacy(const LegacyScheme& scheme, der::Reader& r,
    std::span<const std::uint8_t> ciphertext, const Password& password, const Limits& limits)
{
    const auto p = read_salt_iterations(r, limits, "the encryption");
    Botan::secure_vector<std::uint8_t> key;
    Botan::secure_vector<std::uint8_t> iv;
    if (scheme.kdf == Kdf::pkcs12_sha1) {
        const auto pw = bmp_password(password);
        key = derive("SHA-1", KdfPurpose::key, pw, p.salt, p.iterations, scheme.key_length);
        if (scheme.cipher == "RC4") {
            return run_rc4(key, ciphertext);
        }
        iv = derive("SHA-1", KdfPurpose::iv, pw, p.salt, p.iterations, 8);
        if (scheme.key_length == 16 && scheme.cipher == "TripleDES") {
            // Two-key triple DES: K1 K2 K1.
            key.insert(key.end(), key.begin(), key.begin() + 8);
        }
    } else {
        const std::string hash = scheme.kdf == Kdf::pbkdf1_md2 ? "MD2"
            : scheme.kdf == Kdf::pbkdf1_md5                    ? "MD5"
                                                               : "SHA-1";
        const auto dk = pbkdf1(hash, utf8_password(password), p.salt, p.iterations);
        key.assign(dk.begin(), dk.begin() + 8);
        iv.assign(dk.begin() + 8, dk.begin() + 16);
    }
    return run_cbc(scheme.cipher, scheme.rc2_bits, key, iv, ciphertext, false);
}

// RFC 8018's rc2ParameterVersion to effective key bits (and back).
std::size_t rc2_bits_from_version(std::size_t version)
{
    switch (version) {
    case 160: return 40;
    case 120: return 64;
    case 58: return 128;
    default: return version >= 256 ? version : 0;
    }
}

struct CipherParams {
    std::vector<std::uint8_t> iv;
    std::size_t rc2_bits = 32; // RFC 2268's default when the version is absent
    std::optional<std::size_t> key_length;
};

CipherParams read_cipher_params(const CbcCipher& cipher, der::Reader& r)
{
    CipherParams out;
    const auto params = r.next("parameters");
    switch (cipher.iv_form) {
    case IvForm::octet_string:
        if (!params.is_universal(der::tag::octet_string)) {
            throw InputError(params.path() + ": expected the IV as an OCTET STRING, found " + params.tag_name());
        }
        out.iv = params.contents();
        break;
    case IvForm::rc2: {
        auto p = params.children();
        if (auto version = p.next_if_universal(der::tag::integer, "rc2ParameterVersion")) {
            const auto v = to_size(version->integer(), "rc2ParameterVersion");
            out.rc2_bits = rc2_bits_from_version(v);
            if (out.rc2_bits == 0) {
                throw InputError("RC2 parameter version " + std::to_string(v) + " is not defined");
            }
        }
        out.iv = p.next(der::tag::octet_string, "iv").contents();
        break;
    }
    case IvForm::cast5:
    case IvForm::idea: {
        // RFC 2144 and the IDEA OID define a SEQUENCE; OpenSSL writes the IV alone.
        if (params.is_universal(der::tag::octet_string)) {
            out.iv = params.contents();
            break;
        }
        auto p = params.children();
        if (auto iv = p.next_if_universal(der::tag::octet_string, "iv")) {
            out.iv = iv->contents();
        } else {
            out.iv.assign(8, 0);
        }
        if (cipher.iv_form == IvForm::cast5) {
            if (auto bits = p.next_if_universal(der::tag::integer, "keyLength")) {
                out.key_length = to_size(bits->integer(), "keyLength") / 8;
            }
        }
        break;
    }
    }
    return out;
}

} // namespace

Botan::secure_vector<std::uint8_t> derive_kdf_key(
    const der::Element& kdf, std::optional<std::size_t> default_length, const Password& password, const Limits& limits)
{
    auto r = kdf.children();
    const auto oid = r.next("algorithm").oid();
    if (oid == der::oid::pbkdf2) {
        auto params = r.next(der::tag::sequence, "PBKDF2-params").children();
        const auto salt = params.next("salt");
        if (!salt.is_universal(der::tag::octet_string)) {
            throw InputError("PBKDF2 with a salt from another source (otherSource) is not supported");
        }
        const auto iterations = params.next(der::tag::integer, "iterationCount").integer();
        check_iterations(iterations, limits, "the key derivation");
        std::optional<std::size_t> length = default_length;
        if (auto key_length = params.next_if_universal(der::tag::integer, "keyLength")) {
            length = to_size(key_length->integer(), "keyLength");
        }
        std::string hash = "SHA-1";
        if (auto prf = params.next_if_universal(der::tag::sequence, "prf")) {
            const auto prf_oid = prf->children().next("algorithm").oid();
            hash = hash_for_oid(prf_oid);
            if (hash.empty()) {
                unsupported("the PBKDF2 PRF", prf_oid);
            }
        }
        if (!length || *length == 0 || *length > 256) {
            throw InputError(
                "PBKDF2 key length " + (length ? std::to_string(*length) : "(missing)") + " is not usable");
        }
        return pbkdf2(hash, utf8_password(password), salt.contents(), to_size(iterations, "iterations"), *length);
    }
    if (oid == der::oid::scrypt) {
        auto params = r.next(der::tag::sequence, "scrypt-params").children();
        const auto salt = params.next(der::tag::octet_string, "salt").contents();
        const auto n = params.next(der::tag::integer, "costParameter").integer();
        const auto block = params.next(der::tag::integer, "blockSize").integer();
        const auto par = params.next(der::tag::integer, "parallelizationParameter").integer();
        check_iterations(n, limits, "the scrypt key derivation (N)");
        const std::size_t n_value = to_size(n, "costParameter");
        const std::size_t r_value = to_size(block, "blockSize");
        const std::size_t p_value = to_size(par, "parallelizationParameter");
        if (r_value == 0 || p_value == 0 || r_value > 1024 || p_value > 1024
            || 128 * n_value * r_value > limits.max_scrypt_bytes) {
            throw InputError("scrypt parameters N=" + std::to_string(n_value) + ", r=" + std::to_string(r_value)
                + ", p=" + std::to_string(p_value) + " ask for more work or memory than allowed");
        }
        std::optional<std::size_t> length = default_length;
        if (auto key_length = params.next_if_universal(der::tag::integer, "keyLength")) {
            length = to_size(key_length->integer(), "keyLength");
        }
        if (!length || *length == 0 || *length > 256) {
            throw InputError(
                "scrypt key length " + (length ? std::to_string(*length) : "(missing)") + " is not usable");
        }
        auto family = Botan::PasswordHashFamily::create("Scrypt");
        if (!family) {
            throw InputError("this build's Botan has no scrypt");
        }
        const auto hasher = family->from_params(n_value, r_value, p_value);
        const auto pw = utf8_password(password);
        Botan::secure_vector<std::uint8_t> key(*length);
        hasher->derive_key(
            key.data(), key.size(), reinterpret_cast<const char*>(pw.data()), pw.size(), salt.data(), salt.size());
        return key;
    }
    unsupported("the key derivation function", oid);
}

namespace {

Botan::secure_vector<std::uint8_t> decrypt_pbes2(
    der::Reader& r, std::span<const std::uint8_t> ciphertext, const Password& password, const Limits& limits)
{
    auto params = r.next(der::tag::sequence, "PBES2-params").children();
    const auto kdf = params.next(der::tag::sequence, "keyDerivationFunc");
    auto scheme = params.next(der::tag::sequence, "encryptionScheme").children();
    const auto cipher_oid = scheme.next("algorithm").oid();
    const auto* cipher = find_oid(k_ciphers, cipher_oid);
    if (cipher == nullptr) {
        unsupported("the PBES2 cipher", cipher_oid);
    }
    const auto cp = read_cipher_params(*cipher, scheme);
    const auto key = derive_kdf_key(kdf, cp.key_length.value_or(cipher->key_length), password, limits);
    return run_cbc(cipher->botan, cp.rc2_bits, key, cp.iv, ciphertext, false);
}

// What pkitool writes for each Scheme.
struct WriteScheme {
    Scheme scheme;
    std::string_view name;
    std::string_view oid; // the cipher (PBES2) or the PKCS#12 PBE scheme
    bool pbes2;
    std::string_view weakness;
};

constexpr std::array k_write = {
    WriteScheme{Scheme::aes_128_cbc, "AES-128-CBC", "2.16.840.1.101.3.4.1.2", true, ""},
    WriteScheme{Scheme::aes_192_cbc, "AES-192-CBC", "2.16.840.1.101.3.4.1.22", true, ""},
    WriteScheme{Scheme::aes_256_cbc, "AES-256-CBC", "2.16.840.1.101.3.4.1.42", true, ""},
    WriteScheme{Scheme::des_ede3_cbc, "DES-EDE3-CBC", "1.2.840.113549.3.7", true, "triple DES has a 64-bit block"},
    WriteScheme{Scheme::pbe_sha1_3des, "PBE-SHA1-3DES", "1.2.840.113549.1.12.1.3", false,
        "SHA-1 key derivation and triple DES (64-bit block)"},
    WriteScheme{Scheme::pbe_sha1_2des, "PBE-SHA1-2DES", "1.2.840.113549.1.12.1.4", false,
        "two-key triple DES gives about 80 bits of security"},
    WriteScheme{
        Scheme::pbe_sha1_rc2_128, "PBE-SHA1-RC2-128", "1.2.840.113549.1.12.1.5", false, "RC2 is an obsolete cipher"},
    WriteScheme{Scheme::pbe_sha1_rc2_40, "PBE-SHA1-RC2-40", "1.2.840.113549.1.12.1.6", false,
        "a 40-bit key is broken by brute force in hours"},
    WriteScheme{Scheme::pbe_sha1_rc4_128, "PBE-SHA1-RC4-128", "1.2.840.113549.1.12.1.1", false,
        "RC4 is broken (biased key stream)"},
    WriteScheme{Scheme::pbe_sha1_rc4_40, "PBE-SHA1-RC4-40", "1.2.840.113549.1.12.1.2", false,
        "RC4 is broken and a 40-bit key falls to brute force"},
};

const WriteScheme& write_scheme(Scheme scheme)
{
    for (const auto& w : k_write) {
        if (w.scheme == scheme) {
            return w;
        }
    }
    throw InternalError("unknown PKCS#12 scheme");
}

der::Bytes to_bytes(std::span<const std::uint8_t> data)
{
    return {data.begin(), data.end()};
}

} // namespace

std::string describe_kdf(const der::Element& kdf)
{
    auto r = kdf.children();
    const auto oid = r.next("algorithm").oid();
    if (oid == der::oid::pbkdf2) {
        auto params = r.next(der::tag::sequence, "PBKDF2-params").children();
        params.next("salt");
        const auto iterations = params.next(der::tag::integer, "iterationCount").integer();
        params.next_if_universal(der::tag::integer, "keyLength");
        std::string prf = "hmacWithSHA1";
        if (auto prf_alg = params.next_if_universal(der::tag::sequence, "prf")) {
            prf = der::oid_name(prf_alg->children().next("algorithm").oid());
        }
        return "PBKDF2 (" + prf + ", " + iterations.to_dec_string() + " iterations)";
    }
    if (oid == der::oid::scrypt) {
        auto params = r.next(der::tag::sequence, "scrypt-params").children();
        params.next(der::tag::octet_string, "salt");
        const auto n = params.next(der::tag::integer, "costParameter").integer();
        const auto block = params.next(der::tag::integer, "blockSize").integer();
        const auto par = params.next(der::tag::integer, "parallelizationParameter").integer();
        return "scrypt (N=" + n.to_dec_string() + ", r=" + block.to_dec_string() + ", p=" + par.to_dec_string() + ")";
    }
    return der::oid_name(oid);
}

std::string describe(const der::Element& algorithm)
{
    auto r = algorithm.children();
    const auto oid = r.next("algorithm").oid();
    if (oid == der::oid::pbes2) {
        auto params = r.next(der::tag::sequence, "PBES2-params").children();
        const auto kdf = params.next(der::tag::sequence, "keyDerivationFunc");
        const auto scheme = params.next(der::tag::sequence, "encryptionScheme");
        const auto cipher = scheme.children().next("algorithm").oid();
        return "PBES2: " + describe_kdf(kdf) + ", " + der::oid_name(cipher);
    }
    // PKCS#12 and PKCS#5 v1 schemes: SEQUENCE { salt OCTET STRING, iterations INTEGER }.
    if (r.more()) {
        const auto params = r.next("parameters");
        if (params.is_universal(der::tag::sequence)) {
            auto p = params.children();
            if (p.next_if_universal(der::tag::octet_string, "salt")) {
                if (auto iterations = p.next_if_universal(der::tag::integer, "iterations")) {
                    return der::oid_name(oid) + " (" + iterations->integer().to_dec_string() + " iterations)";
                }
            }
        }
    }
    return der::oid_name(oid);
}

std::string hash_for_oid(std::string_view oid)
{
    const auto* entry = find_oid(k_hashes, oid);
    return entry == nullptr ? std::string() : std::string(entry->hash);
}

void check_iterations(const Botan::BigInt& iterations, const Limits& limits, const std::string& what)
{
    if (iterations > Botan::BigInt(static_cast<std::uint64_t>(limits.max_iterations))) {
        throw InputError(what + " asks for " + iterations.to_dec_string() + " iterations, more than the limit of "
            + std::to_string(limits.max_iterations) + " (raise it with --max-iterations if the file is trusted)");
    }
}

namespace {

// PBKDF2 (RFC 8018 5.2) with HMAC over a hash Botan lacks (SHA-512-224):
// T_i = U_1 ^ ... ^ U_c, U_1 = PRF(P, S || INT(i)), U_j = PRF(P, U_{j-1}).
Botan::secure_vector<std::uint8_t> pbkdf2_with_own_hash(const std::string& hash, std::span<const std::uint8_t> password,
    std::span<const std::uint8_t> salt, std::size_t iterations, std::size_t length)
{
    Botan::secure_vector<std::uint8_t> out;
    for (std::uint32_t i = 1; out.size() < length; ++i) {
        Botan::secure_vector<std::uint8_t> block(salt.begin(), salt.end());
        for (int shift = 24; shift >= 0; shift -= 8) {
            block.push_back(static_cast<std::uint8_t>(i >> shift));
        }
        auto u = hmac(hash, password, block);
        auto t = u;
        for (std::size_t j = 1; j < iterations; ++j) {
            u = hmac(hash, password, u);
            for (std::size_t k = 0; k < t.size(); ++k) {
                t[k] ^= u[k];
            }
        }
        out.insert(out.end(), t.begin(), t.end());
    }
    out.resize(length);
    return out;
}

} // namespace

Botan::secure_vector<std::uint8_t> pbkdf2(const std::string& hash, std::span<const std::uint8_t> password,
    std::span<const std::uint8_t> salt, std::size_t iterations, std::size_t length)
{
    auto family = Botan::PasswordHashFamily::create("PBKDF2(" + hash + ")");
    if (!family && make_hash(hash)) {
        return pbkdf2_with_own_hash(hash, password, salt, iterations, length);
    }
    if (!family || !Botan::HashFunction::create(hash)) {
        throw InputError("PBKDF2 with " + hash + " is not supported by this build's Botan");
    }
    const auto hasher = family->from_iterations(std::max<std::size_t>(iterations, 1));
    Botan::secure_vector<std::uint8_t> key(length);
    hasher->derive_key(key.data(), key.size(), reinterpret_cast<const char*>(password.data()), password.size(),
        salt.data(), salt.size());
    return key;
}

Botan::secure_vector<std::uint8_t> decrypt(const der::Element& algorithm, std::span<const std::uint8_t> ciphertext,
    const Password& password, const Limits& limits)
{
    auto r = algorithm.children();
    const auto oid = r.next("algorithm").oid();
    if (oid == der::oid::pbes2) {
        return decrypt_pbes2(r, ciphertext, password, limits);
    }
    if (const auto* legacy = find_oid(k_legacy, oid)) {
        return decrypt_legacy(*legacy, r, ciphertext, password, limits);
    }
    unsupported("the encryption scheme", oid);
}

namespace {

// OpenSSL's EVP_BytesToKey with one round: D_i = MD5(D_{i-1} || P || S),
// concatenated until there are `length` octets.
Botan::secure_vector<std::uint8_t> bytes_to_key(
    std::span<const std::uint8_t> password, std::span<const std::uint8_t> salt, std::size_t length)
{
    auto md5 = Botan::HashFunction::create("MD5");
    if (!md5) {
        throw InputError("OpenSSL's traditional PEM encryption needs MD5, which this build's Botan lacks");
    }
    Botan::secure_vector<std::uint8_t> out;
    Botan::secure_vector<std::uint8_t> block;
    while (out.size() < length) {
        md5->update(block);
        md5->update(password.data(), password.size());
        md5->update(salt.data(), salt.size());
        block = md5->final();
        out.insert(out.end(), block.begin(), block.end());
    }
    out.resize(length);
    return out;
}

} // namespace

Botan::secure_vector<std::uint8_t> decrypt_traditional_pem(
    std::string_view dek_info, std::span<const std::uint8_t> ciphertext, const util::SecretString& password)
{
    const auto comma = dek_info.find(',');
    const std::string name(dek_info.substr(0, comma));
    const std::string oid = der::oid_from_name(name);
    const auto* cipher = oid.empty() ? nullptr : find_oid(k_ciphers, oid);
    if (cipher == nullptr) {
        throw InputError("DEK-Info names the cipher \"" + name + "\", which pkitool does not know");
    }
    std::vector<std::uint8_t> iv;
    try {
        iv = Botan::hex_decode(
            comma == std::string_view::npos ? std::string() : std::string(dek_info.substr(comma + 1)));
    } catch (const Botan::Exception&) {
        throw InputError("DEK-Info: the IV after the cipher name is not hex");
    }
    auto probe = compat::cipher_mode(std::string(cipher->botan) + "/CBC/PKCS7", false);
    const std::size_t block = probe ? probe->default_nonce_length() : 8;
    if (iv.size() != block || iv.size() < 8) {
        throw InputError("DEK-Info: the IV is " + std::to_string(iv.size()) + " octets, " + name + " needs "
            + std::to_string(block));
    }
    const auto* pw = reinterpret_cast<const std::uint8_t*>(password.data());
    const auto key = bytes_to_key({pw, password.size()}, std::span(iv).first(8), cipher->key_length);
    return run_cbc(cipher->botan, cipher->key_length * 8, key, iv, ciphertext, false);
}

Botan::secure_vector<std::uint8_t> decrypt_private_key_info(
    std::span<const std::uint8_t> encrypted_private_key_info, const Password& password, const Limits& limits)
{
    der::Reader top(encrypted_private_key_info, "");
    auto r = top.next(der::tag::sequence, "EncryptedPrivateKeyInfo").children();
    const auto algorithm = r.next(der::tag::sequence, "encryptionAlgorithm");
    const auto data = r.next(der::tag::octet_string, "encryptedData");
    const std::string wrong = "wrong password or corrupted key";
    Botan::secure_vector<std::uint8_t> plain;
    try {
        plain = decrypt(algorithm, data.contents(), password, limits);
    } catch (const PasswordError&) {
        throw PasswordError(wrong);
    }
    // Padding can come out right by chance under a wrong password.
    try {
        der::Reader check(plain, "");
        auto info = check.next(der::tag::sequence, "PrivateKeyInfo").children();
        check.end();
        info.next(der::tag::integer, "version");
        info.next(der::tag::sequence, "privateKeyAlgorithm");
        info.next(der::tag::octet_string, "privateKey");
    } catch (const Error&) {
        throw PasswordError(wrong);
    } catch (const Botan::Exception&) {
        throw PasswordError(wrong);
    }
    return plain;
}

std::string_view scheme_name(Scheme scheme)
{
    return write_scheme(scheme).name;
}

std::string_view scheme_weakness(Scheme scheme)
{
    return write_scheme(scheme).weakness;
}

Scheme scheme_from_name(std::string_view name)
{
    std::string upper(name);
    for (auto& c : upper) {
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    std::string names;
    for (const auto& w : k_write) {
        if (upper == w.name) {
            return w.scheme;
        }
        names += (names.empty() ? "" : ", ") + std::string(w.name);
    }
    throw UsageError("unknown encryption \"" + std::string(name) + "\" (one of: " + names + ")");
}

Encrypted encrypt(Scheme scheme, std::size_t iterations, std::span<const std::uint8_t> plaintext,
    const Password& password, Botan::RandomNumberGenerator& rng)
{
    const auto& w = write_scheme(scheme);
    Encrypted out;
    if (w.pbes2) {
        const auto* cipher = find_oid(k_ciphers, w.oid);
        const auto salt = rng.random_vec(16);
        const auto iv = rng.random_vec(
            compat::cipher_mode(std::string(cipher->botan) + "/CBC/PKCS7", true)->default_nonce_length());
        const auto key = pbkdf2("SHA-256", utf8_password(password), salt, iterations, cipher->key_length);
        const der::Bytes prf = der::sequence({der::object_identifier("1.2.840.113549.2.9"), der::tlv(5, 0, {})});
        const der::Bytes kdf = der::sequence({der::object_identifier(std::string(der::oid::pbkdf2)),
            der::sequence({der::octet_string(to_bytes(salt)), der::small_integer(iterations), prf})});
        const der::Bytes enc
            = der::sequence({der::object_identifier(std::string(w.oid)), der::octet_string(to_bytes(iv))});
        out.algorithm
            = der::sequence({der::object_identifier(std::string(der::oid::pbes2)), der::sequence({kdf, enc})});
        out.ciphertext = to_bytes(run_cbc(cipher->botan, 0, key, iv, plaintext, true));
        return out;
    }
    const auto* legacy = find_oid(k_legacy, w.oid);
    const auto salt = rng.random_vec(8);
    const auto pw = bmp_password(password);
    auto key = derive("SHA-1", KdfPurpose::key, pw, salt, iterations, legacy->key_length);
    out.algorithm = der::sequence({der::object_identifier(std::string(w.oid)),
        der::sequence({der::octet_string(to_bytes(salt)), der::small_integer(iterations)})});
    if (legacy->cipher == "RC4") {
        out.ciphertext = to_bytes(run_rc4(key, plaintext));
        return out;
    }
    const auto iv = derive("SHA-1", KdfPurpose::iv, pw, salt, iterations, 8);
    if (legacy->key_length == 16 && legacy->cipher == "TripleDES") {
        key.insert(key.end(), key.begin(), key.begin() + 8);
    }
    out.ciphertext = to_bytes(run_cbc(legacy->cipher, legacy->rc2_bits, key, iv, plaintext, true));
    return out;
}

} // namespace pkitool::pkcs12
