#include "pkitool/x509/private_key.hpp"

#include "pkitool/der/botan_message.hpp"
#include "pkitool/der/oids.hpp"
#include "pkitool/der/writer.hpp"
#include "pkitool/error.hpp"
#include "pkitool/pkcs12/pbe.hpp"
#include "pkitool/x509/public_key.hpp"

#include <botan/base64.h>
#include <botan/data_src.h>
#include <botan/pkcs8.h>

namespace pkitool::x509 {

std::string_view key_format_name(KeyFormat format)
{
    switch (format) {
    case KeyFormat::pkcs8: return "PKCS#8";
    case KeyFormat::pkcs8_encrypted: return "PKCS#8 encrypted";
    case KeyFormat::pkcs1_rsa: return "PKCS#1 RSA";
    case KeyFormat::sec1_ec: return "SEC1 EC";
    case KeyFormat::dsa_traditional: return "OpenSSL traditional DSA";
    }
    return "?";
}

std::string PrivateKeyInfo::description() const
{
    if (algorithm.empty()) {
        return "unknown (encrypted)";
    }
    return key_description(algorithm, bits, curve);
}

namespace {

std::size_t rsa_private_modulus_bits(std::span<const std::uint8_t> der)
{
    der::Reader top(der, "");
    auto r = top.next(der::tag::sequence, "RSAPrivateKey").children();
    r.next(der::tag::integer, "version");
    const auto n = r.next(der::tag::integer, "modulus").integer();
    return n.bits();
}

// ECPrivateKey ::= SEQUENCE { version 1, privateKey OCTET STRING,
//   parameters [0] ECParameters OPTIONAL, publicKey [1] BIT STRING OPTIONAL }
std::string sec1_curve(std::span<const std::uint8_t> der, std::size_t& secret_bytes)
{
    der::Reader top(der, "");
    auto r = top.next(der::tag::sequence, "ECPrivateKey").children();
    r.next(der::tag::integer, "version");
    secret_bytes = r.next(der::tag::octet_string, "privateKey").contents().size();
    if (auto params = r.next_if_context(0, "parameters")) {
        auto p = params->children();
        const auto e = p.next("ECParameters");
        if (e.is_universal(der::tag::oid)) {
            return der::oid_name(e.oid());
        }
        return "explicit parameters";
    }
    return {};
}

} // namespace

namespace {

// The public key of a plain PrivateKeyInfo, through Botan; nothing when
// Botan cannot load the key (an algorithm it lacks, a malformed key).
PublicKey public_key_of(std::span<const std::uint8_t> pkcs8)
{
    try {
        Botan::DataSource_Memory source(pkcs8.data(), pkcs8.size());
        const auto key = Botan::PKCS8::load_key(source);
        const auto spki = key->subject_public_key();
        der::Reader r(spki, "");
        return parse_public_key(r.next("SubjectPublicKeyInfo"));
    } catch (const std::exception&) {
        return {};
    }
}

} // namespace

std::unique_ptr<Botan::Private_Key> load_pkcs8_key(std::span<const std::uint8_t> pkcs8, const std::string& where)
{
    try {
        Botan::DataSource_Memory source(pkcs8.data(), pkcs8.size());
        return Botan::PKCS8::load_key(source);
    } catch (const Botan::Exception& e) {
        throw InputError(where + ": the private key cannot be read: " + der::botan_message(e));
    }
}

namespace {

// A PKCS#1 or SEC1 key wrapped as the PrivateKeyInfo it stands for.
Botan::secure_vector<std::uint8_t> as_pkcs8(
    const std::string& algorithm_oid, const der::Bytes& parameters, std::span<const std::uint8_t> key)
{
    const der::Bytes alg = der::sequence({der::object_identifier(algorithm_oid), parameters});
    const der::Bytes info
        = der::sequence({der::small_integer(0), alg, der::octet_string(der::Bytes(key.begin(), key.end()))});
    Botan::secure_vector<std::uint8_t> out(info.begin(), info.end());
    return out;
}

} // namespace

PrivateKeyInfo describe_pkcs8(std::span<const std::uint8_t> der)
{
    der::Reader top(der, "");
    auto r = top.next(der::tag::sequence, "PrivateKeyInfo").children();
    r.next(der::tag::integer, "version");
    const auto alg = parse_algorithm_identifier(r.next("privateKeyAlgorithm"));
    const auto secret = r.next(der::tag::octet_string, "privateKey");

    PrivateKeyInfo info;
    info.format = KeyFormat::pkcs8;
    if (alg.oid == der::oid::rsa_encryption || alg.oid == der::oid::rsassa_pss) {
        info.algorithm = "RSA";
        info.bits = rsa_private_modulus_bits(secret.contents());
    } else if (alg.oid == der::oid::ec_public_key) {
        info.algorithm = "EC";
        std::size_t secret_bytes = 0;
        info.curve = sec1_curve(secret.contents(), secret_bytes);
        if (!alg.parameters.empty() && alg.parameters[0] == der::tag::oid) {
            der::Reader p(alg.parameters, "PrivateKeyInfo.privateKeyAlgorithm.parameters");
            info.curve = der::oid_name(p.next("namedCurve").oid());
        }
        info.bits = curve_bits(info.curve);
        if (info.bits == 0) {
            info.bits = secret_bytes * 8;
        }
    } else if (alg.oid == der::oid::ed25519) {
        info.algorithm = "Ed25519";
        info.bits = 256;
    } else if (alg.oid == der::oid::ed448) {
        info.algorithm = "Ed448";
        info.bits = 456;
    } else {
        info.algorithm = alg.name;
    }
    info.public_key = public_key_of(der);
    return info;
}

PrivateKeyInfo describe_encrypted_pkcs8(std::span<const std::uint8_t> der)
{
    der::Reader top(der, "");
    auto r = top.next(der::tag::sequence, "EncryptedPrivateKeyInfo").children();
    PrivateKeyInfo info;
    info.format = KeyFormat::pkcs8_encrypted;
    info.encrypted = true;
    info.encryption = pkcs12::describe(r.next(der::tag::sequence, "encryptionAlgorithm"));
    r.next(der::tag::octet_string, "encryptedData");
    r.end();
    return info;
}

PrivateKeyInfo describe_pkcs1_rsa(std::span<const std::uint8_t> der)
{
    PrivateKeyInfo info;
    info.format = KeyFormat::pkcs1_rsa;
    info.algorithm = "RSA";
    info.bits = rsa_private_modulus_bits(der);
    info.public_key = public_key_of(to_pkcs8(KeyFormat::pkcs1_rsa, der));
    return info;
}

PrivateKeyInfo describe_sec1_ec(std::span<const std::uint8_t> der)
{
    PrivateKeyInfo info;
    info.format = KeyFormat::sec1_ec;
    info.algorithm = "EC";
    std::size_t secret_bytes = 0;
    info.curve = sec1_curve(der, secret_bytes);
    info.bits = curve_bits(info.curve);
    if (info.curve.empty()) {
        info.curve = "unnamed";
    }
    if (info.bits == 0) {
        info.bits = secret_bytes * 8;
    }
    if (!der::oid_from_name(info.curve).empty()) {
        info.public_key = public_key_of(to_pkcs8(KeyFormat::sec1_ec, der));
    }
    return info;
}

PrivateKeyInfo describe_dsa_traditional(std::span<const std::uint8_t> der)
{
    der::Reader top(der, "");
    auto r = top.next(der::tag::sequence, "DSAPrivateKey").children();
    r.next(der::tag::integer, "version");
    PrivateKeyInfo info;
    info.format = KeyFormat::dsa_traditional;
    info.algorithm = "DSA";
    info.bits = r.next(der::tag::integer, "p").magnitude().bits();
    info.public_key = public_key_of(to_pkcs8(KeyFormat::dsa_traditional, der));
    return info;
}

PrivateKeyInfo describe_key(KeyFormat format, std::span<const std::uint8_t> der)
{
    switch (format) {
    case KeyFormat::pkcs8: return describe_pkcs8(der);
    case KeyFormat::pkcs1_rsa: return describe_pkcs1_rsa(der);
    case KeyFormat::sec1_ec: return describe_sec1_ec(der);
    case KeyFormat::dsa_traditional: return describe_dsa_traditional(der);
    case KeyFormat::pkcs8_encrypted: break;
    }
    return describe_encrypted_pkcs8(der);
}

PrivateKeyInfo decrypt_and_describe_pkcs8(std::span<const std::uint8_t> der, const util::SecretString& password)
{
    PrivateKeyInfo encrypted = describe_encrypted_pkcs8(der);
    const auto plain = pkcs12::decrypt_private_key_info(der, password, pkcs12::Limits{});
    PrivateKeyInfo info;
    try {
        info = describe_pkcs8(plain);
    } catch (const InputError&) {
        throw PasswordError("wrong password or corrupted key");
    }
    info.format = KeyFormat::pkcs8_encrypted;
    info.encrypted = true;
    info.encryption = encrypted.encryption;
    return info;
}

Botan::secure_vector<std::uint8_t> to_pkcs8(KeyFormat format, std::span<const std::uint8_t> der)
{
    switch (format) {
    case KeyFormat::pkcs8: return Botan::secure_vector<std::uint8_t>(der.begin(), der.end());
    case KeyFormat::pkcs1_rsa:
        return as_pkcs8(std::string(der::oid::rsa_encryption), der::tlv(der::tag::null, 0, {}), der);
    case KeyFormat::sec1_ec: {
        std::size_t secret_bytes = 0;
        const std::string oid = der::oid_from_name(sec1_curve(der, secret_bytes));
        if (oid.empty()) {
            throw InputError("an EC key without a named curve cannot be used");
        }
        return as_pkcs8(std::string(der::oid::ec_public_key), der::object_identifier(oid), der);
    }
    case KeyFormat::dsa_traditional: {
        // PrivateKeyInfo { 0, { dsa, Dss-Parms { p, q, g } }, OCTET STRING { INTEGER x } }
        der::Reader top(der, "");
        auto r = top.next(der::tag::sequence, "DSAPrivateKey").children();
        r.next(der::tag::integer, "version");
        const auto p = r.next(der::tag::integer, "p").encoded();
        const auto q = r.next(der::tag::integer, "q").encoded();
        const auto g = r.next(der::tag::integer, "g").encoded();
        r.next(der::tag::integer, "y");
        const auto x = r.next(der::tag::integer, "x").encoded();
        return as_pkcs8(std::string(der::oid::dsa), der::sequence({p, q, g}), x);
    }
    case KeyFormat::pkcs8_encrypted: break;
    }
    throw InputError("the key is encrypted");
}

util::SecretString key_pem(
    const Botan::Private_Key& key, const util::SecretString* password, Botan::RandomNumberGenerator& rng)
{
    if (password == nullptr) {
        // Encoded straight from secure memory, so the clear key never sits
        // in an ordinary string.
        const auto der = key.private_key_info();
        util::SecretString b64(Botan::base64_encode_max_output(der.size()), '\0');
        std::size_t consumed = 0;
        b64.resize(Botan::base64_encode(b64.data(), der.data(), der.size(), consumed, true));
        util::SecretString out = "-----BEGIN PRIVATE KEY-----\n";
        for (std::size_t i = 0; i < b64.size(); i += 64) {
            out.append(b64, i, 64);
            out += "\n";
        }
        out += "-----END PRIVATE KEY-----\n";
        return out;
    }
    const std::string pem = Botan::PKCS8::PEM_encode_encrypted_pbkdf_iter(
        key, rng, std::string(password->begin(), password->end()), k_key_pbkdf2_iterations, "AES-256/CBC", "SHA-256");
    return util::SecretString(pem.begin(), pem.end());
}

} // namespace pkitool::x509
