#include "pkitool/lint/rules.hpp"

#include "pkitool/error.hpp"

#include <array>
#include <unordered_map>

namespace pkitool::lint {

namespace {

constexpr std::array k_rules = {
    Rule{"time.wrong-tag", Severity::error, "a validity time is neither UTCTime nor GeneralizedTime"},
    Rule{"time.bad-characters", Severity::error, "a validity time holds characters other than digits and Z"},
    Rule{"time.utc-no-seconds", Severity::error, "a UTCTime has no seconds (RFC 5280: YYMMDDHHMMSSZ)"},
    Rule{
        "time.generalized-no-seconds", Severity::error, "a GeneralizedTime has no seconds (RFC 5280: YYYYMMDDHHMMSSZ)"},
    Rule{"time.fractional-seconds", Severity::error, "a validity time has fractional seconds"},
    Rule{"time.not-zulu", Severity::error, "a validity time is not in GMT (an offset, or no Z)"},
    Rule{"time.invalid-value", Severity::error, "a validity time is not a real date and time"},
    Rule{"time.generalized-before-2050", Severity::error,
        "GeneralizedTime used for a year before 2050 (RFC 5280 requires UTCTime)"},
    Rule{"validity.inverted", Severity::error, "notBefore is after notAfter"},
    Rule{"validity.expired", Severity::error, "the certificate has expired"},
    Rule{"validity.not-yet-valid", Severity::error, "the certificate is not valid yet"},
    Rule{"key.rsa-weak", Severity::error, "RSA key below 1024 bits"},
    Rule{"key.rsa-small", Severity::warning, "RSA key below 2048 bits"},
    Rule{"key.rsa-too-large", Severity::error, "RSA key above 4096 bits, CUCM's limit"},
    Rule{"key.ec-curve", Severity::warning, "EC curve other than P-256 or P-384, the ones CUCM offers"},
    Rule{"key.algorithm", Severity::error, "key algorithm other than RSA or EC, which CUCM does not use"},
    Rule{"key.ec-explicit", Severity::error,
        "EC key with explicit curve parameters (RFC 5480 and CUCM want a named curve)"},
    Rule{"sig.md5", Severity::error, "signed with MD5, MD4 or MD2"},
    Rule{"sig.sha1", Severity::warning, "signed with SHA-1"},
    Rule{"sig.unknown", Severity::warning, "a signature algorithm pkitool does not know"},
    Rule{
        "sig.algorithm-mismatch", Severity::error, "the signature algorithm inside and outside the signed part differ"},
    Rule{"name.wildcard", Severity::error, "a * in the CN or a SAN (CUCM supports no wildcard certificates)"},
    Rule{"ca.keycertsign-without-ca", Severity::error, "keyCertSign without basicConstraints cA=TRUE"},
    Rule{"ca.ca-without-keycertsign", Severity::error, "cA=TRUE but keyUsage lacks keyCertSign"},
    Rule{"ca.no-key-usage", Severity::warning, "a CA certificate without a keyUsage extension"},
    Rule{"der.not-der", Severity::error,
        "the certificate is not DER (long or indefinite lengths, long-form tags, unsorted SETs)"},
    Rule{"der.integer-negative", Severity::error,
        "a key INTEGER (modulus, exponent, DSA parameter) is negative: its leading 0x00 is missing"},
    Rule{"der.integer-padding", Severity::error, "a key INTEGER has a redundant leading 0x00"},
    Rule{"der.serial-empty", Severity::error, "the serial number INTEGER has no octets"},
    Rule{"cert.version-unknown", Severity::error, "the version is none of v1, v2, v3"},
    Rule{"cert.extensions-not-v3", Severity::error, "a v1 or v2 certificate carries extensions"},
    Rule{"cert.unique-id", Severity::warning,
        "issuerUniqueID or subjectUniqueID present (RFC 5280: CAs must not generate them)"},
    Rule{"cert.unique-id-in-v1", Severity::error,
        "a v1 certificate carries the v2 fields issuerUniqueID or subjectUniqueID"},
    Rule{"request.version-unknown", Severity::error, "the CSR version is not v1 (0)"},
    Rule{"name.empty-rdn", Severity::error, "a name holds an empty RelativeDistinguishedName SET"},
    Rule{"name.value-type", Severity::warning, "an attribute value has an ASN.1 type its attribute does not allow"},
    Rule{"name.bad-string", Severity::error,
        "an attribute value's octets break its string type (invalid UTF-8, odd BMPString, bad PrintableString)"},
    Rule{"der.default-encoded", Severity::error, "a DEFAULT value is encoded (DER omits it)"},
    Rule{"der.boolean", Severity::error, "a BOOLEAN TRUE not encoded as 0xFF"},
    Rule{"der.serial-negative", Severity::error, "the serial number is negative"},
    Rule{"der.serial-zero", Severity::warning, "the serial number is zero"},
    Rule{"der.serial-too-long", Severity::error, "the serial number is longer than 20 octets"},
    Rule{"der.serial-padding", Severity::error, "the serial number has redundant leading octets"},
    Rule{"ext.duplicate", Severity::error, "an extension appears more than once"},
    Rule{"ext.malformed", Severity::error, "an extension does not decode"},
    Rule{"ext.must-be-noncritical", Severity::error,
        "authorityKeyIdentifier, subjectKeyIdentifier or authorityInfoAccess marked critical (RFC 5280)"},
    Rule{"ext.unknown-critical", Severity::warning, "a critical extension pkitool does not know"},
    Rule{"profile.key-algorithm", Severity::error, "the key algorithm is not the one the type needs"},
    Rule{"profile.ku-missing", Severity::error, "a key usage the type needs is missing"},
    Rule{"profile.ku-missing-accepted", Severity::warning,
        "a key usage the type asks for is missing, one nothing needs (CUCM accepts the certificate)"},
    Rule{"profile.ku-extra", Severity::warning, "a key usage the type does not ask for"},
    Rule{"profile.eku-missing", Severity::error, "an extended key usage the type needs is missing"},
    Rule{"profile.eku-extra", Severity::warning, "an extended key usage the type does not ask for"},
    Rule{"profile.rfc5480-dropped", Severity::warning,
        "keyEncipherment/dataEncipherment dropped from an EC certificate, as RFC 5480 requires"},
    Rule{"profile.rfc5480-conflict", Severity::note,
        "keyEncipherment/dataEncipherment with an EC key: CUCM asks for them, RFC 5480 forbids them"},
    Rule{"profile.san-ip", Severity::note, "an IP address in the subjectAltName: CUCM's own CSRs carry DNS names only"},
    Rule{"profile.basic-constraints", Severity::error, "basicConstraints differ from what the type needs"},
    Rule{"profile.multi-server", Severity::error, "a multi-server (-ms) name for a type that has no multi-server form"},
    // pkitool report's own, over a whole inventory.
    Rule{"report.outlives-issuer", Severity::warning,
        "the certificate expires after its issuer among the inputs: its chain stops validating first"},
    Rule{"report.expired-trust", Severity::warning,
        "an expired certificate in a trust store: CUCM 12.5(1)SU6, 14SU2 and later drop it on upgrade"},
    Rule{"report.superseded", Severity::note, "a later certificate with the same subject is among the inputs"},
    Rule{"report.unknown-type", Severity::warning, "no certificate type fits the certificate"},
    Rule{"chain.leaf-ambiguous", Severity::error, "more than one certificate could be the signed certificate"},
    Rule{"chain.missing-issuer", Severity::error,
        "the issuer of a certificate is neither in the response nor in --trust"},
    Rule{"chain.signature", Severity::error, "a signature does not verify with the issuer's key"},
    Rule{"chain.signature-unchecked", Severity::warning, "a signature could not be checked"},
    Rule{"chain.key-identifier", Severity::error, "the authority key identifier does not match the issuer's"},
    Rule{"chain.issuer-not-ca", Severity::error, "an issuing certificate lacks cA=TRUE or keyCertSign"},
    Rule{"chain.path-length", Severity::error, "a CA's pathLenConstraint is exceeded"},
    Rule{"chain.loop", Severity::error, "the issuers form a loop"},
    Rule{"chain.unused", Severity::warning, "a certificate of the response is not part of the chain"},
    Rule{"chain.expiring", Severity::warning, "the signed certificate expires soon"},
    Rule{"chain.outlives-issuer", Severity::warning, "a certificate is valid longer than its issuer"},
    Rule{"chain.botan", Severity::warning,
        "Botan's path validation, the second opinion, refuses a chain pkitool's own RFC 5280 processing accepts"},
    Rule{"chain.untrusted-root", Severity::error,
        "with --trust given, the chain ends at a self-signed certificate that is not among them"},
    Rule{"chain.too-deep", Severity::error, "no trust anchor within --max-depth certificates"},
    Rule{"chain.anchor-unverified", Severity::note,
        "without --trust, the chain ends at a root of the response: compare its fingerprints out of band"},
    Rule{"chain.dead-end", Severity::note, "a candidate path the builder tried and gave up, with the reason"},
    Rule{"chain.name-not-permitted", Severity::error, "a name lies outside a CA's permitted subtrees"},
    Rule{"chain.name-excluded", Severity::error, "a name lies in a CA's excluded subtrees"},
    Rule{"chain.name-constraints-invalid", Severity::error, "a nameConstraints extension breaks RFC 5280's rules"},
    Rule{"chain.unknown-critical", Severity::error,
        "a certificate of the path has a critical extension pkitool does not know"},
    Rule{"chain.eku-restricted", Severity::warning,
        "the leaf has an extended key usage that a CA of its path does not list"},
    Rule{"names.not-covered", Severity::error, "a node the certificate is for is not in its subjectAltName"},
    Rule{"names.cn-only", Severity::error, "a node's name is only the CN, not a subjectAltName"},
    Rule{"names.domain-missing", Severity::warning, "a multi-server certificate lacks the parent domain in its SAN"},
    Rule{"names.extra", Severity::warning, "the SAN names a host that is no node sharing the certificate"},
    Rule{"names.not-in-cluster", Severity::error,
        "the certificate is for no node (or multi-server name) of the cluster"},
    Rule{"names.no-type", Severity::note, "--cluster needs the certificate type to say which nodes share it"},
    Rule{"input.unreadable", Severity::error, "an object of the response cannot be read (it is left out)"},
    Rule{"dup.same-certificate", Severity::warning, "the same certificate appears more than once"},
    Rule{"dup.same-subject", Severity::warning, "two different certificates have the same subject"},
    Rule{"csr.key-mismatch", Severity::error, "the certificate's key is not the CSR's key"},
    Rule{"csr.subject-differs", Severity::error, "an RDN of the subject differs from the CSR"},
    Rule{"csr.ou-missing", Severity::note, "the CA left out the OU of the CSR (CUCM accepts this)"},
    Rule{"csr.subject-extra", Severity::warning, "the certificate's subject has an RDN the CSR did not ask for"},
    Rule{"csr.san-missing", Severity::error, "a SAN of the CSR is missing from the certificate"},
    Rule{"csr.san-extra", Severity::warning, "the certificate has a SAN the CSR did not ask for"},
    Rule{"csr.ku-missing", Severity::error, "a key usage the CSR asked for is missing"},
    Rule{"csr.ku-missing-accepted", Severity::warning,
        "a key usage the CSR asked for is missing, one nothing needs (CUCM accepts the certificate)"},
    Rule{"csr.ku-extra", Severity::warning, "a key usage the CSR did not ask for"},
    Rule{"csr.eku-missing", Severity::error, "an extended key usage the CSR asked for is missing"},
    Rule{"csr.eku-extra", Severity::warning, "an extended key usage the CSR did not ask for"},
    Rule{"csr.rfc5480-dropped", Severity::warning,
        "keyEncipherment/dataEncipherment the CSR asked for were dropped from an EC certificate, as RFC 5480 requires"},
    Rule{"csr.basic-constraints", Severity::error, "basicConstraints differ from what the CSR asked for"},
    Rule{"key.mismatch", Severity::error, "the certificate's key is not the given private key"},
    Rule{"type.unknown", Severity::note, "the key usages match no certificate type; give --type"},
    Rule{"type.ambiguous", Severity::note, "the key usages match several certificate types; give --type"},
};

} // namespace

std::span<const Rule> all_rules()
{
    return k_rules;
}

const Rule& rule(std::string_view id)
{
    // Every finding looks its rule up: by hash, not along the table.
    static const auto index = [] {
        std::unordered_map<std::string_view, const Rule*> out;
        for (const auto& r : k_rules) {
            out.emplace(r.id, &r);
        }
        return out;
    }();
    if (const auto it = index.find(id); it != index.end()) {
        return *it->second;
    }
    throw InternalError("unknown lint rule " + std::string(id));
}

Finding finding(std::string_view id, std::string message, std::string value)
{
    const Rule& r = rule(id);
    return {std::string(r.id), r.severity, std::move(message), std::move(value), {}, std::nullopt};
}

Finding finding(const der::Deviation& deviation)
{
    auto out = finding(deviation.rule, deviation.message, deviation.value);
    out.path = deviation.path;
    out.offset = deviation.offset;
    return out;
}

} // namespace pkitool::lint
