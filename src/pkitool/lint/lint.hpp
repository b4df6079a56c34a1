// Checks of one certificate on its own, with no chain: the rules CUCM
// applies on upload and the RFC 5280 encodings it insists on.
#pragma once

#include "pkitool/finding.hpp"
#include "pkitool/load/input.hpp"
#include "pkitool/profile/profile.hpp"
#include "pkitool/util/time.hpp"
#include "pkitool/x509/certificate.hpp"

#include <vector>

namespace pkitool::lint {

struct Options {
    util::UnixTime at = 0; // the instant validity is judged at
    // With a profile, leaf certificates (those that issue no other input
    // certificate) and CSRs are also checked against it.
    const profile::Profile* profile = nullptr;
};

// An extension pkitool knows, so that marking it critical is no reason to
// reject the certificate.
bool is_known_extension(const std::string& oid);

// Every finding for `cert`, in a stable order (the order of the rule
// groups: time, validity, key, signature, names, CA, encoding, extensions).
std::vector<Finding> lint_certificate(const x509::Certificate& cert, const Options& options);

// Every finding for a CSR: its key, what decoding tolerated, and with a
// profile the profile rules.
std::vector<Finding> lint_request(const x509::Csr& csr, const Options& options);

// The profile rules (profile.*) for what a certificate holds or a CSR asks
// for: its extensions, key and CN.
std::vector<Finding> lint_against_profile(const x509::Extensions& extensions, const x509::PublicKey& key,
    const std::string& common_name, const profile::Profile& profile);

// The profiles whose rules a CSR's or certificate's extensions pass exactly
// (notes and the RFC 5480 drop allowed); a type both products share
// (tomcat, ipsec) counts once.
std::vector<const profile::Profile*> types_matching(const profile::Registry& registry,
    const x509::Extensions& extensions, const x509::PublicKey& key, const std::string& common_name);

struct LintedCertificate {
    load::Origin origin;
    x509::Certificate certificate;
    std::vector<Finding> findings;
};

struct LintedRequest {
    load::Origin origin;
    x509::Csr csr;
    std::vector<Finding> findings;
};

// A key (private or public) on its own: the key rules only.
struct LintedKey {
    load::Origin origin;
    std::string description; // "DSA 2048"
    std::vector<Finding> findings;
};

struct LintReport {
    util::UnixTime at = 0;
    std::vector<LintedCertificate> certificates;
    std::vector<LintedRequest> requests;
    std::vector<LintedKey> keys; // keys that could be read (an encrypted one needs its password)
    std::vector<load::LoadFailure> failures;
    std::string profile; // the type checked against ("cucm/tomcat"), or empty
    std::size_t other_items = 0; // keys, CSRs, ... that lint does not check

    bool has_errors() const;
    // Nothing lint examines was found (only keys, say, or nothing readable).
    bool nothing_checked() const { return certificates.empty() && requests.empty() && keys.empty(); }
    // The verdict: every input read, something checked, no error found.
    bool ok() const { return !has_errors() && failures.empty() && !nothing_checked(); }
};

// What lint says, in every output, when the input holds nothing it checks.
inline constexpr const char* k_nothing_to_check
    = "no certificate, certificate request or readable key found in the input";

// Lints every certificate in `files` (PKCS#7 bundles included).
LintReport lint_files(const std::vector<load::FileLoad>& files, const Options& options);

} // namespace pkitool::lint
