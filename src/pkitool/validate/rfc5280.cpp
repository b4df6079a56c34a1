#include "pkitool/validate/rfc5280.hpp"

#include "pkitool/der/oids.hpp"
#include "pkitool/lint/lint.hpp"
#include "pkitool/lint/rules.hpp"
#include "pkitool/util/hex.hpp"
#include "pkitool/util/text.hpp"
#include "pkitool/util/time.hpp"

#include <algorithm>
#include <arpa/inet.h>
#include <cctype>
#include <cstdint>
#include <map>
#include <optional>

namespace pkitool::validate {

using lint::finding;
using x509::GeneralName;
using Findings = std::vector<Finding>;

using util::ascii_lower;

namespace {

bool ends_with(std::string_view text, std::string_view tail)
{
    return text.size() >= tail.size() && text.substr(text.size() - tail.size()) == tail;
}

// A host name of letter-digit-hyphen labels (RFC 1034 preferred syntax, as
// RFC 5280 asks of dNSName), optionally "*." in front when `wildcard`.
bool valid_host(std::string_view host, bool wildcard)
{
    if (wildcard && host.substr(0, 2) == "*.") {
        host.remove_prefix(2);
    }
    if (host.empty() || host.size() > 253) {
        return false;
    }
    std::size_t start = 0;
    while (true) {
        const auto dot = host.find('.', start);
        const auto label = host.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
        if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
            return false;
        }
        for (const char c : label) {
            if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '-') {
                return false;
            }
        }
        if (dot == std::string_view::npos) {
            return true;
        }
        start = dot + 1;
    }
}

// `host` is `domain` (unless `strict`) or a name below it.
bool in_domain(std::string_view host, std::string_view domain, bool strict)
{
    return (host == domain && !strict) || ends_with(host, "." + std::string(domain));
}

// dNSName: "example.com" is itself and everything below it, ".example.com"
// only what is below; the empty base is every name. A wildcard name "*.R"
// stands for every name one label below R: it lies within a subtree when
// R does, and meets an excluded subtree also when the subtree is one of
// its instances.
std::optional<bool> dns_match(std::string_view name_in, std::string_view base_in, bool excluded)
{
    const std::string name = ascii_lower(name_in);
    std::string base = ascii_lower(base_in);
    if (base.empty()) {
        return valid_host(name, true) ? std::optional<bool>(true) : std::nullopt;
    }
    const bool strict = base.front() == '.';
    if (strict) {
        base.erase(0, 1);
    }
    if (!valid_host(base, false) || !valid_host(name, true)) {
        return std::nullopt;
    }
    if (name.substr(0, 2) != "*.") {
        return in_domain(name, base, strict);
    }
    const std::string rest = name.substr(2);
    if (in_domain(rest, base, false)) {
        return true;
    }
    return excluded && !strict && in_domain(base, rest, true) && base.find('.') == base.size() - rest.size() - 1;
}

// rfc822Name: a base with "@" is one mailbox (the local part compared
// exactly, the host without case), ".example.com" any host below it,
// "example.com" that host.
std::optional<bool> email_match(std::string_view name, std::string_view base)
{
    const auto at = name.find('@');
    if (at == std::string_view::npos || at == 0 || name.find('@', at + 1) != std::string_view::npos) {
        return std::nullopt;
    }
    const std::string host = ascii_lower(name.substr(at + 1));
    if (base.empty()) {
        return std::nullopt;
    }
    if (const auto base_at = base.find('@'); base_at != std::string_view::npos) {
        const std::string base_host = ascii_lower(base.substr(base_at + 1));
        if (base_at == 0 || base.find('@', base_at + 1) != std::string_view::npos || !valid_host(base_host, false)) {
            return std::nullopt;
        }
        return name.substr(0, at) == base.substr(0, base_at) && host == base_host;
    }
    const bool strict = base.front() == '.';
    const std::string domain = ascii_lower(strict ? base.substr(1) : base);
    if (!valid_host(domain, false)) {
        return std::nullopt;
    }
    return valid_host(host, false) && in_domain(host, domain, strict) && (strict || host == domain);
}

bool looks_numeric(std::string_view host)
{
    const auto last = host.substr(host.rfind('.') + 1);
    return !last.empty() && (std::all_of(last.begin(), last.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c));
    }) || ascii_lower(last.substr(0, 2)) == "0x");
}

// The host of a URI with an authority (RFC 3986): no userinfo, no port.
std::optional<std::string> uri_host(std::string_view uri)
{
    const auto colon = uri.find(':');
    if (colon == std::string_view::npos || colon == 0 || uri.substr(colon + 1, 2) != "//") {
        return std::nullopt;
    }
    auto authority = uri.substr(colon + 3);
    authority = authority.substr(0, authority.find_first_of("/?#"));
    if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
        authority.remove_prefix(at + 1);
    }
    if (authority.empty() || authority.front() == '[') {
        return std::nullopt;
    }
    if (const auto port = authority.rfind(':'); port != std::string_view::npos) {
        const auto digits = authority.substr(port + 1);
        if (!std::all_of(
                digits.begin(), digits.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
            return std::nullopt;
        }
        authority = authority.substr(0, port);
    }
    const std::string host = ascii_lower(authority);
    if (!valid_host(host, false) || looks_numeric(host)) {
        return std::nullopt;
    }
    return host;
}

// uniformResourceIdentifier: the constraint applies to the host;
// ".example.com" is any host below it, "host.example.com" that host only.
std::optional<bool> uri_match(std::string_view name, std::string_view base_in)
{
    const auto host = uri_host(name);
    std::string base = ascii_lower(base_in);
    const bool strict = !base.empty() && base.front() == '.';
    if (strict) {
        base.erase(0, 1);
    }
    if (!host || !valid_host(base, false)) {
        return std::nullopt;
    }
    return strict ? in_domain(*host, base, true) : *host == base;
}

bool contiguous_mask(const std::uint8_t* mask, std::size_t size)
{
    bool zero_seen = false;
    for (std::size_t i = 0; i < size; ++i) {
        for (int bit = 7; bit >= 0; --bit) {
            const bool one = ((mask[i] >> bit) & 1U) != 0;
            if (one && zero_seen) {
                return false;
            }
            zero_seen = zero_seen || !one;
        }
    }
    return true;
}

// iPAddress: 4 or 16 octets against an address and mask of twice that.
// An IPv4-mapped IPv6 address (::ffff:a.b.c.d) also meets excluded IPv4
// ranges: it reaches the same host.
std::optional<bool> ip_match(std::vector<std::uint8_t> name, const std::vector<std::uint8_t>& base, bool excluded)
{
    if ((name.size() != 4 && name.size() != 16) || (base.size() != 8 && base.size() != 32)) {
        return std::nullopt;
    }
    const std::size_t size = base.size() / 2;
    if (!contiguous_mask(base.data() + size, size)) {
        return std::nullopt;
    }
    static constexpr std::array<std::uint8_t, 12> k_mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (excluded && name.size() == 16 && size == 4 && std::equal(k_mapped.begin(), k_mapped.end(), name.begin())) {
        name.erase(name.begin(), name.begin() + 12);
    }
    if (name.size() != size) {
        return false;
    }
    for (std::size_t i = 0; i < size; ++i) {
        if ((name[i] & base[size + i]) != (base[i] & base[size + i])) {
            return false;
        }
    }
    return true;
}

std::optional<bool> match(const GeneralName& name, const GeneralName& base, bool excluded)
{
    if (name.tag != base.tag) {
        return false;
    }
    const std::string_view base_text(reinterpret_cast<const char*>(base.raw.data()), base.raw.size());
    const std::string_view name_text(reinterpret_cast<const char*>(name.raw.data()), name.raw.size());
    switch (name.kind) {
    case GeneralName::Kind::dns: return dns_match(name_text, base_text, excluded);
    case GeneralName::Kind::email: return email_match(name_text, base_text);
    case GeneralName::Kind::uri: return uri_match(name_text, base_text);
    case GeneralName::Kind::ip: return ip_match(name.raw, base.raw, excluded);
    case GeneralName::Kind::directory:
        if (!name.directory || !base.directory) {
            return std::nullopt;
        }
        return x509::within_subtree(*name.directory, *base.directory);
    case GeneralName::Kind::registered_id:
    case GeneralName::Kind::other: return std::nullopt; // forms RFC 5280 defines no matching for
    }
    return std::nullopt;
}

GeneralName text_name(GeneralName::Kind kind, int tag, const std::string& value)
{
    GeneralName n;
    n.kind = kind;
    n.tag = tag;
    n.value = value;
    n.raw.assign(value.begin(), value.end());
    return n;
}

constexpr std::string_view k_smtp_utf8_mailbox = "1.3.6.1.5.5.7.8.9";

struct CheckedName {
    GeneralName name;
    std::string where; // "subjectAltName", "subject", "subject CN"
};

// The names a certificate claims, as name constraints see them: the
// subject, every SAN; without a SAN extension, the subject's emailAddress
// (RFC 5280 4.2.1.10) and a CN that is a host name or an IP address (as
// verifiers that fall back to the CN would read it).
std::vector<CheckedName> claimed_names(const x509::Certificate& cert)
{
    std::vector<CheckedName> out;
    if (!cert.subject.empty()) {
        GeneralName n;
        n.kind = GeneralName::Kind::directory;
        n.tag = 4;
        n.directory = cert.subject;
        n.value = cert.subject.to_string();
        out.push_back({n, "subject"});
    }
    if (cert.extensions.subject_alt_names) {
        for (const auto& san : *cert.extensions.subject_alt_names) {
            out.push_back({san, "subjectAltName"});
            // RFC 9598 4.6: rfc822Name constraints also bind SmtpUTF8Mailbox.
            if (san.other_type == k_smtp_utf8_mailbox && san.other_text) {
                out.push_back(
                    {text_name(GeneralName::Kind::email, 1, *san.other_text), "subjectAltName SmtpUTF8Mailbox"});
            }
        }
        return out;
    }
    for (const auto& email : cert.subject.values(der::oid::email_address)) {
        out.push_back({text_name(GeneralName::Kind::email, 1, email), "subject emailAddress"});
    }
    for (const auto& cn : cert.subject.values(der::oid::common_name)) {
        std::array<std::uint8_t, 16> octets{};
        if (::inet_pton(AF_INET, cn.c_str(), octets.data()) == 1) {
            auto n = text_name(GeneralName::Kind::ip, 7, cn);
            n.raw.assign(octets.begin(), octets.begin() + 4);
            out.push_back({n, "subject CN"});
        } else if (::inet_pton(AF_INET6, cn.c_str(), octets.data()) == 1) {
            auto n = text_name(GeneralName::Kind::ip, 7, cn);
            n.raw.assign(octets.begin(), octets.end());
            out.push_back({n, "subject CN"});
        } else if (cn.find('.') != std::string::npos && valid_host(cn, true)) {
            out.push_back({text_name(GeneralName::Kind::dns, 2, cn), "subject CN"});
        }
    }
    return out;
}

std::string base_text(const GeneralName& base)
{
    const std::string value = base.kind == GeneralName::Kind::ip && base.raw.size() % 2 == 0
        ? util::hex(base.raw)
        : (base.value.empty() ? std::string("(empty)") : base.value);
    return std::string(base.label()) + ":" + value;
}

// The name constraints in force below the CAs processed so far: each CA's
// permitted subtrees of one form must all be met (their intersection),
// any CA's excluded subtree must not (their union).
struct Constraints {
    // `critical`: RFC 5280's "process the constraint or reject" binds
    // only a critical extension; under a non-critical one a name pkitool
    // cannot match against a subtree is let pass.
    struct Permitted {
        int tag = 0;
        std::vector<GeneralName> bases;
        std::string ca;
        bool critical = true;
    };
    struct Excluded {
        GeneralName base;
        std::string ca;
        bool critical = true;
    };
    std::vector<Permitted> permitted;
    std::vector<Excluded> excluded;

    void add(const x509::NameConstraints& nc, const std::string& ca, bool critical)
    {
        std::map<int, std::vector<GeneralName>> by_form;
        for (const auto& subtree : nc.permitted.value_or(std::vector<x509::GeneralSubtree>{})) {
            by_form[subtree.base.tag].push_back(subtree.base);
        }
        for (auto& [tag, bases] : by_form) {
            permitted.push_back({tag, std::move(bases), ca, critical});
        }
        for (const auto& subtree : nc.excluded.value_or(std::vector<x509::GeneralSubtree>{})) {
            excluded.push_back({subtree.base, ca, critical});
        }
    }

    void check(const x509::Certificate& cert, Findings& out) const
    {
        for (const auto& [name, where] : claimed_names(cert)) {
            const std::string shown = where + " " + std::string(name.label()) + ":" + name.value;
            for (const auto& p : permitted) {
                if (p.tag != name.tag) {
                    continue;
                }
                bool inside = false;
                bool undecided = false;
                for (const auto& base : p.bases) {
                    const auto m = match(name, base, false);
                    inside = inside || m.value_or(false);
                    undecided = undecided || !m;
                }
                if (!inside && !(undecided && !p.critical)) {
                    std::string bases;
                    for (const auto& base : p.bases) {
                        bases += (bases.empty() ? "" : ", ") + base_text(base);
                    }
                    out.push_back(finding("chain.name-not-permitted",
                        shown + " is outside the permitted subtrees of " + p.ca + " (" + bases + ")"
                            + (undecided ? "; a name or subtree of this form that pkitool cannot match counts as "
                                           "outside (RFC 5280: process the constraint or reject)"
                                         : ""),
                        name.value));
                }
            }
            for (const auto& e : excluded) {
                if (e.base.tag != name.tag) {
                    continue;
                }
                const auto m = match(name, e.base, true);
                if (m.value_or(e.critical)) {
                    out.push_back(finding("chain.name-excluded",
                        shown
                            + (m ? " lies in the excluded subtree "
                                 : " cannot be checked against the excluded subtree ")
                            + base_text(e.base) + " of " + e.ca
                            + (m ? std::string() : " (RFC 5280: process the constraint or reject)"),
                        name.value));
                }
            }
        }
    }
};

// A nameConstraints extension that breaks RFC 5280's own rules for it.
void check_constraints_shape(const x509::Certificate& cert, Findings& out)
{
    const auto& nc = cert.extensions.name_constraints;
    if (!nc) {
        return;
    }
    const auto bad = [&](const std::string& why) {
        out.push_back(finding("chain.name-constraints-invalid", "nameConstraints " + why, cert.subject.to_string()));
    };
    if (!cert.is_ca()) {
        bad("in a certificate that is no CA; RFC 5280 allows it only in CA certificates");
    }
    if (!nc->permitted && !nc->excluded) {
        bad("holds neither permittedSubtrees nor excludedSubtrees");
    }
    for (const auto* list : {&nc->permitted, &nc->excluded}) {
        if (*list && (*list)->empty()) {
            bad("holds an empty list of subtrees (SIZE (1..MAX))");
        }
        for (const auto& subtree : list->value_or(std::vector<x509::GeneralSubtree>{})) {
            if (subtree.minimum_nonzero || subtree.maximum_present) {
                bad("subtree " + base_text(subtree.base) + " has a minimum other than 0 or a maximum (RFC 5280: "
                    + "minimum MUST be zero, maximum MUST be absent)");
            }
        }
    }
}

void check_signature(const x509::Certificate& issuer, const x509::SignatureCheck& check, Findings& out)
{
    if (check.status == x509::SignatureCheck::Status::invalid) {
        out.push_back(finding("chain.signature",
            "the signature does not verify with the key of " + issuer.subject.to_string(), issuer.subject.to_string()));
    } else if (check.status == x509::SignatureCheck::Status::unchecked) {
        out.push_back(finding("chain.signature-unchecked", "the signature could not be checked: " + check.reason));
    }
}

// What holds between a certificate and the one that issued it, beyond the
// signature.
void check_link(const x509::Certificate& cert, const x509::Certificate& issuer, Findings& out)
{
    // The chain is only valid while every issuer is: a certificate that
    // outlives its issuer stops validating early.
    const auto cert_end = der::check_time(cert.not_after).value;
    const auto issuer_end = der::check_time(issuer.not_after).value;
    if (cert_end && issuer_end && *cert_end > *issuer_end) {
        out.push_back(finding("chain.outlives-issuer",
            "valid until " + util::format_iso(*cert_end) + ", but its issuer " + issuer.subject.to_string()
                + " expires on " + util::format_iso(*issuer_end) + "; the chain stops validating then",
            util::format_iso(*issuer_end)));
    }
    const auto& aki = cert.extensions.authority_key_id;
    const auto& ski = issuer.extensions.subject_key_id;
    if (aki && ski && !aki->empty() && *aki != *ski) {
        out.push_back(finding("chain.key-identifier",
            "authorityKeyIdentifier " + util::hex_colons(*aki) + " is not the issuer's subjectKeyIdentifier "
                + util::hex_colons(*ski),
            util::hex_colons(*aki)));
    }
}

void check_critical(const x509::Certificate& cert, Findings& out)
{
    for (const auto& ext : cert.extensions.all) {
        if (ext.critical && !lint::is_known_extension(ext.oid)) {
            out.push_back(finding("chain.unknown-critical",
                "critical extension " + der::oid_name(ext.oid)
                    + " is unknown to pkitool; RFC 5280 6.1.4 (o): a path with an unrecognised critical extension is "
                      "invalid",
                ext.oid));
        }
    }
}

} // namespace

std::optional<bool> name_within(const x509::GeneralName& name, const x509::GeneralName& base)
{
    return match(name, base, false);
}

std::vector<std::vector<Finding>> check_path(const std::vector<const x509::Certificate*>& path,
    const std::vector<x509::SignatureCheck>& signatures, bool last_self_signed)
{
    const std::size_t n = path.size();
    std::vector<Findings> out(n);
    Constraints constraints;
    // RFC 5280 6.1.2 (k) max_path_length, and the CA that set it.
    std::optional<std::uint64_t> max_path;
    std::size_t max_path_set_by = 0;
    std::vector<std::pair<std::vector<std::string>, std::string>> eku_limits; // a CA's EKUs, its name
    for (std::size_t i = n; i-- > 0;) {
        const x509::Certificate& cert = *path[i];
        auto& findings = out[i];
        const bool top = i + 1 == n;
        const bool self_issued = x509::same_name(cert.issuer, cert.subject);
        if (!top) {
            check_signature(*path[i + 1], signatures[i], findings);
            check_link(cert, *path[i + 1], findings);
        } else if (last_self_signed) {
            check_signature(cert, signatures[i], findings);
        }
        check_critical(cert, findings);
        check_constraints_shape(cert, findings);
        // 6.1.3 (b), (c): names below the top, self-issued CAs exempt.
        if (!top && (i == 0 || !self_issued)) {
            constraints.check(cert, findings);
        }
        if (i == 0) {
            const auto& ekus = cert.extensions.extended_key_usage;
            for (const auto& [allowed, ca] : eku_limits) {
                for (const auto& oid : ekus.value_or(std::vector<std::string>{})) {
                    if (std::find(allowed.begin(), allowed.end(), oid) == allowed.end()) {
                        findings.push_back(finding("chain.eku-restricted",
                            der::oid_name(oid) + " is not among the extended key usages of " + ca
                                + "; verifiers that chain EKUs (Windows, OpenSSL's purpose checks) refuse it",
                            oid));
                    }
                }
            }
            continue;
        }
        // 6.1.4: cert issues path[i - 1]. A v1 self-signed root has no
        // extensions to say so, and is accepted as an anchor, as OpenSSL does.
        if (!(top && last_self_signed && cert.version == 1)) {
            const auto& ku = cert.extensions.key_usage;
            if (!cert.is_ca() || (ku && !ku->has(x509::KeyUsageBit::key_cert_sign))) {
                findings.push_back(finding("chain.issuer-not-ca",
                    cert.subject.to_string() + " issues " + path[i - 1]->subject.to_string()
                        + " but lacks cA=TRUE or keyCertSign; CUCM rejects such a chain",
                    cert.subject.to_string()));
            }
        }
        // (l): a CA that is not self-issued uses up one step of the length.
        if (!top && !self_issued && max_path) {
            if (*max_path == 0) {
                out[max_path_set_by].push_back(finding("chain.path-length",
                    "pathLenConstraint of " + path[max_path_set_by]->subject.to_string()
                        + " allows no further CA below it, but " + cert.subject.to_string()
                        + " is one (self-issued CAs do not count)",
                    cert.subject.to_string()));
            } else {
                --*max_path;
            }
        }
        // (m)
        if (const auto& bc = cert.extensions.basic_constraints; bc && bc->path_length) {
            if (!max_path || *bc->path_length < *max_path) {
                max_path = *bc->path_length;
                max_path_set_by = i;
            }
        }
        // (g)
        if (const auto& nc = cert.extensions.name_constraints) {
            const auto* ext = cert.extensions.find(der::oid::name_constraints);
            constraints.add(*nc, cert.subject.to_string(), ext == nullptr || ext->critical);
        }
        if (const auto& ekus = cert.extensions.extended_key_usage;
            ekus && std::find(ekus->begin(), ekus->end(), der::oid::any_extended_key_usage) == ekus->end()) {
            eku_limits.emplace_back(*ekus, cert.subject.to_string());
        }
    }
    return out;
}

} // namespace pkitool::validate
