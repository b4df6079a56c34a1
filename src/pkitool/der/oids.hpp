// Names for the object identifiers pkitool prints. One table, independent
// of the Botan version, so that text and JSON output stay stable.
#pragma once

#include <string>
#include <string_view>

namespace pkitool::der {

namespace oid {
inline constexpr std::string_view rsa_encryption = "1.2.840.113549.1.1.1";
inline constexpr std::string_view rsassa_pss = "1.2.840.113549.1.1.10";
inline constexpr std::string_view ec_public_key = "1.2.840.10045.2.1";
inline constexpr std::string_view dsa = "1.2.840.10040.4.1";
inline constexpr std::string_view ed25519 = "1.3.101.112";
inline constexpr std::string_view ed448 = "1.3.101.113";
inline constexpr std::string_view pkcs7_data = "1.2.840.113549.1.7.1";
inline constexpr std::string_view pkcs7_signed_data = "1.2.840.113549.1.7.2";
inline constexpr std::string_view pkcs9_extension_request = "1.2.840.113549.1.9.14";
inline constexpr std::string_view pbes2 = "1.2.840.113549.1.5.13";
inline constexpr std::string_view pbkdf2 = "1.2.840.113549.1.5.12";
inline constexpr std::string_view scrypt = "1.3.6.1.4.1.11591.4.11";
inline constexpr std::string_view common_name = "2.5.4.3";
inline constexpr std::string_view subject_key_identifier = "2.5.29.14";
inline constexpr std::string_view key_usage = "2.5.29.15";
inline constexpr std::string_view subject_alt_name = "2.5.29.17";
inline constexpr std::string_view basic_constraints = "2.5.29.19";
inline constexpr std::string_view authority_key_identifier = "2.5.29.35";
inline constexpr std::string_view name_constraints = "2.5.29.30";
inline constexpr std::string_view email_address = "1.2.840.113549.1.9.1";
inline constexpr std::string_view ext_key_usage = "2.5.29.37";
inline constexpr std::string_view any_extended_key_usage = "2.5.29.37.0";
// certId of an X.509 certificate in a PKCS#12 certBag (RFC 7292 4.2.3).
inline constexpr std::string_view pkcs9_x509_certificate = "1.2.840.113549.1.9.22.1";
} // namespace oid

// The conventional short name ("sha256WithRSAEncryption", "serverAuth",
// "CN", "P-256"), or the dotted form when pkitool has no name for it.
std::string oid_name(std::string_view dotted);

// The digest a signature algorithm OID signs with ("SHA-1" for every alias
// of SHA-1 with RSA, DSA or ECDSA; "MD5", "SHA-256", ...), or "" when
// pkitool does not know the algorithm. RSASSA-PSS names its digest in its
// parameters, so it is "" here.
std::string_view signature_digest(std::string_view dotted);

// True when pkitool has a name for `dotted`.
bool has_oid_name(std::string_view dotted);

// The dotted form for a name in the table, or "" when unknown.
std::string oid_from_name(std::string_view name);

} // namespace pkitool::der
