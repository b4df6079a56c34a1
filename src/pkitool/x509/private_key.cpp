#include "pkitool/x509/private_key.hpp"

#include "pkitool/der/oids.hpp"
#include "pkitool/der/writer.hpp"
#include "pkitool/error.hpp"
#include "pkitool/x509/public_key.hpp"

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

std::string kdf_description(const der::Element& kdf_alg)
{
    auto r = kdf_alg.children();
    const auto oid = r.next("algorithm").oid();
    if (oid == der::oid::pbkdf2) {
        auto params = r.next(der::tag::sequence, "PBKDF2-params").children();
        params.next(der::tag::octet_string, "salt");
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

} // namespace

std::string describe_encryption(const der::Element& algorithm_identifier)
{
    auto r = algorithm_identifier.children();
    const auto oid = r.next("algorithm").oid();
    if (oid == der::oid::pbes2) {
        auto params = r.next(der::tag::sequence, "PBES2-params").children();
        const auto kdf = params.next(der::tag::sequence, "keyDerivationFunc");
        const auto scheme = params.next(der::tag::sequence, "encryptionScheme");
        const auto cipher = scheme.children().next("algorithm").oid();
        return "PBES2: " + kdf_description(kdf) + ", " + der::oid_name(cipher);
    }
    // PKCS#12 and PKCS#5 v1 schemes: SEQUENCE { salt OCTET STRING, iterations INTEGER }.
    if (der::has_oid_name(oid) && r.more()) {
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
    info.encryption = describe_encryption(r.next(der::tag::sequence, "encryptionAlgorithm"));
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
    info.public_key
        = public_key_of(as_pkcs8(std::string(der::oid::rsa_encryption), der::tlv(der::tag::null, 0, {}), der));
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
    if (const std::string oid = der::oid_from_name(info.curve); !oid.empty()) {
        info.public_key
            = public_key_of(as_pkcs8(std::string(der::oid::ec_public_key), der::object_identifier(oid), der));
    }
    return info;
}

PrivateKeyInfo decrypt_and_describe_pkcs8(std::span<const std::uint8_t> der, const util::SecretString& password)
{
    PrivateKeyInfo encrypted = describe_encrypted_pkcs8(der);
    if (encrypted.encryption.rfind("PBES2", 0) != 0) {
        throw InputError(
            "cannot decrypt a key protected with " + encrypted.encryption + " (only PBES2 keys can be decrypted)");
    }
    Botan::secure_vector<std::uint8_t> plain;
    try {
        Botan::DataSource_Memory source(der.data(), der.size());
        const auto key = Botan::PKCS8::load_key(source, std::string(password.begin(), password.end()));
        plain = key->private_key_info();
    } catch (const Botan::Exception&) {
        throw PasswordError("wrong password or corrupted key");
    }
    PrivateKeyInfo info = describe_pkcs8(plain);
    info.format = KeyFormat::pkcs8_encrypted;
    info.encrypted = true;
    info.encryption = encrypted.encryption;
    return info;
}

} // namespace pkitool::x509
