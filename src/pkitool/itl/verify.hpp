// Judging a trust list: its signature by the record the header names, each
// record against the certificate it carries, the limits phones impose,
// expiry, weak keys and digests, and which CUCM generation signed it.
#pragma once

#include "pkitool/finding.hpp"
#include "pkitool/itl/itl.hpp"
#include "pkitool/util/time.hpp"
#include "pkitool/x509/certificate.hpp"

#include <optional>
#include <string>
#include <vector>

namespace pkitool::itl {

// Phones' limits.
inline constexpr std::size_t k_phone_max_bytes = std::size_t{64} * 1024;
inline constexpr std::size_t k_phone_max_certificates = 39;
inline constexpr std::size_t k_phone_max_sast = 2;

// What a record says about the certificate it stands for.
struct RecordView {
    std::size_t index = 0; // from 0
    const Record* record = nullptr;
    std::optional<x509::Certificate> certificate; // parsed, when carried and readable
    std::string certificate_problem; // why a carried certificate could not be read
    Bytes sha1; // of the carried certificate, else the CERTHASH when it is SHA-1
    Bytes sha256; // of the carried certificate
    // The public key as SubjectPublicKeyInfo DER: the certificate's, else
    // built from the PUBLICKEY field (an RSA key); empty when unknown.
    Bytes spki;
};

RecordView view(const File& file, std::size_t index);
// view() of every record, in order.
std::vector<RecordView> views(const File& file);
// "record #2 (CCM+TFTP CN=cucm-pub;OU=Voice)", for messages.
std::string record_label(const RecordView& v);

// Trust-list names ("CN=a;OU=b;O=c", "C=US,O=x,CN=y", quoted or not, any
// order) compared with a certificate's name attribute by attribute.
bool same_list_name(std::string_view list_name, const x509::Name& name);
// Two trust-list names with the same attributes.
bool same_list_names(std::string_view a, std::string_view b);
// A canonical form of a trust-list name (attributes folded and sorted), to
// match records by subject.
std::string list_name_key(std::string_view list_name);
// The CN of a trust-list name, "" when it has none.
std::string list_common_name(std::string_view list_name);
// How CUCM writes a name in a trust list: the last RDN first, "; "-less.
std::string list_name(const x509::Name& name);

// The BIT STRING at position `index` of a DER SEQUENCE, without its
// unused-bits octet: an SPKI's key (1), a certificate's signature (2).
// Throws InputError naming `what`.
Bytes bit_string_at(std::span<const std::uint8_t> der, std::size_t index, const std::string& what);

// A serial without the leading zero octets.
Bytes stripped(std::span<const std::uint8_t> serial);

// The record that signed the file: a SAST record whose serial and issuer
// are the header's; failing that any record with them. Nothing when no
// record carries them.
std::optional<std::size_t> find_signer(const File& file);

// Checks the file's signature with `spki`. Throws InputError when the
// header's digest or signature algorithm is unknown.
bool signature_verifies(const File& file, std::span<const std::uint8_t> spki);

// The signature alone, for show: who signed and whether it verifies, or
// why it cannot be checked (no such record, an unknown digest).
struct SignatureStatus {
    std::optional<std::size_t> signer;
    bool valid = false;
    std::string problem; // why it could not be checked; empty when it was
};
SignatureStatus check_signature(const File& file);

// True for an ITLRecovery certificate (CUCM's CN=ITLRECOVERY_<host>).
bool is_itl_recovery(const RecordView& record);

struct VerifyOptions {
    util::UnixTime at = 0;
    std::int64_t warn_days = 30;
    // The signer must be one of these (by certificate, or subject and key).
    std::vector<x509::Certificate> trust;
    // Certificates that CERTHASH records are checked against.
    std::vector<x509::Certificate> certs;
};

struct Verification {
    std::size_t signer = 0; // record index
    bool signature_valid = false;
    // "CUCM 12.0 or later: signed by the ITLRecovery certificate", ...
    std::string generation;
    std::vector<Finding> findings; // the file's decoding findings first
    bool failed() const { return has_errors(findings); }
};

// Verifies everything. Throws InputError when the file cannot be verified
// at all: no record carries the header's signer, the signer's key is
// unknown, the digest or algorithm is unknown.
Verification verify(const File& file, const VerifyOptions& options);

} // namespace pkitool::itl
