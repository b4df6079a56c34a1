// Validation of a CA response before it is uploaded to CUCM: the chain and
// its signatures, every certificate through lint, the signed certificate
// against the CSR, the key and the certificate type, duplicates, and the
// order to upload in.
#pragma once

#include "pkitool/finding.hpp"
#include "pkitool/load/input.hpp"
#include "pkitool/profile/profile.hpp"
#include "pkitool/util/time.hpp"
#include "pkitool/validate/names.hpp"
#include "pkitool/x509/csr.hpp"

#include <optional>
#include <string>
#include <vector>

namespace pkitool::validate {

struct Input {
    load::Origin origin;
    x509::Certificate certificate;
    bool from_trust = false; // given with --trust rather than in the response
    bool trusted = false; // from --trust, or byte-identical to a --trust certificate
    // Issuer and subject equal and the signature verifies with its own key;
    // set by validate() once, since each check costs a signature.
    bool self_signed = false;
};

struct Options {
    util::UnixTime at = 0;
    int warn_days = 30;
    const profile::Profile* type = nullptr; // --type
    const x509::Csr* csr = nullptr; // --csr
    // What names the CSR's type, when --type is not given: pkitool's
    // manifest beside the CSR or the CSR's file name (type_from_csr_file).
    const profile::Profile* csr_type = nullptr;
    std::string csr_type_evidence;
    const x509::PublicKey* key = nullptr; // the public half of --key
    std::size_t max_depth = 10; // --max-depth: certificates in a path, leaf and anchor included
    NameCoverage names; // --host, --cluster
    // --botan-check: Botan's x509_path_validate on the chosen path as a
    // second opinion (a warning when it disagrees). Off by default: it
    // parses and verifies everything again, a third of validate's time.
    bool botan_check = false;
    // Objects of the response that could not be read (their load messages):
    // each is an error finding, so the verdict fails and no plan is made,
    // while the rest of the response is still validated.
    std::vector<std::string> unreadable;
};

enum class Role { leaf, intermediate, root, unused };
std::string_view role_name(Role role);

struct CertificateReport {
    std::size_t input = 0; // index into Result::inputs
    Role role = Role::unused;
    std::vector<Finding> findings;
};

struct UploadStep {
    int number = 0;
    std::size_t input = 0;
    Role role = Role::leaf;
    std::string purpose; // what to pick in CUCM: "tomcat-trust", ..., "tomcat"
    std::string file_name; // "1-root-example-root-ca.pem"
};

struct Result {
    std::vector<Input> inputs; // response first, then --trust, duplicates removed
    std::vector<std::size_t> chain; // leaf first, root last
    std::vector<CertificateReport> certificates; // chain order, then unused ones
    std::vector<Finding> general; // findings about the response as a whole
    const profile::Profile* type = nullptr;
    std::string type_source; // "--type", "the CSR", "the certificate's extensions"
    // When the extensions fit several types (tomcat, CallManager and TVS ask
    // for the same usages), each of them; `type` stays empty.
    std::vector<const profile::Profile*> type_candidates;
    std::vector<UploadStep> plan;
    bool anchored = false; // the chain ends at a trust anchor (or, without --trust, a root of the response)
    std::size_t paths_tried = 0;

    // No error in the general findings or in those of a chain certificate:
    // certificates that are not part of the chain do not count.
    bool ok() const;
};

// The type a CSR file names, with the evidence: csr-manifest.json beside it
// (pkitool csr's, matched by the CSR's public key), else the file name,
// pkitool's <host>-<type>.csr, else CUCM's own download name <type>.csr.
// Nothing when neither says.
struct TypeEvidence {
    const profile::Profile* type = nullptr;
    std::string evidence; // "csr-manifest.json beside the CSR", "the file name cucm-pub-tomcat.csr"
};
TypeEvidence type_from_csr_file(const std::string& path, const x509::Csr& csr, const profile::Registry& registry);

// Validates `response` (with optional trusted roots). Never throws for what
// it finds: every problem is a finding; UsageError only when the response
// holds no certificate at all.
Result validate(
    std::vector<Input> response, std::vector<Input> trust, const profile::Registry& registry, const Options& options);

} // namespace pkitool::validate
