// Builds certificates field by field with Botan's DER_Encoder and signs
// them, for the encodings no CLI tool will produce (a UTCTime without
// seconds, an explicit critical=FALSE, a negative serial...). Every field
// has a sensible default; a test changes only the one it is about.
#pragma once

#include "pkitool/der/writer.hpp"

#include <botan/pk_keys.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pkitool::test {

using Bytes = der::Bytes;
using der::concat;
using der::tlv;

inline Bytes seq(const std::vector<Bytes>& parts)
{
    return der::sequence(parts);
}

inline Bytes oid(const std::string& dotted)
{
    return der::object_identifier(dotted);
}

struct RawExtension {
    std::string oid;
    std::optional<Bytes> critical; // contents of the BOOLEAN, if encoded at all
    Bytes value; // DER of the extension's value
};

// A name of one attribute per RDN, each value given as raw DER (tag,
// length, contents), for tests of names that no CA tool writes.
Bytes raw_name(const std::vector<std::pair<std::string, Bytes>>& attributes);

// True when this build's Botan has the hash (Botan 3 can be built without
// the deprecated MD4, MD5 and DSA); tests that need one skip with the reason.
bool botan_has_hash(const std::string& name);

struct ForgeSpec {
    std::optional<Bytes> version = Bytes{2}; // INTEGER contents; nothing = v1 by omission
    Bytes serial = {0x10, 0x01};
    std::uint32_t not_before_tag = 23;
    std::string not_before = "250101000000Z";
    std::uint32_t not_after_tag = 23;
    std::string not_after = "270101000000Z";
    std::string subject_cn = "cucm-pub.example.com";
    std::string issuer_cn = "Example Issuing CA";
    std::vector<std::string> dns_sans = {"cucm-pub.example.com"};
    // keyUsage bits as a BIT STRING's contents (first octet: unused bits).
    std::optional<Bytes> key_usage = Bytes{0x05, 0xA0}; // digitalSignature, keyEncipherment
    bool key_usage_critical = true;
    // basicConstraints (critical): true = cA TRUE, false = cA absent (FALSE by
    // DEFAULT), nothing = no extension.
    std::optional<bool> ca;
    std::vector<RawExtension> extra_extensions;
    std::string signature_oid = "1.2.840.113549.1.1.11"; // sha256WithRSAEncryption
    std::string tbs_signature_oid = "1.2.840.113549.1.1.11";
    std::string hash = "SHA-256";
    // A length field written in long form where short form is due.
    bool long_form_outer_length = false;
    // Raw DER in place of the generated issuer, subject and key (names with
    // empty RDNs or odd value types, an RSA modulus without its 0x00).
    std::optional<Bytes> issuer_der;
    std::optional<Bytes> subject_der;
    std::optional<Bytes> spki_der;
    // Raw [1] issuerUniqueID / [2] subjectUniqueID elements, in order.
    std::vector<Bytes> unique_ids;
    // No extensions at all (for v1 certificates).
    bool no_extensions = false;
};

// The key every forged certificate carries and is signed with
// (tests/data/keys/forge-rsa2048.pem): a forged root really issues forged
// leaves.
const Botan::Private_Key& forge_key();

// DER of the certificate, signed with forge_key().
Bytes forge_certificate(const ForgeSpec& spec);

// The same as PEM text.
std::string to_pem(const Bytes& der, const std::string& label = "CERTIFICATE");

// An extendedKeyUsage value of these OIDs.
Bytes eku(const std::vector<std::string>& oids);

// A self-signed certificate CN=cn (dNSName cn) with the usages CallManager,
// tomcat and TVS share: digitalSignature, keyEncipherment,
// dataEncipherment; serverAuth, clientAuth.
ForgeSpec cucm_node(const std::string& cn);

} // namespace pkitool::test
