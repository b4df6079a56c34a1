#include "forge.hpp"

#include "paths.hpp"
#include "pkitool/botan_compat.hpp"
#include "pkitool/load/pem.hpp"

#include <botan/auto_rng.h>
#include <botan/base64.h>
#include <botan/data_src.h>
#include <botan/der_enc.h>
#include <botan/hash.h>
#include <botan/pkcs8.h>
#include <botan/pubkey.h>

#include <memory>

namespace pkitool::test {

namespace {

} // namespace

// Loaded once and never freed: Botan's locked-memory pool may be torn down
// before a static destructor would run, so the key lives as long as the
// process.
const Botan::Private_Key& forge_key()
{
    static const Botan::Private_Key* const key = [] {
        Botan::DataSource_Stream source(data_path("keys/forge-rsa2048.pem"));
        return Botan::PKCS8::load_key(source).release();
    }();
    return *key;
}

namespace {

Bytes name(const std::string& cn)
{
    const Bytes atv = seq({oid("2.5.4.3"), tlv(12, 0, Bytes(cn.begin(), cn.end()))});
    const Bytes o = seq({oid("2.5.4.10"), tlv(12, 0, Bytes{'E', 'x', 'a', 'm', 'p', 'l', 'e'})});
    return seq({tlv(17, 0x20, o), tlv(17, 0x20, atv)});
}

Bytes algorithm(const std::string& dotted)
{
    return seq({oid(dotted), tlv(5, 0, {})});
}

Bytes extension(const RawExtension& e)
{
    std::vector<Bytes> parts = {oid(e.oid)};
    if (e.critical) {
        parts.push_back(tlv(1, 0, *e.critical));
    }
    parts.push_back(tlv(4, 0, e.value));
    return seq(parts);
}

Bytes extensions(const ForgeSpec& spec)
{
    std::vector<Bytes> list;
    if (spec.key_usage) {
        list.push_back(extension({"2.5.29.15",
            spec.key_usage_critical ? std::optional<Bytes>(Bytes{0xFF}) : std::nullopt, tlv(3, 0, *spec.key_usage)}));
    }
    if (spec.ca) {
        const Bytes value = *spec.ca ? seq({tlv(1, 0, {0xFF})}) : seq({});
        list.push_back(extension({"2.5.29.19", Bytes{0xFF}, value}));
    }
    if (!spec.dns_sans.empty()) {
        std::vector<Bytes> names;
        for (const auto& dns : spec.dns_sans) {
            names.push_back(tlv(2, 0x80, Bytes(dns.begin(), dns.end())));
        }
        list.push_back(extension({"2.5.29.17", std::nullopt, seq(names)}));
    }
    for (const auto& e : spec.extra_extensions) {
        list.push_back(extension(e));
    }
    return list.empty() ? Bytes{} : tlv(3, 0xA0, seq(list));
}

} // namespace

bool botan_has_hash(const std::string& name)
{
    return Botan::HashFunction::create(name) != nullptr;
}

Bytes raw_name(const std::vector<std::pair<std::string, Bytes>>& attributes)
{
    std::vector<Bytes> rdns;
    for (const auto& [type, value] : attributes) {
        rdns.push_back(type.empty() ? tlv(17, 0x20, {}) : tlv(17, 0x20, seq({oid(type), value})));
    }
    return seq(rdns);
}

Bytes forge_certificate(const ForgeSpec& spec)
{
    const auto& key = forge_key();
    std::vector<Bytes> tbs_parts;
    if (spec.version) {
        tbs_parts.push_back(tlv(0, 0xA0, tlv(2, 0, *spec.version)));
    }
    tbs_parts.push_back(tlv(2, 0, spec.serial));
    tbs_parts.push_back(algorithm(spec.tbs_signature_oid));
    tbs_parts.push_back(spec.issuer_der ? *spec.issuer_der : name(spec.issuer_cn));
    tbs_parts.push_back(seq({tlv(spec.not_before_tag, 0, Bytes(spec.not_before.begin(), spec.not_before.end())),
        tlv(spec.not_after_tag, 0, Bytes(spec.not_after.begin(), spec.not_after.end()))}));
    tbs_parts.push_back(spec.subject_der ? *spec.subject_der : name(spec.subject_cn));
    const auto spki = key.subject_public_key();
    tbs_parts.push_back(spec.spki_der ? *spec.spki_der : Bytes(spki.begin(), spki.end()));
    tbs_parts.insert(tbs_parts.end(), spec.unique_ids.begin(), spec.unique_ids.end());
    if (!spec.no_extensions) {
        tbs_parts.push_back(extensions(spec));
    }
    const Bytes tbs = seq(tbs_parts);

    Botan::AutoSeeded_RNG rng;
    Botan::PK_Signer signer(key, rng, compat::rsa_pkcs1v15_padding(spec.hash));
    const auto signature = signer.sign_message(tbs, rng);
    Bytes bits = {0x00};
    bits.insert(bits.end(), signature.begin(), signature.end());
    const Bytes body = concat({tbs, algorithm(spec.signature_oid), tlv(3, 0, bits)});

    if (!spec.long_form_outer_length) {
        return tlv(16, 0x20, body);
    }
    // 0x30 0x84 + a four-octet length: valid BER, not DER.
    Bytes out = {0x30, 0x84, static_cast<std::uint8_t>(body.size() >> 24), static_cast<std::uint8_t>(body.size() >> 16),
        static_cast<std::uint8_t>(body.size() >> 8), static_cast<std::uint8_t>(body.size())};
    out.insert(out.end(), body.begin(), body.end());
    return out;
}

std::string to_pem(const Bytes& der, const std::string& label)
{
    return load::pem_encode(der, label);
}

Bytes eku(const std::vector<std::string>& oids)
{
    std::vector<Bytes> parts;
    for (const auto& o : oids) {
        parts.push_back(oid(o));
    }
    return seq(parts);
}

ForgeSpec cucm_node(const std::string& cn)
{
    ForgeSpec spec;
    spec.subject_cn = cn;
    spec.issuer_cn = cn;
    spec.dns_sans = {cn};
    spec.key_usage = Bytes{0x04, 0xB0}; // digitalSignature, keyEncipherment, dataEncipherment
    spec.extra_extensions.push_back({"2.5.29.37", std::nullopt, eku({"1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"})});
    return spec;
}

} // namespace pkitool::test
