#include "pkitool/der/oids.hpp"

#include <array>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace pkitool::der {

namespace {

struct Entry {
    std::string_view oid;
    std::string_view name;
};

// Names as OpenSSL prints them, so output can be compared by eye.
constexpr std::array k_table = {
    // Public key algorithms.
    Entry{"1.2.840.113549.1.1.1", "rsaEncryption"},
    Entry{"1.2.840.113549.1.1.10", "RSASSA-PSS"},
    Entry{"1.2.840.10045.2.1", "id-ecPublicKey"},
    Entry{"1.2.840.10040.4.1", "dsaEncryption"},
    Entry{"2.5.8.1.1", "rsa"},
    Entry{"1.3.101.112", "ED25519"},
    Entry{"1.3.101.113", "ED448"},
    // Signature algorithms.
    Entry{"1.2.840.113549.1.1.2", "md2WithRSAEncryption"},
    Entry{"1.2.840.113549.1.1.4", "md5WithRSAEncryption"},
    Entry{"1.2.840.113549.1.1.5", "sha1WithRSAEncryption"},
    Entry{"1.2.840.113549.1.1.11", "sha256WithRSAEncryption"},
    Entry{"1.2.840.113549.1.1.12", "sha384WithRSAEncryption"},
    Entry{"1.2.840.113549.1.1.13", "sha512WithRSAEncryption"},
    Entry{"1.2.840.113549.1.1.14", "sha224WithRSAEncryption"},
    Entry{"1.2.840.10045.4.1", "ecdsa-with-SHA1"},
    Entry{"1.2.840.10045.4.3.1", "ecdsa-with-SHA224"},
    Entry{"1.2.840.10045.4.3.2", "ecdsa-with-SHA256"},
    Entry{"1.2.840.10045.4.3.3", "ecdsa-with-SHA384"},
    Entry{"1.2.840.10045.4.3.4", "ecdsa-with-SHA512"},
    Entry{"1.2.840.10040.4.3", "dsaWithSHA1"},
    Entry{"2.16.840.1.101.3.4.3.1", "dsa_with_SHA224"},
    Entry{"2.16.840.1.101.3.4.3.2", "dsa_with_SHA256"},
    Entry{"1.2.840.113549.1.1.3", "md4WithRSAEncryption"},
    Entry{"1.2.840.113549.1.1.15", "sha512-224WithRSAEncryption"},
    Entry{"1.2.840.113549.1.1.16", "sha512-256WithRSAEncryption"},
    Entry{"2.16.840.1.101.3.4.3.14", "RSA-SHA3-256"},
    Entry{"2.16.840.1.101.3.4.3.10", "ecdsa_with_SHA3-256"},
    // The OIW (1.3.14.3.2) aliases that old CAs still write.
    Entry{"1.3.14.3.2.29", "sha1WithRSA"},
    Entry{"1.3.14.3.2.3", "md5WithRSA"},
    Entry{"1.3.14.3.2.15", "shaWithRSAEncryption"},
    Entry{"1.3.14.3.2.13", "dsaWithSHA"},
    Entry{"1.3.14.3.2.27", "dsaWithSHA1-old"},
    Entry{"1.3.14.3.2.12", "dsaEncryption-old"},
    Entry{"1.3.14.3.2.11", "rsaSignature"},
    // Curves.
    Entry{"1.2.840.10045.3.1.7", "P-256"},
    Entry{"1.3.132.0.34", "P-384"},
    Entry{"1.3.132.0.35", "P-521"},
    Entry{"1.3.132.0.10", "secp256k1"},
    Entry{"1.3.36.3.3.2.8.1.1.7", "brainpoolP256r1"},
    Entry{"1.3.36.3.3.2.8.1.1.11", "brainpoolP384r1"},
    Entry{"1.3.36.3.3.2.8.1.1.13", "brainpoolP512r1"},
    // Hashes.
    Entry{"1.3.14.3.2.26", "SHA-1"},
    Entry{"2.16.840.1.101.3.4.2.1", "SHA-256"},
    Entry{"2.16.840.1.101.3.4.2.2", "SHA-384"},
    Entry{"2.16.840.1.101.3.4.2.3", "SHA-512"},
    Entry{"2.16.840.1.101.3.4.2.4", "SHA-224"},
    Entry{"1.2.840.113549.2.5", "MD5"},
    Entry{"1.2.840.113549.2.7", "hmacWithSHA1"},
    Entry{"1.2.840.113549.2.8", "hmacWithSHA224"},
    Entry{"1.2.840.113549.2.9", "hmacWithSHA256"},
    Entry{"1.2.840.113549.2.10", "hmacWithSHA384"},
    Entry{"1.2.840.113549.2.11", "hmacWithSHA512"},
    Entry{"1.2.840.113549.2.12", "hmacWithSHA512-224"},
    Entry{"1.2.840.113549.2.13", "hmacWithSHA512-256"},
    Entry{"1.2.840.113549.2.6", "hmacWithMD5"},
    Entry{"1.3.6.1.5.5.8.1.1", "hmac-md5"},
    Entry{"2.16.840.1.101.3.4.2.13", "hmacWithSHA3-224"},
    Entry{"2.16.840.1.101.3.4.2.14", "hmacWithSHA3-256"},
    Entry{"2.16.840.1.101.3.4.2.15", "hmacWithSHA3-384"},
    Entry{"2.16.840.1.101.3.4.2.16", "hmacWithSHA3-512"},
    Entry{"2.16.840.1.101.3.4.2.5", "SHA-512-224"},
    Entry{"2.16.840.1.101.3.4.2.6", "SHA-512-256"},
    Entry{"2.16.840.1.101.3.4.2.7", "SHA3-224"},
    Entry{"2.16.840.1.101.3.4.2.8", "SHA3-256"},
    Entry{"2.16.840.1.101.3.4.2.9", "SHA3-384"},
    Entry{"2.16.840.1.101.3.4.2.10", "SHA3-512"},
    Entry{"1.2.840.113549.2.2", "MD2"},
    Entry{"1.2.840.113549.2.4", "MD4"},
    // Password-based encryption and ciphers.
    Entry{"1.2.840.113549.1.5.13", "PBES2"},
    Entry{"1.2.840.113549.1.5.12", "PBKDF2"},
    Entry{"1.3.6.1.4.1.11591.4.11", "scrypt"},
    Entry{"1.2.840.113549.1.5.3", "pbeWithMD5AndDES-CBC"},
    Entry{"1.2.840.113549.1.5.10", "pbeWithSHA1AndDES-CBC"},
    Entry{"1.2.840.113549.1.5.6", "pbeWithMD5AndRC2-CBC"},
    Entry{"1.2.840.113549.1.5.11", "pbeWithSHA1AndRC2-CBC"},
    Entry{"1.2.840.113549.1.12.1.1", "pbeWithSHAAnd128BitRC4"},
    Entry{"1.2.840.113549.1.12.1.2", "pbeWithSHAAnd40BitRC4"},
    Entry{"1.2.840.113549.1.12.1.3", "pbeWithSHAAnd3-KeyTripleDES-CBC"},
    Entry{"1.2.840.113549.1.12.1.4", "pbeWithSHAAnd2-KeyTripleDES-CBC"},
    Entry{"1.2.840.113549.1.12.1.5", "pbeWithSHAAnd128BitRC2-CBC"},
    Entry{"1.2.840.113549.1.12.1.6", "pbeWithSHAAnd40BitRC2-CBC"},
    Entry{"2.16.840.1.101.3.4.1.2", "AES-128-CBC"},
    Entry{"2.16.840.1.101.3.4.1.22", "AES-192-CBC"},
    Entry{"2.16.840.1.101.3.4.1.42", "AES-256-CBC"},
    Entry{"1.2.840.113549.3.7", "DES-EDE3-CBC"},
    Entry{"1.3.14.3.2.7", "DES-CBC"},
    Entry{"1.2.840.113549.3.2", "RC2-CBC"},
    Entry{"1.2.840.113549.1.5.14", "PBMAC1"},
    Entry{"1.2.840.113549.1.5.1", "pbeWithMD2AndDES-CBC"},
    Entry{"1.2.840.113549.1.5.4", "pbeWithMD2AndRC2-CBC"},
    Entry{"1.2.392.200011.61.1.1.1.2", "CAMELLIA-128-CBC"},
    Entry{"1.2.392.200011.61.1.1.1.3", "CAMELLIA-192-CBC"},
    Entry{"1.2.392.200011.61.1.1.1.4", "CAMELLIA-256-CBC"},
    Entry{"1.2.410.200046.1.1.2", "ARIA-128-CBC"},
    Entry{"1.2.410.200046.1.1.7", "ARIA-192-CBC"},
    Entry{"1.2.410.200046.1.1.12", "ARIA-256-CBC"},
    Entry{"1.2.410.200004.1.4", "SEED-CBC"},
    Entry{"1.2.840.113533.7.66.10", "CAST5-CBC"},
    Entry{"1.3.6.1.4.1.3029.1.2", "BF-CBC"},
    Entry{"1.3.6.1.4.1.188.7.1.1.2", "IDEA-CBC"},
    Entry{"1.2.156.10197.1.104.2", "SM4-CBC"},
    Entry{"2.16.840.1.101.3.4.1.6", "AES-128-GCM"},
    Entry{"2.16.840.1.101.3.4.1.46", "AES-256-GCM"},
    Entry{"1.2.840.113549.3.4", "RC4"},
    // Name attributes.
    Entry{"2.5.4.3", "CN"},
    Entry{"2.5.4.4", "SN"},
    Entry{"2.5.4.5", "serialNumber"},
    Entry{"2.5.4.6", "C"},
    Entry{"2.5.4.7", "L"},
    Entry{"2.5.4.8", "ST"},
    Entry{"2.5.4.9", "street"},
    Entry{"2.5.4.10", "O"},
    Entry{"2.5.4.11", "OU"},
    Entry{"2.5.4.12", "title"},
    Entry{"2.5.4.15", "businessCategory"},
    Entry{"2.5.4.17", "postalCode"},
    Entry{"2.5.4.42", "GN"},
    Entry{"2.5.4.43", "initials"},
    Entry{"2.5.4.44", "generationQualifier"},
    Entry{"2.5.4.45", "x500UniqueIdentifier"},
    Entry{"2.5.4.65", "pseudonym"},
    Entry{"2.5.4.97", "organizationIdentifier"},
    Entry{"1.3.6.1.4.1.311.60.2.1.3", "jurisdictionC"},
    Entry{"2.5.4.46", "dnQualifier"},
    Entry{"1.2.840.113549.1.9.1", "emailAddress"},
    Entry{"0.9.2342.19200300.100.1.25", "DC"},
    Entry{"0.9.2342.19200300.100.1.1", "UID"},
    // Extensions.
    Entry{"2.5.29.14", "subjectKeyIdentifier"},
    Entry{"2.5.29.15", "keyUsage"},
    Entry{"2.5.29.17", "subjectAltName"},
    Entry{"2.5.29.18", "issuerAltName"},
    Entry{"2.5.29.19", "basicConstraints"},
    Entry{"2.5.29.30", "nameConstraints"},
    Entry{"2.5.29.31", "cRLDistributionPoints"},
    Entry{"2.5.29.32", "certificatePolicies"},
    Entry{"2.5.29.35", "authorityKeyIdentifier"},
    Entry{"2.5.29.36", "policyConstraints"},
    Entry{"2.5.29.37", "extendedKeyUsage"},
    Entry{"1.3.6.1.5.5.7.1.1", "authorityInfoAccess"},
    Entry{"1.3.6.1.4.1.311.20.2", "msCertificateTemplateName"},
    Entry{"1.3.6.1.4.1.311.21.7", "msCertificateTemplate"},
    Entry{"1.3.6.1.4.1.311.21.10", "msApplicationPolicies"},
    Entry{"2.16.840.1.113730.1.1", "nsCertType"},
    Entry{"2.16.840.1.113730.1.13", "nsComment"},
    // Extended key usages.
    Entry{"1.3.6.1.5.5.7.3.1", "serverAuth"},
    Entry{"1.3.6.1.5.5.7.3.2", "clientAuth"},
    Entry{"1.3.6.1.5.5.7.3.3", "codeSigning"},
    Entry{"1.3.6.1.5.5.7.3.4", "emailProtection"},
    Entry{"1.3.6.1.5.5.7.3.5", "ipsecEndSystem"},
    Entry{"1.3.6.1.5.5.7.3.6", "ipsecTunnel"},
    Entry{"1.3.6.1.5.5.7.3.7", "ipsecUser"},
    Entry{"1.3.6.1.5.5.7.3.8", "timeStamping"},
    Entry{"1.3.6.1.5.5.7.3.9", "OCSPSigning"},
    Entry{"1.3.6.1.5.5.7.3.17", "ipsecIKE"},
    Entry{"2.5.29.37.0", "anyExtendedKeyUsage"},
    // CSR attributes and PKCS#7 content types.
    Entry{"1.2.840.113549.1.9.7", "challengePassword"},
    Entry{"1.2.840.113549.1.9.14", "extensionRequest"},
    Entry{"1.3.6.1.4.1.311.13.2.3", "msOSVersion"},
    Entry{"1.3.6.1.4.1.311.21.20", "msClientInfo"},
    Entry{"1.3.6.1.4.1.311.13.2.2", "msEnrollmentCSP"},
    Entry{"1.2.840.113549.1.7.1", "pkcs7-data"},
    Entry{"1.2.840.113549.1.7.2", "pkcs7-signedData"},
    Entry{"1.2.840.113549.1.7.3", "pkcs7-envelopedData"},
    Entry{"1.2.840.113549.1.7.6", "pkcs7-encryptedData"},
    // PKCS#12 bags and attributes.
    Entry{"1.2.840.113549.1.12.10.1.1", "keyBag"},
    Entry{"1.2.840.113549.1.12.10.1.2", "pkcs8ShroudedKeyBag"},
    Entry{"1.2.840.113549.1.12.10.1.3", "certBag"},
    Entry{"1.2.840.113549.1.12.10.1.4", "crlBag"},
    Entry{"1.2.840.113549.1.12.10.1.5", "secretBag"},
    Entry{"1.2.840.113549.1.12.10.1.6", "safeContentsBag"},
    Entry{"1.2.840.113549.1.9.22.1", "x509Certificate"},
    Entry{"1.2.840.113549.1.9.22.2", "sdsiCertificate"},
    Entry{"1.2.840.113549.1.9.23.1", "x509Crl"},
    Entry{"1.2.840.113549.1.9.20", "friendlyName"},
    Entry{"1.2.840.113549.1.9.21", "localKeyID"},
    Entry{"1.3.6.1.4.1.311.17.1", "msCSPName"},
    Entry{"1.3.6.1.4.1.311.17.2", "msLocalMachineKeySet"},
    Entry{"2.16.840.1.113894.746875.1.1", "oracleTrustedKeyUsage"},
};

// The digest behind each signature algorithm, aliases included, so that a
// rule about SHA-1 catches every way of writing SHA-1.
constexpr std::array k_signature_digests = {
    Entry{"1.2.840.113549.1.1.2", "MD2"},
    Entry{"1.2.840.113549.1.1.3", "MD4"},
    Entry{"1.2.840.113549.1.1.4", "MD5"},
    Entry{"1.3.14.3.2.3", "MD5"},
    Entry{"1.3.14.3.2.25", "MD5"}, // md5WithRSASignature
    Entry{"1.2.840.113549.1.1.5", "SHA-1"},
    Entry{"1.3.14.3.2.29", "SHA-1"},
    Entry{"1.2.840.10040.4.3", "SHA-1"},
    Entry{"1.3.14.3.2.27", "SHA-1"},
    Entry{"1.2.840.10045.4.1", "SHA-1"},
    Entry{"1.3.14.3.2.15", "SHA-0"},
    Entry{"1.3.14.3.2.13", "SHA-0"},
    Entry{"1.2.840.113549.1.1.14", "SHA-224"},
    Entry{"1.2.840.10045.4.3.1", "SHA-224"},
    Entry{"2.16.840.1.101.3.4.3.1", "SHA-224"},
    Entry{"1.2.840.113549.1.1.11", "SHA-256"},
    Entry{"1.2.840.10045.4.3.2", "SHA-256"},
    Entry{"2.16.840.1.101.3.4.3.2", "SHA-256"},
    Entry{"1.2.840.113549.1.1.12", "SHA-384"},
    Entry{"1.2.840.10045.4.3.3", "SHA-384"},
    Entry{"1.2.840.113549.1.1.13", "SHA-512"},
    Entry{"1.2.840.10045.4.3.4", "SHA-512"},
    Entry{"1.2.840.113549.1.1.15", "SHA-512-224"},
    Entry{"1.2.840.113549.1.1.16", "SHA-512-256"},
    Entry{"2.16.840.1.101.3.4.3.14", "SHA3-256"},
    Entry{"2.16.840.1.101.3.4.3.10", "SHA3-256"},
    Entry{"1.3.101.112", "SHA-512"}, // Ed25519 hashes internally
    Entry{"1.3.101.113", "SHAKE256"},
};

// Names are looked up for every extension and key usage of every
// certificate a report reads: by hash, not by a walk down the table.
const Entry* find_by_oid(std::string_view dotted)
{
    static const auto by_oid = [] {
        std::unordered_map<std::string_view, const Entry*> index;
        for (const auto& e : k_table) {
            index.emplace(e.oid, &e); // the first entry of an OID names it
        }
        return index;
    }();
    const auto it = by_oid.find(dotted);
    return it == by_oid.end() ? nullptr : it->second;
}

} // namespace

std::string oid_name(std::string_view dotted)
{
    const Entry* e = find_by_oid(dotted);
    return std::string(e != nullptr ? e->name : dotted);
}

std::string_view signature_digest(std::string_view dotted)
{
    for (const auto& e : k_signature_digests) {
        if (e.oid == dotted) {
            return e.name;
        }
    }
    return {};
}

bool has_oid_name(std::string_view dotted)
{
    return find_by_oid(dotted) != nullptr;
}

std::string oid_from_name(std::string_view name)
{
    for (const auto& e : k_table) {
        if (e.name == name) {
            return std::string(e.oid);
        }
    }
    return {};
}

} // namespace pkitool::der
