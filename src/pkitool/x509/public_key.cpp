#include "pkitool/x509/public_key.hpp"

#include "pkitool/der/oids.hpp"
#include "pkitool/error.hpp"

namespace pkitool::x509 {

AlgorithmIdentifier parse_algorithm_identifier(const der::Element& element)
{
    if (!element.is_universal(der::tag::sequence)) {
        throw InputError(element.path() + ": expected an AlgorithmIdentifier (SEQUENCE), found " + element.tag_name());
    }
    auto r = element.children();
    AlgorithmIdentifier alg;
    alg.oid = r.next("algorithm").oid();
    alg.name = der::oid_name(alg.oid);
    if (r.more()) {
        alg.parameters = r.next("parameters").encoded();
    }
    r.end();
    return alg;
}

std::size_t curve_bits(std::string_view curve_name)
{
    if (curve_name == "P-256" || curve_name == "secp256k1" || curve_name == "brainpoolP256r1") {
        return 256;
    }
    if (curve_name == "P-384" || curve_name == "brainpoolP384r1") {
        return 384;
    }
    if (curve_name == "brainpoolP512r1") {
        return 512;
    }
    if (curve_name == "P-521") {
        return 521;
    }
    return 0;
}

std::string key_description(const std::string& algorithm, std::size_t bits, const std::string& curve)
{
    if (algorithm == "EC") {
        return "EC " + curve;
    }
    if (algorithm == "RSA" || algorithm == "DSA") {
        return algorithm + " " + std::to_string(bits);
    }
    return algorithm;
}

std::string PublicKey::description() const
{
    return key_description(algorithm, bits, curve);
}

namespace {

// An INTEGER of a key that must be minimal and positive: its magnitude, and
// a deviation when it is not so encoded.
Botan::BigInt key_integer(const der::Element& e, const char* what, der::Deviations& deviations)
{
    const auto problem = e.integer_form_problem();
    if (!problem.empty()) {
        const char* rule = problem.starts_with("is negative") ? "der.integer-negative" : "der.integer-padding";
        deviations.push_back(e.deviation(rule, std::string("the ") + what + " INTEGER " + problem));
    }
    return e.magnitude();
}

std::size_t rsa_modulus_bits(const der::Element& key_bits, der::Deviations& deviations)
{
    auto outer = key_bits.contents_as_der("");
    auto r = outer.next(der::tag::sequence, "RSAPublicKey").children();
    const auto n = key_integer(r.next(der::tag::integer, "modulus"), "RSA modulus", deviations);
    key_integer(r.next(der::tag::integer, "publicExponent"), "RSA public exponent", deviations);
    r.end();
    return n.bits();
}

// Named curve from ECParameters; for explicit parameters the field size is
// taken from the point length.
void read_ec_parameters(const AlgorithmIdentifier& alg, PublicKey& key, std::size_t point_bytes)
{
    if (!alg.parameters.empty() && alg.parameters[0] == der::tag::oid) {
        der::Reader r(alg.parameters, "parameters");
        const auto curve_oid = r.next("namedCurve").oid();
        key.curve = der::oid_name(curve_oid);
        key.bits = curve_bits(key.curve);
    } else {
        key.curve = "explicit parameters";
    }
    if (key.bits == 0 && point_bytes > 1) {
        key.bits = (point_bytes - 1) / 2 * 8;
    }
}

} // namespace

PublicKey parse_public_key(const der::Element& element)
{
    if (!element.is_universal(der::tag::sequence)) {
        throw InputError(element.path() + ": expected SubjectPublicKeyInfo (SEQUENCE), found " + element.tag_name());
    }
    auto r = element.children();
    const auto alg = parse_algorithm_identifier(r.next("algorithm"));
    const auto key_bit_string = r.next(der::tag::bit_string, "subjectPublicKey");
    const auto key_bits = key_bit_string.bit_string_bytes();
    r.end();

    PublicKey key;
    key.spki = element.encoded();
    key.algorithm_oid = alg.oid;
    // X.509's old rsa OID (2.5.8.1.1) and OIW's dsaEncryption (1.3.14.3.2.12)
    // still appear in old certificates: the same keys under other names.
    if (alg.oid == der::oid::rsa_encryption || alg.oid == der::oid::rsassa_pss || alg.oid == "2.5.8.1.1") {
        key.algorithm = "RSA";
        key.bits = rsa_modulus_bits(key_bit_string, key.deviations);
    } else if (alg.oid == der::oid::ec_public_key) {
        key.algorithm = "EC";
        read_ec_parameters(alg, key, key_bits.size());
    } else if (alg.oid == der::oid::ed25519) {
        key.algorithm = "Ed25519";
        key.bits = 256;
    } else if (alg.oid == der::oid::ed448) {
        key.algorithm = "Ed448";
        key.bits = 456;
    } else if (alg.oid == der::oid::dsa || alg.oid == "1.3.14.3.2.12") {
        key.algorithm = "DSA";
        if (!alg.parameters.empty()) {
            der::Reader params(alg.parameters, element.path() + ".parameters");
            auto dss = params.next(der::tag::sequence, "Dss-Parms").children();
            key.bits = key_integer(dss.next(der::tag::integer, "p"), "DSA prime p", key.deviations).bits();
        }
    } else {
        key.algorithm = alg.oid;
    }
    return key;
}

} // namespace pkitool::x509
