#include "pkitool/lint/lint.hpp"

#include "pkitool/der/oids.hpp"
#include "pkitool/error.hpp"
#include "pkitool/lint/rules.hpp"
#include "pkitool/util/hex.hpp"

#include <algorithm>
#include <array>

namespace pkitool::lint {

namespace {

using Findings = std::vector<Finding>;

std::string_view time_rule(der::TimeIssue issue, const der::RawTime& t)
{
    switch (issue) {
    case der::TimeIssue::wrong_tag: return "time.wrong-tag";
    case der::TimeIssue::bad_characters: return "time.bad-characters";
    case der::TimeIssue::no_seconds:
        return t.tag == der::tag::utc_time ? "time.utc-no-seconds" : "time.generalized-no-seconds";
    case der::TimeIssue::fractional_seconds: return "time.fractional-seconds";
    case der::TimeIssue::not_zulu: return "time.not-zulu";
    case der::TimeIssue::invalid_value: return "time.invalid-value";
    case der::TimeIssue::generalized_before_2050: return "time.generalized-before-2050";
    }
    return "time.bad-characters";
}

// Checks one validity time; returns its value when it can be read.
std::optional<util::UnixTime> check_time(const char* field, const der::RawTime& t, Findings& out)
{
    const auto check = der::check_time(t);
    for (const auto issue : check.issues) {
        const auto id = time_rule(issue, t);
        out.push_back(finding(id,
            std::string(field) + " " + t.tag_name() + " \"" + t.text + "\": " + std::string(rule(id).summary), t.text));
    }
    return check.value;
}

void check_validity(const x509::Certificate& cert, const Options& options, Findings& out)
{
    const auto not_before = check_time("notBefore", cert.not_before, out);
    const auto not_after = check_time("notAfter", cert.not_after, out);
    if (!not_before || !not_after) {
        return;
    }
    if (*not_before > *not_after) {
        out.push_back(finding("validity.inverted",
            "notBefore " + util::format_iso(*not_before) + " is after notAfter " + util::format_iso(*not_after),
            util::format_iso(*not_before)));
        return;
    }
    if (options.at > *not_after) {
        out.push_back(finding("validity.expired",
            "expired on " + util::format_iso(*not_after) + " (checked at " + util::format_iso(options.at) + ")",
            util::format_iso(*not_after)));
    } else if (options.at < *not_before) {
        out.push_back(finding("validity.not-yet-valid",
            "not valid until " + util::format_iso(*not_before) + " (checked at " + util::format_iso(options.at) + ")",
            util::format_iso(*not_before)));
    }
}

void check_key(const x509::PublicKey& key, Findings& out)
{
    const std::string size = std::to_string(key.bits);
    if (key.algorithm == "RSA") {
        if (key.bits < 1024) {
            out.push_back(finding("key.rsa-weak", "RSA key of " + size + " bits is breakable", size));
        } else if (key.bits < 2048) {
            out.push_back(finding("key.rsa-small", "RSA key of " + size + " bits; use 2048 or more", size));
        } else if (key.bits > 4096) {
            out.push_back(
                finding("key.rsa-too-large", "RSA key of " + size + " bits; CUCM accepts at most 4096", size));
        }
    } else if (key.algorithm == "EC") {
        if (key.curve == "explicit parameters") {
            out.push_back(finding("key.ec-explicit",
                "EC key with explicit curve parameters; RFC 5480 and CUCM want a named curve (namedCurve OID)",
                key.curve));
        } else if (key.curve != "P-256" && key.curve != "P-384") {
            out.push_back(
                finding("key.ec-curve", "EC curve " + key.curve + "; CUCM offers P-256 and P-384", key.curve));
        }
    } else {
        out.push_back(
            finding("key.algorithm", key.algorithm + " key; CUCM uses RSA and ECDSA keys only", key.algorithm));
    }
}

// The digest a signature algorithm uses: from the OID, or for RSASSA-PSS
// from its parameters (RFC 4055: hashAlgorithm [0], SHA-1 by default).
std::string signature_digest(const x509::AlgorithmIdentifier& alg)
{
    if (alg.oid != der::oid::rsassa_pss) {
        return std::string(der::signature_digest(alg.oid));
    }
    try {
        if (alg.parameters.empty()) {
            return "SHA-1";
        }
        der::Reader r(alg.parameters, "RSASSA-PSS-params");
        auto params = r.next(der::tag::sequence, "params").children();
        if (const auto hash = params.next_if_context(0, "hashAlgorithm")) {
            auto inner = hash->children();
            return der::oid_name(x509::parse_algorithm_identifier(inner.next("hash")).oid);
        }
        return "SHA-1";
    } catch (const Error&) {
        return {};
    }
}

void check_signature_algorithm(const x509::Certificate& cert, Findings& out)
{
    const auto& name = cert.signature_algorithm.name;
    const std::string digest = signature_digest(cert.signature_algorithm);
    const std::string shown
        = name == cert.signature_algorithm.oid ? name : name + " (" + cert.signature_algorithm.oid + ")";
    if (digest == "MD5" || digest == "MD4" || digest == "MD2") {
        out.push_back(
            finding("sig.md5", "signed with " + shown + ", a " + digest + " signature, which is broken", name));
    } else if (digest == "SHA-1" || digest == "SHA-0") {
        out.push_back(finding("sig.sha1",
            "signed with " + shown + ", a " + digest + " signature; SHA-1 signatures are deprecated", name));
    } else if (digest.empty()) {
        out.push_back(finding(
            "sig.unknown", "signature algorithm " + shown + " is unknown to pkitool", cert.signature_algorithm.oid));
    }
    if (cert.signature_algorithm.oid != cert.tbs_signature_algorithm.oid
        || cert.signature_algorithm.parameters != cert.tbs_signature_algorithm.parameters) {
        out.push_back(finding("sig.algorithm-mismatch",
            "tbsCertificate says " + cert.tbs_signature_algorithm.name + ", the signature is " + name,
            cert.tbs_signature_algorithm.name));
    }
}

void check_names(const x509::Certificate& cert, Findings& out)
{
    for (const auto& cn : cert.subject.values(der::oid::common_name)) {
        if (cn.find('*') != std::string::npos) {
            out.push_back(finding("name.wildcard", "subject CN \"" + cn + "\" is a wildcard", cn));
        }
    }
    if (cert.extensions.subject_alt_names) {
        for (const auto& san : *cert.extensions.subject_alt_names) {
            if (san.value.find('*') != std::string::npos) {
                out.push_back(finding("name.wildcard",
                    "SAN " + std::string(san.label()) + ":" + san.value + " is a wildcard", san.value));
            }
        }
    }
}

void check_ca(const x509::Certificate& cert, Findings& out)
{
    const auto& ku = cert.extensions.key_usage;
    const bool cert_sign = ku && ku->has(x509::KeyUsageBit::key_cert_sign);
    if (cert_sign && !cert.is_ca()) {
        out.push_back(finding("ca.keycertsign-without-ca",
            "keyUsage has keyCertSign but basicConstraints does not say cA=TRUE", "keyCertSign"));
    }
    if (cert.is_ca() && ku && !cert_sign) {
        out.push_back(finding("ca.ca-without-keycertsign", "cA=TRUE but keyUsage lacks keyCertSign", "cA=TRUE"));
    }
    if (cert.is_ca() && !ku) {
        out.push_back(finding("ca.no-key-usage", "CA certificate without a keyUsage extension (RFC 5280 4.2.1.3)"));
    }
}

void check_serial(const std::vector<std::uint8_t>& serial, Findings& out)
{
    if (serial.empty()) {
        return; // a deviation of its own (der.serial-empty)
    }
    const std::string value = util::hex_colons(serial);
    if ((serial[0] & 0x80) != 0) {
        out.push_back(finding("der.serial-negative", "serial number " + value + " is negative", value));
    }
    if (serial.size() > 1
        && ((serial[0] == 0x00 && (serial[1] & 0x80) == 0) || (serial[0] == 0xFF && (serial[1] & 0x80) != 0))) {
        out.push_back(
            finding("der.serial-padding", "serial number " + value + " has a redundant leading octet", value));
    }
    // A positive serial may need a leading 0x00, so 21 octets can hold 20.
    const std::size_t significant = serial.size() - (serial.size() > 1 && serial[0] == 0x00 ? 1 : 0);
    if (significant > 20) {
        out.push_back(finding("der.serial-too-long",
            "serial number is " + std::to_string(significant) + " octets; RFC 5280 allows 20", value));
    }
    if (std::all_of(serial.begin(), serial.end(), [](std::uint8_t b) { return b == 0; })) {
        out.push_back(finding("der.serial-zero", "serial number is zero; RFC 5280 requires a positive one", value));
    }
}

void check_encoding(const x509::Certificate& cert, Findings& out)
{
    if (cert.non_der_offset) {
        out.push_back(finding("der.not-der",
            "not DER: the encoding differs from the canonical one at byte " + std::to_string(*cert.non_der_offset),
            std::to_string(*cert.non_der_offset)));
    }
    if (cert.version_default_encoded) {
        out.push_back(finding("der.default-encoded", "version v1 is encoded; DER omits the DEFAULT", "v1"));
    }
    for (const auto& what : cert.extensions.default_encoded) {
        out.push_back(finding("der.default-encoded", what));
    }
    for (const auto& what : cert.extensions.bad_booleans) {
        out.push_back(finding("der.boolean", what));
    }
    check_serial(cert.serial, out);
}

// Extensions whose meaning pkitool (and any CUCM-facing verifier) knows.
void check_extensions(const x509::Certificate& cert, Findings& out)
{
    for (const auto& oid : cert.extensions.duplicates) {
        out.push_back(finding("ext.duplicate", der::oid_name(oid) + " appears more than once", oid));
    }
    for (const auto& what : cert.extensions.malformed) {
        out.push_back(finding("ext.malformed", what));
    }
    // RFC 5280 4.2.1.1, 4.2.1.2 and 4.2.2.1: conforming CAs mark these
    // non-critical.
    static constexpr std::array<std::string_view, 3> k_never_critical = {
        "2.5.29.35", // authorityKeyIdentifier
        "2.5.29.14", // subjectKeyIdentifier
        "1.3.6.1.5.5.7.1.1", // authorityInfoAccess
    };
    for (const auto& ext : cert.extensions.all) {
        if (ext.critical
            && std::find(k_never_critical.begin(), k_never_critical.end(), ext.oid) != k_never_critical.end()) {
            out.push_back(finding("ext.must-be-noncritical",
                der::oid_name(ext.oid) + " is marked critical; RFC 5280 requires it non-critical", ext.oid));
            continue;
        }
        if (ext.critical && !is_known_extension(ext.oid)) {
            out.push_back(finding("ext.unknown-critical",
                "critical extension " + der::oid_name(ext.oid)
                    + " is unknown; verifiers that do not know it must reject the certificate",
                ext.oid));
        }
    }
}

} // namespace

// The extensions pkitool decodes or deliberately passes over (the policy
// extensions: pkitool does no policy processing, and CUCM none either).
bool is_known_extension(const std::string& oid)
{
    static constexpr std::array<std::string_view, 11> k_known = {
        "2.5.29.14",
        "2.5.29.15",
        "2.5.29.17",
        "2.5.29.19",
        "2.5.29.30",
        "2.5.29.32",
        "2.5.29.33",
        "2.5.29.35",
        "2.5.29.36",
        "2.5.29.37",
        "2.5.29.54",
    };
    return std::find(k_known.begin(), k_known.end(), oid) != k_known.end();
}

std::vector<Finding> lint_certificate(const x509::Certificate& cert, const Options& options)
{
    Findings out;
    check_validity(cert, options, out);
    check_key(cert.public_key, out);
    check_signature_algorithm(cert, out);
    check_names(cert, out);
    check_ca(cert, out);
    check_encoding(cert, out);
    check_extensions(cert, out);
    for (const auto& d : cert.deviations) {
        out.push_back(finding(d));
    }
    return out;
}

bool LintReport::has_errors() const
{
    return std::any_of(certificates.begin(), certificates.end(), [](const LintedCertificate& c) {
        return pkitool::has_errors(c.findings);
    }) || std::any_of(requests.begin(), requests.end(), [](const LintedRequest& r) {
        return pkitool::has_errors(r.findings);
    }) || std::any_of(keys.begin(), keys.end(), [](const LintedKey& k) { return pkitool::has_errors(k.findings); });
}

// The key usages a certificate's use depends on: digitalSignature (TLS
// with ECDHE, signing the ITL/CTL), keyEncipherment (TLS with RSA key
// transport), keyCertSign (CAPF issues phone certificates). A type's other
// bits (dataEncipherment, nonRepudiation, keyAgreement) are asked for in
// the CSR, but nothing breaks without them: CUCM's upload compares no key
// usage with its CSR, and a CA template built on Microsoft's "Web Server"
// drops dataEncipherment.
constexpr std::uint16_t k_ku_tls_needs = (1U << static_cast<int>(x509::KeyUsageBit::digital_signature))
    | (1U << static_cast<int>(x509::KeyUsageBit::key_encipherment))
    | (1U << static_cast<int>(x509::KeyUsageBit::key_cert_sign));

namespace {

// An EC type needs an EC key, the others an RSA one.
bool key_algorithm_fits(const x509::PublicKey& key, const profile::Profile& p)
{
    return (key.algorithm == "EC") == (p.key_algorithm == profile::KeyAlgorithm::ec);
}

// The profile rules, in one place for both uses below: each departure
// goes to `report(rule, message, value)`, message and value as functions,
// so that types_matching, which only asks whether a type fits, builds no
// text (classifying 25,000 certificates built millions of strings);
// `report` returns false to stop.
template <typename Report>
void check_profile(const x509::Extensions& ext, const x509::PublicKey& key, std::string_view common_name,
    const profile::Profile& p, Report&& report)
{
    const auto type = [&p] { return p.id(); };
    const bool ec = key.algorithm == "EC";
    const bool ec_type = p.key_algorithm == profile::KeyAlgorithm::ec;
    if (!key_algorithm_fits(key, p)
        && !report(
            "profile.key-algorithm",
            [&] {
                return type() + " needs an " + std::string(profile::key_algorithm_name(p.key_algorithm))
                    + " key, this is " + key.description();
            },
            [&] { return key.algorithm; })) {
        return;
    }
    if (p.key_usage) {
        const std::uint16_t have = ext.key_usage ? ext.key_usage->bits : 0;
        const std::uint16_t want = p.key_usage->bits;
        // RFC 5480: keyEncipherment and dataEncipherment never go with an EC
        // key; that conflict is only worth a word for the -ECDSA types.
        const auto rfc5480 = static_cast<std::uint16_t>((1U << static_cast<int>(x509::KeyUsageBit::key_encipherment))
            | (1U << static_cast<int>(x509::KeyUsageBit::data_encipherment)));
        for (std::size_t i = 0; i < x509::k_key_usage_names.size(); ++i) {
            const auto bit = static_cast<std::uint16_t>(1U << i);
            const std::string_view name = x509::k_key_usage_names[i];
            const auto value = [name] { return std::string(name); };
            bool go_on = true;
            if ((want & bit) != 0 && (have & bit) == 0) {
                if (ec && ec_type && (bit & rfc5480) != 0) {
                    go_on = report(
                        "profile.rfc5480-dropped",
                        [&] {
                            return value() + " is missing; " + type()
                                + " asks for it, but RFC 5480 forbids it with an EC key and CUCM accepts the "
                                  "certificate without it";
                        },
                        value);
                } else if ((bit & k_ku_tls_needs) == 0) {
                    go_on = report(
                        "profile.ku-missing-accepted",
                        [&] {
                            return "keyUsage lacks " + value() + ", which " + type()
                                + " asks for; no TLS or signing use of the certificate needs it, and CUCM accepts "
                                  "the certificate without it";
                        },
                        value);
                } else {
                    go_on = report(
                        "profile.ku-missing",
                        [&] { return "keyUsage lacks " + value() + ", which " + type() + " needs"; }, value);
                }
            } else if ((want & bit) == 0 && (have & bit) != 0) {
                go_on = report(
                    "profile.ku-extra",
                    [&] { return "keyUsage has " + value() + ", which " + type() + " does not ask for"; }, value);
            } else if ((want & bit) != 0 && ec && ec_type && (bit & rfc5480) != 0) {
                go_on = report(
                    "profile.rfc5480-conflict",
                    [&] {
                        return value() + " with an EC key: " + type()
                            + " asks for it, RFC 5480 forbids it; a CA that follows RFC 5480 will drop it";
                    },
                    value);
            }
            if (!go_on) {
                return;
            }
        }
    }
    if (p.extended_key_usage) {
        static const std::vector<std::string> none;
        const auto& have = ext.extended_key_usage ? *ext.extended_key_usage : none;
        const auto& want = *p.extended_key_usage;
        for (const auto& oid : want) {
            const auto value = [&oid] { return der::oid_name(oid); };
            if (std::find(have.begin(), have.end(), oid) == have.end()
                && !report(
                    "profile.eku-missing",
                    [&] { return "extendedKeyUsage lacks " + value() + ", which " + type() + " needs"; }, value)) {
                return;
            }
        }
        for (const auto& oid : have) {
            const auto value = [&oid] { return der::oid_name(oid); };
            if (std::find(want.begin(), want.end(), oid) == want.end()
                && !report(
                    "profile.eku-extra",
                    [&] { return "extendedKeyUsage has " + value() + ", which " + type() + " does not ask for"; },
                    value)) {
                return;
            }
        }
    }
    const bool is_ca = ext.basic_constraints && ext.basic_constraints->ca;
    const bool want_ca = p.basic_constraints && p.basic_constraints->ca;
    if (want_ca != is_ca
        && !report(
            "profile.basic-constraints",
            [&] {
                return want_ca ? type() + " must be a CA certificate (basicConstraints cA=TRUE)"
                               : type() + " must not be a CA certificate, this one says cA=TRUE";
            },
            [&] { return std::string(is_ca ? "cA=TRUE" : "cA=FALSE"); })) {
        return;
    }
    static const std::vector<x509::GeneralName> no_names;
    for (const auto& name : ext.subject_alt_names ? *ext.subject_alt_names : no_names) {
        if (name.kind == x509::GeneralName::Kind::ip
            && !report(
                "profile.san-ip",
                [&] {
                    return "subjectAltName IP:" + name.value + ": CUCM's own " + type()
                        + " CSRs carry DNS names only; phones and peers that check names compare them with DNS names";
                },
                [&] { return name.value; })) {
            return;
        }
    }
    const auto first_label = common_name.substr(0, common_name.find('.'));
    if (!p.multi_server && first_label.size() > 3 && first_label.ends_with("-ms")) {
        report(
            "profile.multi-server",
            [&] {
                return "CN " + std::string(common_name) + " is a multi-server name, but " + type()
                    + " has no multi-server form";
            },
            [&] { return std::string(common_name); });
    }
}

} // namespace

std::vector<Finding> lint_against_profile(
    const x509::Extensions& ext, const x509::PublicKey& key, const std::string& common_name, const profile::Profile& p)
{
    Findings out;
    check_profile(ext, key, common_name, p, [&out](std::string_view rule, const auto& message, const auto& value) {
        out.push_back(finding(rule, message(), value()));
        return true;
    });
    return out;
}

std::vector<const profile::Profile*> types_matching(
    const profile::Registry& registry, const x509::Extensions& ext, const x509::PublicKey& key, const std::string& cn)
{
    std::vector<const profile::Profile*> out;
    for (const auto& p : registry.all()) {
        // The same type of both products (tomcat, ipsec) counts once.
        const bool seen
            = std::any_of(out.begin(), out.end(), [&](const profile::Profile* q) { return q->type == p.type; });
        // A key of the other algorithm never fits: the other rules are spared.
        if (!p.csr_allowed || seen || !key_algorithm_fits(key, p)) {
            continue;
        }
        // It fits when every departure is a note, or a keyUsage bit RFC
        // 5480 made the CA drop: the first other one decides.
        bool fits = true;
        check_profile(ext, key, cn, p, [&fits](std::string_view rule, const auto&, const auto&) {
            fits = rule == "profile.rfc5480-dropped" || lint::rule(rule).severity == Severity::note;
            return fits;
        });
        if (fits) {
            out.push_back(&p);
        }
    }
    return out;
}

namespace {

// Certificates that issue no other certificate of the input: the ones a
// profile describes (a chain's CAs are checked by the generic rules only).
bool issues_another(const x509::Certificate& cert, const std::vector<load::FileLoad>& files)
{
    for (const auto& file : files) {
        for (const auto& item : file.result.items) {
            const auto* other = std::get_if<x509::Certificate>(&item.content);
            if (other != nullptr && other->der != cert.der && other->issuer.der == cert.subject.der) {
                return true;
            }
        }
    }
    return false;
}

} // namespace

std::vector<Finding> lint_request(const x509::Csr& csr, const Options& options)
{
    Findings out;
    check_key(csr.public_key, out);
    for (const auto& d : csr.deviations) {
        out.push_back(finding(d));
    }
    if (options.profile != nullptr) {
        const auto more
            = lint_against_profile(csr.requested, csr.public_key, csr.subject.common_name(), *options.profile);
        out.insert(out.end(), more.begin(), more.end());
    }
    return out;
}

LintReport lint_files(const std::vector<load::FileLoad>& files, const Options& options)
{
    LintReport out;
    out.at = options.at;
    if (options.profile != nullptr) {
        out.profile = options.profile->id();
    }
    for (const auto& file : files) {
        for (const auto& item : file.result.items) {
            if (const auto* cert = std::get_if<x509::Certificate>(&item.content)) {
                auto findings = lint_certificate(*cert, options);
                if (options.profile != nullptr && !issues_another(*cert, files)) {
                    const auto more = lint_against_profile(
                        cert->extensions, cert->public_key, cert->subject.common_name(), *options.profile);
                    findings.insert(findings.end(), more.begin(), more.end());
                }
                out.certificates.push_back({item.origin, *cert, std::move(findings)});
            } else if (const auto* csr = std::get_if<x509::Csr>(&item.content)) {
                out.requests.push_back({item.origin, *csr, lint_request(*csr, options)});
            } else if (const auto* key = std::get_if<x509::PrivateKeyInfo>(&item.content);
                       key != nullptr && !key->algorithm.empty()) {
                Findings findings;
                check_key(x509::PublicKey{"", key->algorithm, key->bits, key->curve, {}, {}}, findings);
                out.keys.push_back({item.origin, key->description(), std::move(findings)});
            } else if (const auto* pub = std::get_if<x509::PublicKey>(&item.content)) {
                Findings findings;
                check_key(*pub, findings);
                for (const auto& d : pub->deviations) {
                    findings.push_back(finding(d));
                }
                out.keys.push_back({item.origin, pub->description(), std::move(findings)});
            } else if (!std::holds_alternative<load::Pkcs7Summary>(item.content)) {
                ++out.other_items;
            }
        }
        out.failures.insert(out.failures.end(), file.result.failures.begin(), file.result.failures.end());
    }
    return out;
}

} // namespace pkitool::lint
