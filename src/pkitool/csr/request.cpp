#include "pkitool/csr/request.hpp"

#include "pkitool/botan_compat.hpp"
#include "pkitool/der/oids.hpp"
#include "pkitool/der/writer.hpp"
#include "pkitool/error.hpp"
#include "pkitool/load/pem.hpp"
#include "pkitool/profile/cluster.hpp"
#include "pkitool/util/ip.hpp"
#include "pkitool/util/parallel.hpp"
#include "pkitool/x509/private_key.hpp"
#include "pkitool/x509/public_key.hpp"

#include <botan/auto_rng.h>
#include <botan/base64.h>
#include <botan/ecdsa.h>
#include <botan/pkcs8.h>
#include <botan/pubkey.h>
#include <botan/rsa.h>

#include <algorithm>
#include <atomic>

namespace pkitool::csr {

namespace {

// RFC 5280 upper bounds (ub-common-name and friends).
constexpr std::size_t k_max_name_attribute = 64;

std::string signature_oid(profile::KeyAlgorithm algorithm, const std::string& hash)
{
    if (algorithm == profile::KeyAlgorithm::rsa) {
        if (hash == "SHA-1") {
            return "1.2.840.113549.1.1.5";
        }
        if (hash == "SHA-384") {
            return "1.2.840.113549.1.1.12";
        }
        if (hash == "SHA-512") {
            return "1.2.840.113549.1.1.13";
        }
        return "1.2.840.113549.1.1.11";
    }
    if (hash == "SHA-1") {
        return "1.2.840.10045.4.1";
    }
    if (hash == "SHA-384") {
        return "1.2.840.10045.4.3.3";
    }
    if (hash == "SHA-512") {
        return "1.2.840.10045.4.3.4";
    }
    return "1.2.840.10045.4.3.2";
}

std::size_t hash_bits(const std::string& hash)
{
    return hash == "SHA-1" ? 160 : hash == "SHA-384" ? 384 : hash == "SHA-512" ? 512 : 256;
}

void check_name(const std::string& what, const std::string& name)
{
    if (name.find('*') != std::string::npos) {
        throw UsageError(what + " \"" + name + "\" is a wildcard; CUCM supports no wildcard certificates");
    }
    if (!profile::is_dns_name(name)) {
        throw UsageError(what + " \"" + name + "\" is not a valid DNS name (labels of letters, digits and hyphens, "
            + "at most 63 characters each and 253 in all)");
    }
}

der::Bytes extension(const std::string& oid, bool critical, const der::Bytes& value)
{
    std::vector<der::Bytes> parts = {der::object_identifier(oid)};
    if (critical) {
        parts.push_back(der::boolean(true));
    }
    parts.push_back(der::octet_string(value));
    return der::sequence(parts);
}

// The profile's extensions, in a fixed order, and nothing else.
der::Bytes extensions(const RequestSpec& spec)
{
    const profile::Profile& p = *spec.profile;
    std::vector<der::Bytes> list;
    if (p.basic_constraints) {
        std::vector<der::Bytes> bc;
        if (p.basic_constraints->ca) {
            bc.push_back(der::boolean(true));
        }
        if (p.basic_constraints->path_length) {
            bc.push_back(der::small_integer(*p.basic_constraints->path_length));
        }
        list.push_back(extension(std::string(der::oid::basic_constraints), true, der::sequence(bc)));
    }
    if (p.key_usage) {
        list.push_back(
            extension(std::string(der::oid::key_usage), p.key_usage_critical, der::named_bits(p.key_usage->bits)));
    }
    if (p.extended_key_usage) {
        std::vector<der::Bytes> purposes;
        for (const auto& oid : *p.extended_key_usage) {
            purposes.push_back(der::object_identifier(oid));
        }
        list.push_back(extension(std::string(der::oid::ext_key_usage), false, der::sequence(purposes)));
    }
    if (!spec.dns_names.empty() || !spec.ip_addresses.empty()) {
        std::vector<der::Bytes> names;
        for (const auto& name : spec.dns_names) {
            names.push_back(der::tlv(2, 0x80, der::Bytes(name.begin(), name.end())));
        }
        for (const auto& address : spec.ip_addresses) {
            names.push_back(der::tlv(7, 0x80, util::parse_ip(address).value()));
        }
        list.push_back(extension(std::string(der::oid::subject_alt_name), false, der::sequence(names)));
    }
    return der::sequence(list);
}

der::Bytes subject_name(const RequestSpec& spec)
{
    std::vector<der::Bytes> rdns;
    for (const auto& attr : spec.subject) {
        // countryName is a PrintableString (RFC 5280 appendix A).
        const der::Bytes value = attr.oid == "2.5.4.6"
            ? der::tlv(der::tag::printable_string, 0, der::Bytes(attr.value.begin(), attr.value.end()))
            : der::directory_string(attr.value);
        rdns.push_back(der::set({der::sequence({der::object_identifier(attr.oid), value})}));
    }
    return der::sequence(rdns);
}

} // namespace

std::string KeySpec::description() const
{
    return x509::key_description(std::string(profile::key_algorithm_name(algorithm)), rsa_bits, curve);
}

std::string RequestSpec::common_name() const
{
    for (auto it = subject.rbegin(); it != subject.rend(); ++it) {
        if (it->oid == der::oid::common_name) {
            return it->value;
        }
    }
    return {};
}

std::string RequestSpec::subject_text() const
{
    std::string out;
    for (const auto& attr : subject) {
        out += (out.empty() ? "" : ", ") + der::oid_name(attr.oid) + "=" + attr.value;
    }
    return out;
}

void check(const RequestSpec& spec, bool allow_weak)
{
    const profile::Profile& p = *spec.profile;
    if (!p.csr_allowed) {
        throw UsageError(p.type + " certificates are made by CUCM itself; there is no CSR for them");
    }
    const std::string cn = spec.common_name();
    if (cn.empty()) {
        throw UsageError("the request has no CN");
    }
    check_name("CN", cn);
    if (spec.dns_names.empty()) {
        throw UsageError("the request has no subjectAltName; CUCM requests always carry the host name");
    }
    for (const auto& name : spec.dns_names) {
        check_name("SAN", name);
    }
    for (const auto& attr : spec.subject) {
        if (attr.value.empty() || attr.value.size() > k_max_name_attribute) {
            throw UsageError(der::oid_name(attr.oid) + " \"" + attr.value + "\" must be 1 to 64 characters (RFC 5280)");
        }
    }
    const KeySpec& k = spec.key;
    if (k.algorithm != p.key_algorithm) {
        throw UsageError(p.type + " needs an " + std::string(profile::key_algorithm_name(p.key_algorithm)) + " key");
    }
    if (k.algorithm == profile::KeyAlgorithm::rsa) {
        if (k.rsa_bits != 1024 && k.rsa_bits != 2048 && k.rsa_bits != 3072 && k.rsa_bits != 4096) {
            throw UsageError("RSA " + std::to_string(k.rsa_bits) + " is not offered by CUCM: use 2048, 3072 or 4096");
        }
        if (k.rsa_bits == 1024 && !allow_weak) {
            throw UsageError("RSA 1024 is breakable; it needs --allow-weak");
        }
    } else if (k.curve != "P-256" && k.curve != "P-384") {
        throw UsageError("EC curve " + k.curve + " is not offered by CUCM: use P-256 or P-384");
    }
    if (k.hash != "SHA-1" && k.hash != "SHA-256" && k.hash != "SHA-384" && k.hash != "SHA-512") {
        throw UsageError("hash " + k.hash + " is not one of SHA-256, SHA-384, SHA-512");
    }
    if (k.hash == "SHA-1" && !allow_weak) {
        throw UsageError("SHA-1 signatures are deprecated; SHA-1 needs --allow-weak");
    }
    if (k.algorithm == profile::KeyAlgorithm::ec && hash_bits(k.hash) < (k.curve == "P-384" ? 384U : 256U)) {
        throw UsageError("an EC " + k.curve + " key needs a hash at least as strong: "
            + (k.curve == "P-384" ? "SHA-384 or SHA-512" : "SHA-256, SHA-384 or SHA-512"));
    }
}

std::vector<std::string> warnings(const RequestSpec& spec)
{
    std::vector<std::string> out;
    if (spec.key.algorithm == profile::KeyAlgorithm::rsa && spec.key.rsa_bits == 1024) {
        out.emplace_back("RSA 1024 is weak: it can be factored with enough resources; use it only for a cluster "
                         "that cannot take more");
    }
    if (spec.key.hash == "SHA-1") {
        out.emplace_back("SHA-1 is weak: collisions are practical; use it only for a cluster that cannot take SHA-256");
    }
    const std::string& type = spec.profile->type;
    if (spec.key.algorithm == profile::KeyAlgorithm::rsa && spec.key.rsa_bits > 2048
        && (type == "CallManager" || type == "TVS" || type == "CAPF")) {
        out.push_back("some phones fail to register when the " + type + " key is larger than 2048 bits");
    }
    if (spec.key.algorithm == profile::KeyAlgorithm::ec && spec.profile->key_usage
        && (spec.profile->key_usage->has(x509::KeyUsageBit::key_encipherment)
            || spec.profile->key_usage->has(x509::KeyUsageBit::data_encipherment))) {
        out.emplace_back("the request asks for keyEncipherment/dataEncipherment as CUCM does, but RFC 5480 "
                         "forbids them with an EC key; a CA that follows it drops them, which CUCM accepts");
    }
    if (!spec.ip_addresses.empty()) {
        out.emplace_back("the request carries IP addresses in its subjectAltName; CUCM's own CSRs carry DNS names "
                         "only, and some CAs refuse or drop them");
    }
    return out;
}

std::vector<std::uint8_t> build_csr(
    const RequestSpec& spec, const Botan::Private_Key& key, Botan::RandomNumberGenerator& rng)
{
    const auto spki = key.subject_public_key();
    const der::Bytes attribute = der::sequence(
        {der::object_identifier(std::string(der::oid::pkcs9_extension_request)), der::set({extensions(spec)})});
    const der::Bytes info = der::sequence({der::small_integer(0), subject_name(spec),
        der::Bytes(spki.begin(), spki.end()), der::tlv(0, 0xA0, attribute)});

    const bool rsa = spec.key.algorithm == profile::KeyAlgorithm::rsa;
    Botan::PK_Signer signer(key, rng,
        rsa ? compat::rsa_pkcs1v15_padding(spec.key.hash) : compat::ecdsa_padding(spec.key.hash),
        rsa ? compat::k_standard_signature : compat::k_der_signature);
    const auto signature = signer.sign_message(info, rng);
    // BIT STRING contents: no unused bits, then the signature.
    der::Bytes bits(signature.size() + 1, 0x00);
    std::copy(signature.begin(), signature.end(), bits.begin() + 1);

    std::vector<der::Bytes> algorithm = {der::object_identifier(signature_oid(spec.key.algorithm, spec.key.hash))};
    if (rsa) {
        algorithm.push_back(der::tlv(der::tag::null, 0, {}));
    }
    return der::sequence({info, der::sequence(algorithm), der::tlv(der::tag::bit_string, 0, bits)});
}

Request generate(const RequestSpec& spec, const util::SecretString* password, Botan::RandomNumberGenerator& rng)
{
    std::unique_ptr<Botan::Private_Key> key;
    if (spec.key.algorithm == profile::KeyAlgorithm::rsa) {
        key = std::make_unique<Botan::RSA_PrivateKey>(rng, spec.key.rsa_bits);
    } else {
        key = std::make_unique<Botan::ECDSA_PrivateKey>(
            rng, compat::ec_group(spec.key.curve == "P-384" ? "secp384r1" : "secp256r1"));
    }
    Request r;
    r.spec = spec;
    r.csr_der = build_csr(spec, *key, rng);
    const auto spki = key->subject_public_key();
    r.spki.assign(spki.begin(), spki.end());
    r.key_pem = x509::key_pem(*key, password, rng);
    r.key_encrypted = password != nullptr;
    return r;
}

std::vector<Request> generate_all(const std::vector<RequestSpec>& specs, const util::SecretString* password,
    unsigned jobs, const std::function<void(std::size_t)>& progress)
{
    std::vector<Request> results(specs.size());
    std::atomic<std::size_t> done{0};
    util::parallel_for<Botan::AutoSeeded_RNG>(
        specs.size(), std::max(1U, jobs), [&](std::size_t i, Botan::AutoSeeded_RNG& rng) {
            results[i] = generate(specs[i], password, rng);
            if (const std::size_t n = ++done; progress) {
                progress(n);
            }
            return true;
        });
    return results;
}

std::string csr_pem(const std::vector<std::uint8_t>& der)
{
    return load::pem_encode(der, "CERTIFICATE REQUEST");
}

} // namespace pkitool::csr
