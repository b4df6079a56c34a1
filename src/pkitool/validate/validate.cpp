#include "pkitool/validate/validate.hpp"

#include "pkitool/botan_compat.hpp"
#include "pkitool/csr/output.hpp"
#include "pkitool/der/oids.hpp"
#include "pkitool/error.hpp"
#include "pkitool/lint/lint.hpp"
#include "pkitool/lint/rules.hpp"
#include "pkitool/util/digest.hpp"
#include "pkitool/util/file.hpp"
#include "pkitool/util/hex.hpp"
#include "pkitool/util/json.hpp"
#include "pkitool/util/text.hpp"
#include "pkitool/util/time.hpp"
#include "pkitool/validate/path.hpp"

#include <botan/certstor.h>
#include <botan/x509path.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <set>

namespace pkitool::validate {

using lint::finding;
using Findings = std::vector<Finding>;

std::string_view role_name(Role role)
{
    switch (role) {
    case Role::leaf: return "leaf";
    case Role::intermediate: return "intermediate";
    case Role::root: return "root";
    case Role::unused: return "unused";
    }
    return "?";
}

bool Result::ok() const
{
    const auto errors = [](const CertificateReport& c) { return c.role != Role::unused && has_errors(c.findings); };
    return !has_errors(general) && std::none_of(certificates.begin(), certificates.end(), errors);
}

namespace {

bool verifies_itself(const x509::Certificate& c)
{
    return c.self_issued() && x509::check_signature(c, c.public_key).status == x509::SignatureCheck::Status::valid;
}

// Names alone: `issuer` could have issued `child`.
bool issues(const x509::Certificate& issuer, const x509::Certificate& child)
{
    return x509::same_name(issuer.subject, child.issuer);
}

// Removes repeated certificates (same DER), with a finding for each.
void remove_duplicates(std::vector<Input>& inputs, Findings& general)
{
    std::vector<Input> unique;
    for (auto& in : inputs) {
        const auto same = std::find_if(
            unique.begin(), unique.end(), [&](const Input& u) { return u.certificate.der == in.certificate.der; });
        if (same != unique.end()) {
            same->trusted = same->trusted || in.from_trust;
            if (!in.from_trust) {
                general.push_back(finding("dup.same-certificate",
                    in.certificate.subject.to_string() + " appears twice (" + same->origin.to_string() + " and "
                        + in.origin.to_string() + "); CUCM needs it once",
                    util::hex_colons(util::sha256(in.certificate.der))));
            }
            continue;
        }
        unique.push_back(std::move(in));
    }
    inputs = std::move(unique);
}

// Two different certificates with one subject: CUCM keeps one per store,
// the one with the later notBefore.
void same_subjects(const std::vector<Input>& inputs, Findings& general)
{
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        for (std::size_t j = i + 1; j < inputs.size(); ++j) {
            const auto& a = inputs[i].certificate;
            const auto& b = inputs[j].certificate;
            if (a.subject.der != b.subject.der || inputs[i].from_trust || inputs[j].from_trust) {
                continue;
            }
            const auto ta = der::check_time(a.not_before).value.value_or(0);
            const auto tb = der::check_time(b.not_before).value.value_or(0);
            const Input& winner = ta >= tb ? inputs[i] : inputs[j];
            general.push_back(finding("dup.same-subject",
                "two certificates for " + a.subject.to_string() + " (" + inputs[i].origin.to_string() + ", serial "
                    + util::hex_colons(a.serial_number()) + "; " + inputs[j].origin.to_string() + ", serial "
                    + util::hex_colons(b.serial_number()) + "): a CUCM trust store keeps one per subject, the one with "
                    + "the later notBefore: " + winner.origin.to_string(),
                a.subject.to_string()));
        }
    }
}

// The leaf: the certificate with the CSR's or key's public key, else the
// one response certificate that issues no other.
std::optional<std::size_t> find_leaf(const std::vector<Input>& inputs, const Options& options, Findings& general)
{
    const x509::PublicKey* key = options.csr != nullptr ? &options.csr->public_key : options.key;
    if (key != nullptr) {
        for (std::size_t i = 0; i < inputs.size(); ++i) {
            if (!inputs[i].from_trust && inputs[i].certificate.public_key.spki == key->spki) {
                return i;
            }
        }
    }
    std::vector<std::size_t> candidates;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        if (inputs[i].from_trust) {
            continue;
        }
        const bool issues_other = std::any_of(inputs.begin(), inputs.end(), [&](const Input& other) {
            return &other != &inputs[i] && !other.self_signed && issues(inputs[i].certificate, other.certificate);
        });
        if (!issues_other) {
            candidates.push_back(i);
        }
    }
    // A CA certificate or a root that travels along (an unrelated one, say)
    // is no leaf while an end-entity certificate is there.
    const auto end_entity = [&](std::size_t i) { return !inputs[i].certificate.is_ca() && !inputs[i].self_signed; };
    if (std::any_of(candidates.begin(), candidates.end(), end_entity)) {
        candidates.erase(
            std::remove_if(candidates.begin(), candidates.end(), [&](std::size_t i) { return !end_entity(i); }),
            candidates.end());
    }
    if (candidates.size() > 1) {
        std::string names;
        for (const auto i : candidates) {
            names += (names.empty() ? "" : "; ") + inputs[i].certificate.subject.to_string() + " ("
                + inputs[i].origin.to_string() + ")";
        }
        general.push_back(finding("chain.leaf-ambiguous",
            "these certificates issue no other, so each could be the signed certificate: " + names
                + "; give --csr or --key to pick it, or upload them separately",
            std::to_string(candidates.size())));
    }
    if (candidates.empty()) {
        return std::nullopt;
    }
    return candidates.front();
}

// Botan's own path validation, as a second opinion: reported only when
// pkitool's checks found no error, to explain what it saw.
void botan_second_opinion(
    const std::vector<Input>& inputs, const std::vector<std::size_t>& chain, const Options& options, Findings& general)
{
    try {
        std::vector<Botan::X509_Certificate> path;
        for (const auto i : chain) {
            path.emplace_back(inputs[i].certificate.der);
        }
        Botan::Certificate_Store_In_Memory store;
        store.add_certificate(path.back());
        // pkitool's lint reports weak keys and hashes itself; Botan is asked
        // about structure and signatures only.
        const Botan::Path_Validation_Restrictions restrictions(
            false, 80, false, {"SHA-1", "SHA-224", "SHA-256", "SHA-384", "SHA-512", "MD5"});
        const auto when = std::chrono::system_clock::time_point(std::chrono::seconds(options.at));
        const auto result
            = Botan::x509_path_validate(path, restrictions, {&store}, "", Botan::Usage_Type::UNSPECIFIED, when);
        if (!result.successful_validation()) {
            general.push_back(finding(
                "chain.botan", "Botan's path validation says: " + result.result_string(), result.result_string()));
        }
    } catch (const std::exception& e) {
        general.push_back(finding("chain.botan", std::string("Botan could not read the chain: ") + e.what(), e.what()));
    }
}

void compare_subject(const x509::Certificate& cert, const x509::Csr& csr, Findings& out)
{
    std::set<std::string> types;
    for (const auto& rdn : csr.subject.rdns) {
        for (const auto& a : rdn) {
            types.insert(a.oid);
        }
    }
    for (const auto& rdn : cert.subject.rdns) {
        for (const auto& a : rdn) {
            types.insert(a.oid);
        }
    }
    for (const auto& oid : types) {
        const auto want = csr.subject.values(oid);
        const auto have = cert.subject.values(oid);
        const std::string label = der::oid_name(oid);
        if (want == have) {
            continue;
        }
        if (have.empty() && oid == "2.5.4.11") {
            out.push_back(finding(
                "csr.ou-missing", "the CSR asked for OU=" + want.front() + "; the CA left it out", want.front()));
        } else if (want.empty()) {
            out.push_back(finding("csr.subject-extra",
                "the subject has " + label + "=" + have.front() + ", which the CSR did not ask for", have.front()));
        } else {
            out.push_back(finding("csr.subject-differs",
                label + " is \"" + (have.empty() ? std::string("(missing)") : have.front()) + "\", the CSR asked for \""
                    + want.front() + "\"",
                have.empty() ? std::string() : have.front()));
        }
    }
}

void compare_sans(const x509::Certificate& cert, const x509::Csr& csr, Findings& out)
{
    const auto strings = [](const std::optional<std::vector<x509::GeneralName>>& names) {
        std::vector<std::string> v;
        for (const auto& n : names.value_or(std::vector<x509::GeneralName>{})) {
            v.push_back(std::string(n.label()) + ":" + n.value);
        }
        return v;
    };
    const auto want = strings(csr.requested.subject_alt_names);
    const auto have = strings(cert.extensions.subject_alt_names);
    for (const auto& w : want) {
        if (std::find(have.begin(), have.end(), w) == have.end()) {
            out.push_back(
                finding("csr.san-missing", "the CSR asked for " + w + "; the certificate does not have it", w));
        }
    }
    for (const auto& h : have) {
        if (std::find(want.begin(), want.end(), h) == want.end()) {
            out.push_back(finding("csr.san-extra", "the certificate has " + h + ", which the CSR did not ask for", h));
        }
    }
}

// KU/EKU/basicConstraints as the CSR asked: the profile rules, with the CSR
// standing in for the profile.
void compare_usages(const x509::Certificate& cert, const x509::Csr& csr, Findings& out)
{
    profile::Profile asked;
    asked.type = "the CSR";
    asked.key_algorithm = cert.public_key.algorithm == "EC" ? profile::KeyAlgorithm::ec : profile::KeyAlgorithm::rsa;
    asked.multi_server = true;
    asked.key_usage = csr.requested.key_usage;
    asked.extended_key_usage = csr.requested.extended_key_usage;
    asked.basic_constraints = csr.requested.basic_constraints;
    for (const auto& f :
        lint::lint_against_profile(cert.extensions, cert.public_key, cert.subject.common_name(), asked)) {
        if (f.rule == "profile.key-algorithm" || f.rule == "profile.rfc5480-conflict"
            || f.rule == "profile.multi-server") {
            continue;
        }
        const std::string id = "csr." + f.rule.substr(std::string("profile.").size());
        auto message = f.message;
        const std::string who = "cucm/the CSR";
        for (std::size_t pos = message.find(who); pos != std::string::npos; pos = message.find(who)) {
            message.replace(pos, who.size(), "the CSR");
        }
        out.push_back(finding(id, message, f.value));
    }
}

// One fact, one finding: when the CSR and the type ask for the same bit
// and the certificate lacks it (or has one neither asked for), the type's
// finding says so and the CSR's twin (csr.X for profile.X, same value)
// goes.
void report_once(Findings& leaf, Findings& profile_findings)
{
    for (auto& p : profile_findings) {
        const std::string twin = "csr." + p.rule.substr(std::string("profile.").size());
        const auto it = std::find_if(
            leaf.begin(), leaf.end(), [&](const Finding& f) { return f.rule == twin && f.value == p.value; });
        if (it != leaf.end()) {
            leaf.erase(it);
            p.message += " (the CSR asked the same)";
        }
    }
}

std::string file_label(std::string text)
{
    std::string out;
    for (const char c : text) {
        const bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
        const char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        out += keep ? c : (std::isalnum(static_cast<unsigned char>(c)) ? lower : '-');
    }
    return out.empty() ? std::string("certificate") : out;
}

std::vector<UploadStep> upload_plan(const Result& r)
{
    std::vector<UploadStep> plan;
    if (r.chain.empty()) {
        return plan;
    }
    const std::string type = r.type != nullptr ? r.type->type : std::string("<type>");
    const std::string trust = r.type != nullptr && !r.type->trust_store.empty() ? r.type->trust_store : type + "-trust";
    int number = 1;
    for (auto it = r.chain.rbegin(); it != r.chain.rend(); ++it) {
        const std::size_t i = *it;
        const x509::Certificate& c = r.inputs[i].certificate;
        UploadStep step;
        step.number = number;
        step.input = i;
        step.role = i == r.chain.front()
            ? Role::leaf
            : (it == r.chain.rbegin() && r.inputs[i].self_signed ? Role::root : Role::intermediate);
        step.purpose = step.role == Role::leaf ? type : trust;
        const std::string cn = c.subject.common_name().empty() ? c.subject.to_string() : c.subject.common_name();
        step.file_name = std::to_string(number) + "-"
            + (step.role == Role::leaf ? file_label(type) + "-" + file_label(cn.substr(0, cn.find('.')))
                                       : std::string(role_name(step.role)) + "-" + file_label(cn))
            + ".pem";
        plan.push_back(step);
        ++number;
    }
    return plan;
}

// The attempts the builder gave up, so that when no path is valid the
// report says where each one ended and why.
void report_dead_ends(Result& r, const Path& path)
{
    constexpr std::size_t k_shown = 8;
    for (std::size_t n = 0; n < path.dead_ends.size() && n < k_shown; ++n) {
        const auto& dead = path.dead_ends[n];
        std::string via;
        for (std::size_t k = 1; k < dead.path.size(); ++k) {
            via += (k == 1 ? "" : " <- ") + r.inputs[dead.path[k]].certificate.subject.to_string();
        }
        r.general.push_back(finding("chain.dead-end",
            "path " + std::to_string(n + 1) + " not taken (via " + (via.empty() ? std::string("nothing") : via)
                + "): " + dead.reason,
            via));
    }
    if (path.dead_ends.size() > k_shown) {
        r.general.push_back(finding("chain.dead-end",
            std::to_string(path.dead_ends.size() - k_shown) + " more paths not taken", std::string()));
    }
}

} // namespace

Result validate(
    std::vector<Input> response, std::vector<Input> trust, const profile::Registry& registry, const Options& options)
{
    if (response.empty()) {
        throw UsageError("the response holds no certificate");
    }
    Result r;
    r.inputs = std::move(response);
    for (auto& t : trust) {
        t.from_trust = true;
        t.trusted = true;
        r.inputs.push_back(std::move(t));
    }
    remove_duplicates(r.inputs, r.general);
    for (auto& in : r.inputs) {
        in.self_signed = verifies_itself(in.certificate);
    }
    same_subjects(r.inputs, r.general);

    const auto leaf = find_leaf(r.inputs, options, r.general);
    Path path;
    if (leaf) {
        std::vector<PathNode> nodes;
        bool anchors_given = false;
        for (const auto& in : r.inputs) {
            nodes.push_back({&in.certificate, in.trusted, in.self_signed});
            anchors_given = anchors_given || in.trusted;
        }
        path = build_path(nodes, *leaf, {options.at, options.max_depth, anchors_given});
        r.chain = path.nodes;
        r.anchored = path.anchored;
        r.paths_tried = path.paths_tried;
        r.general.insert(r.general.end(), path.ending.begin(), path.ending.end());
        report_dead_ends(r, path);
        if (path.anchored && !anchors_given) {
            const auto& root = r.inputs[r.chain.back()].certificate;
            r.general.push_back(finding("chain.anchor-unverified",
                "the chain ends at " + root.subject.to_string()
                    + ", a root of the response itself: nothing you trust vouches for it, and uploading it makes "
                      "CUCM trust it. Compare its fingerprints with the CA's, out of band, first: SHA-256 "
                    + util::hex_colons(util::sha256(root.der)) + ", SHA-1 (as CUCM shows it) "
                    + util::hex_colons(util::sha1(root.der)),
                util::hex_colons(util::sha256(root.der))));
        }
    }
    for (std::size_t k = 0; k < r.chain.size(); ++k) {
        const bool root = k + 1 == r.chain.size() && r.inputs[r.chain[k]].self_signed;
        r.certificates.push_back({r.chain[k], k == 0 ? Role::leaf : (root ? Role::root : Role::intermediate),
            k < path.findings.size() ? path.findings[k] : Findings{}});
    }
    for (std::size_t i = 0; i < r.inputs.size(); ++i) {
        if (!r.inputs[i].from_trust && std::find(r.chain.begin(), r.chain.end(), i) == r.chain.end()) {
            CertificateReport unused{i, Role::unused, {}};
            unused.findings.push_back(finding("chain.unused",
                "not part of the chain of "
                    + (leaf ? r.inputs[*leaf].certificate.subject.to_string() : std::string("the leaf"))
                    + "; leave it out of the upload or upload it as a trust certificate on its own (its findings "
                      "below do not count for the verdict)",
                r.inputs[i].certificate.subject.to_string()));
            r.certificates.push_back(std::move(unused));
        }
    }

    // Every certificate of the chain through lint: CUCM rejects the whole
    // chain for one badly encoded root.
    // In a path an unknown critical extension is an error, which path
    // processing reports (chain.unknown-critical); lint's warning for the
    // same fact goes.
    for (auto& c : r.certificates) {
        auto more = lint::lint_certificate(r.inputs[c.input].certificate, lint::Options{options.at});
        if (c.role != Role::unused) {
            more.erase(std::remove_if(
                           more.begin(), more.end(), [](const Finding& f) { return f.rule == "ext.unknown-critical"; }),
                more.end());
        }
        c.findings.insert(c.findings.begin(), more.begin(), more.end());
    }

    if (leaf) {
        const x509::Certificate& cert = r.inputs[*leaf].certificate;
        auto& leaf_findings = r.certificates.front().findings;
        if (const auto not_after = der::check_time(cert.not_after).value; not_after && *not_after >= options.at
            && *not_after - options.at < std::int64_t{options.warn_days} * util::k_seconds_per_day) {
            leaf_findings.push_back(finding("chain.expiring",
                "expires on " + util::format_iso(*not_after) + ", within " + std::to_string(options.warn_days)
                    + " days",
                util::format_iso(*not_after)));
        }
        if (options.csr != nullptr) {
            if (cert.public_key.spki != options.csr->public_key.spki) {
                leaf_findings.push_back(finding("csr.key-mismatch",
                    "the certificate's key is not the CSR's: this is not the answer to that request",
                    util::hex(util::sha256(cert.public_key.spki))));
            } else {
                compare_subject(cert, *options.csr, leaf_findings);
                compare_sans(cert, *options.csr, leaf_findings);
                compare_usages(cert, *options.csr, leaf_findings);
            }
        }
        if (options.key != nullptr && cert.public_key.spki != options.key->spki) {
            leaf_findings.push_back(finding("key.mismatch", "the certificate's key is not the given private key",
                util::hex(util::sha256(cert.public_key.spki))));
        }
        // The type: --type, else what the CSR asks for, else the certificate.
        if (options.type != nullptr) {
            r.type = options.type;
            r.type_source = "--type";
        } else if (options.csr_type != nullptr) {
            r.type = options.csr_type;
            r.type_source = options.csr_type_evidence;
        } else {
            const bool from_csr = options.csr != nullptr;
            r.type_candidates = from_csr
                ? lint::types_matching(
                    registry, options.csr->requested, options.csr->public_key, options.csr->subject.common_name())
                : lint::types_matching(registry, cert.extensions, cert.public_key, cert.subject.common_name());
            r.type_source = from_csr ? "the CSR" : "the certificate's extensions";
            if (r.type_candidates.size() == 1) {
                r.type = r.type_candidates.front();
                r.type_candidates.clear();
            }
        }
        if (r.type != nullptr) {
            auto more
                = lint::lint_against_profile(cert.extensions, cert.public_key, cert.subject.common_name(), *r.type);
            report_once(leaf_findings, more);
            leaf_findings.insert(leaf_findings.end(), more.begin(), more.end());
        }
        const auto named = check_names(cert, r.type, registry, options.names);
        leaf_findings.insert(leaf_findings.end(), named.begin(), named.end());
        if (r.type == nullptr && r.type_candidates.empty()) {
            r.general.push_back(finding("type.unknown",
                "the key usages of " + r.type_source
                    + " match no certificate type; give --type to check them and to "
                      "name the upload purpose"));
        } else if (r.type == nullptr) {
            std::string names;
            for (const auto* p : r.type_candidates) {
                names += (names.empty() ? "" : ", ") + p->type;
            }
            r.general.push_back(finding("type.ambiguous",
                "the key usages of " + r.type_source + " fit " + names
                    + " alike; give --type to check the type's own rules and to name the upload purpose",
                names));
        }
    }
    for (const auto& message : options.unreadable) {
        r.general.push_back(finding("input.unreadable", message + "; it was left out and the rest validated"));
    }
    if (options.botan_check && !r.chain.empty() && r.ok()) {
        botan_second_opinion(r.inputs, r.chain, options, r.general);
    }
    r.plan = upload_plan(r);
    return r;
}

TypeEvidence type_from_csr_file(const std::string& path, const x509::Csr& csr, const profile::Registry& registry)
{
    const std::filesystem::path file(path);
    // pkitool csr's manifest: the request with this CSR's public key.
    const auto manifest = file.parent_path() / csr::k_manifest_name;
    std::error_code ec;
    if (std::filesystem::is_regular_file(manifest, ec)) {
        const auto doc = csr::read_manifest(manifest);
        const std::string key = util::hex(util::sha256(csr.public_key.spki));
        const auto* requests = doc.find("requests");
        for (const auto& entry : requests != nullptr ? requests->array : std::vector<util::Json>{}) {
            if (entry.text("public_key_sha256") != key) {
                continue;
            }
            const auto product = entry.text("product");
            for (const auto& p : registry.all()) {
                if (p.type == entry.text("type") && std::string(profile::product_name(p.product)) == product) {
                    return {&p, manifest.filename().string() + " beside the CSR (" + entry.text("csr_file") + ")"};
                }
            }
        }
    }
    std::string stem = file.filename().string();
    for (const char* ext : {".csr", ".pem", ".der", ".req"}) {
        if (stem.size() > std::string_view(ext).size() && stem.ends_with(ext)) {
            stem.resize(stem.size() - std::string_view(ext).size());
            break;
        }
    }
    // The longest type name that ends the stem wins: "CallManager-ECDSA"
    // before a type named "ECDSA", were there one.
    const profile::Profile* best = nullptr;
    bool whole = false;
    for (const auto& p : registry.all()) {
        const std::string type = util::ascii_lower(p.type);
        const std::string s = util::ascii_lower(stem);
        const bool is_whole = s == type;
        const bool is_tail = s.size() > type.size() + 1 && s.ends_with("-" + type);
        if ((is_whole || is_tail) && (best == nullptr || p.type.size() > best->type.size())) {
            best = &p;
            whole = is_whole;
        }
    }
    if (best == nullptr) {
        return {};
    }
    return {best,
        whole ? "the CSR's file name " + file.filename().string() + ", CUCM's download name <type>.csr"
              : "the CSR's file name " + file.filename().string() + ", pkitool's <host>-<type>.csr"};
}

} // namespace pkitool::validate
