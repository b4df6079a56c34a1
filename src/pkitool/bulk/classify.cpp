#include "pkitool/bulk/classify.hpp"

#include "pkitool/der/oids.hpp"
#include "pkitool/lint/lint.hpp"
#include "pkitool/util/text.hpp"

#include <algorithm>
#include <cctype>
#include <map>

namespace pkitool::bulk {

namespace {

bool is_hex(std::string_view text)
{
    return !text.empty() && std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isxdigit(c); });
}

// A host name or FQDN: letters, digits, hyphens and dots only.
bool is_dns_name(std::string_view text)
{
    return !text.empty() && std::all_of(text.begin(), text.end(), [](unsigned char c) {
        return std::isalnum(c) || c == '-' || c == '.';
    });
}

std::string first_dns_name(const x509::Certificate& cert)
{
    if (cert.extensions.subject_alt_names) {
        for (const auto& name : *cert.extensions.subject_alt_names) {
            if (name.kind == x509::GeneralName::Kind::dns) {
                return name.value;
            }
        }
    }
    return {};
}

std::string first_label(const std::string& name)
{
    return name.substr(0, name.find('.'));
}

// Where `word` stands in `text` as a whole word (not inside a longer run
// of letters and digits), or npos.
std::size_t find_word(const std::string& text, const std::string& word)
{
    for (auto at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) {
        const auto end = at + word.size();
        const bool starts = at == 0 || std::isalnum(static_cast<unsigned char>(text[at - 1])) == 0;
        const bool ends = end == text.size() || std::isalnum(static_cast<unsigned char>(text[end])) == 0;
        if (starts && ends) {
            return at;
        }
    }
    return std::string::npos;
}

// CUCM names an ECDSA certificate <host>-EC.<domain> (and <publisher>-EC-ms
// when multi-server).
bool is_ec_label(const std::string& label)
{
    return label.size() > 3 && util::ascii_lower(label.substr(label.size() - 3)) == "-ec";
}

// A candidate type is the one a name says when it is that type, or its
// other key algorithm's variant ("tomcat" for an EC key is tomcat-ECDSA).
bool is_named(const profile::Profile& candidate, const std::string& named)
{
    constexpr std::string_view ecdsa = "-ECDSA";
    return candidate.type == named || candidate.type == named + std::string(ecdsa)
        || (named.ends_with(ecdsa) && candidate.type == named.substr(0, named.size() - ecdsa.size()));
}

std::string join(const std::vector<const profile::Profile*>& profiles)
{
    std::string out;
    for (const auto* p : profiles) {
        out += (out.empty() ? "" : ", ") + p->type;
    }
    return out;
}

// CUCM's own self-signed certificates carry more than the CSR table asks
// (keyCertSign, cA=TRUE, keyAgreement), and a certificate without keyUsage
// or extendedKeyUsage may be used for anything (RFC 5280 4.2.1.3, 4.2.1.12).
// So, when nothing fits exactly: the types whose usages the certificate
// allows, with the RFC 5480 drop of the encipherment bits for EC keys.
bool allows(const x509::Certificate& cert, const profile::Profile& p)
{
    const bool ec = cert.public_key.algorithm == "EC";
    if (!p.csr_allowed || ec != (p.key_algorithm == profile::KeyAlgorithm::ec)) {
        return false;
    }
    const auto& ext = cert.extensions;
    if (p.key_usage && ext.key_usage) {
        auto wanted = p.key_usage->bits;
        if (ec) {
            wanted &= ~((1U << static_cast<int>(x509::KeyUsageBit::key_encipherment))
                | (1U << static_cast<int>(x509::KeyUsageBit::data_encipherment)));
        }
        if ((wanted & ~ext.key_usage->bits) != 0) {
            return false;
        }
    }
    if (p.extended_key_usage && ext.extended_key_usage) {
        const auto& have = *ext.extended_key_usage;
        const bool any = std::find(have.begin(), have.end(), der::oid::any_extended_key_usage) != have.end();
        for (const auto& oid : *p.extended_key_usage) {
            if (!any && std::find(have.begin(), have.end(), oid) == have.end()) {
                return false;
            }
        }
    }
    return true;
}

std::vector<const profile::Profile*> types_allowing(const x509::Certificate& cert, const profile::Registry& registry)
{
    std::vector<const profile::Profile*> out;
    for (const auto& p : registry.all()) {
        const bool seen
            = std::any_of(out.begin(), out.end(), [&](const profile::Profile* q) { return q->type == p.type; });
        if (!seen && allows(cert, p)) {
            out.push_back(&p);
        }
    }
    return out;
}

} // namespace

std::vector<std::string> types_named_in(const std::string& name, const profile::Registry& registry)
{
    std::vector<std::string> types;
    for (const auto& p : registry.all()) {
        if (std::find(types.begin(), types.end(), p.type) == types.end()) {
            types.push_back(p.type);
        }
    }
    // Longest first, so that "tomcat-ECDSA" is not also read as "tomcat".
    std::stable_sort(types.begin(), types.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
    std::string text = util::ascii_lower(name);
    std::vector<std::string> found;
    for (const auto& type : types) {
        if (const auto at = find_word(text, util::ascii_lower(type)); at != std::string::npos) {
            found.push_back(type);
            // Blank it out so that shorter names do not match inside it.
            std::fill_n(text.begin() + static_cast<std::ptrdiff_t>(at), type.size(), ' ');
        }
    }
    // CUCM's documents call the CallManager certificate the TFTP
    // certificate (shared/reference/cucm-certificates.md section 7); a
    // type's own name comes first.
    if (found.empty() && find_word(text, "tftp") != std::string::npos) {
        found.emplace_back("CallManager");
    }
    return found;
}

std::string host_label(const x509::Certificate& cert)
{
    const auto cn = cert.subject.common_name();
    const auto dns = first_dns_name(cert);
    auto label = is_dns_name(cn) ? first_label(cn) : (!dns.empty() ? first_label(dns) : cn);
    if (is_ec_label(label)) {
        label.resize(label.size() - 3);
    }
    return label;
}

std::string dns_domain(const x509::Certificate& cert)
{
    const auto cn = cert.subject.common_name();
    const std::string name = is_dns_name(cn) && cn.find('.') != std::string::npos ? cn : first_dns_name(cert);
    const auto dot = name.find('.');
    return dot == std::string::npos ? std::string() : util::ascii_lower(name.substr(dot + 1));
}

Classification classify(
    const x509::Certificate& cert, const std::vector<std::string>& hints, const profile::Registry& registry)
{
    Classification c;
    const auto cn = cert.subject.common_name();
    c.evidence.push_back(cert.self_issued() ? "self-signed" : "issued by " + cert.issuer.common_name());
    if (cert.is_ca()) {
        c.evidence.emplace_back("cA=TRUE");
    }

    const auto dns = first_dns_name(cert);
    c.host = host_label(cert);

    // CUCM's fixed CN patterns say the type outright.
    const auto lower_cn = util::ascii_lower(cn);
    if (lower_cn.starts_with("itlrecovery_") && cn.size() > 12) {
        c.profile = &registry.find("ITLRecovery");
        c.host = cn.substr(12);
        c.evidence.push_back("CN " + cn + " is CUCM's ITLRECOVERY_<host> pattern");
        return c;
    }
    if (lower_cn.starts_with("capf-") && is_hex(cn.substr(5))) {
        c.profile = &registry.find("CAPF");
        c.host = !dns.empty() ? first_label(dns) : cn;
        c.evidence.push_back("CN " + cn + " is CUCM's CAPF-<hex> pattern");
        return c;
    }

    auto candidates = lint::types_matching(registry, cert.extensions, cert.public_key, cn);
    if (!candidates.empty()) {
        c.evidence.push_back("key usage and extended key usage fit " + join(candidates) + " exactly");
    } else {
        candidates = types_allowing(cert, registry);
        if (!candidates.empty()) {
            c.evidence.push_back("key usage and extended key usage allow " + join(candidates));
        }
    }
    const auto label = first_label(cn);
    // A multi-server CN (<publisher>-ms.<domain>) narrows to the types that have one.
    if (label.ends_with("-ms")) {
        std::erase_if(candidates, [](const profile::Profile* p) { return !p->multi_server; });
        c.evidence.push_back("CN " + cn + " is a multi-server name");
    } else if (is_ec_label(label) && is_dns_name(cn)) {
        c.evidence.push_back("CN " + cn + " is CUCM's <host>-EC.<domain> name of an ECDSA certificate");
    }
    if (candidates.empty()) {
        if (cert.is_ca()) {
            c.authority = true;
            c.evidence.emplace_back("its usages fit no certificate type: a CA certificate");
        } else {
            c.evidence.emplace_back("its usages fit no certificate type");
        }
        return c;
    }

    if (candidates.size() == 1) {
        c.profile = candidates.front();
        return c;
    }
    // The first name that picks exactly one of the candidates decides; a
    // name says a type for either key algorithm ("tomcat" on an EC key is
    // tomcat-ECDSA).
    std::vector<std::string> said;
    for (const auto& hint : hints) {
        std::vector<const profile::Profile*> named;
        std::string word;
        for (const auto& type : types_named_in(hint, registry)) {
            for (const auto* p : candidates) {
                if (is_named(*p, type) && std::find(named.begin(), named.end(), p) == named.end()) {
                    named.push_back(p);
                    word = type;
                }
            }
        }
        if (named.size() == 1) {
            c.profile = named.front();
            c.evidence.push_back("the name \"" + hint + "\" says " + word
                + (word == c.profile->type ? std::string()
                                           : std::string(", which for its ")
                            + (cert.public_key.algorithm == "EC" ? "EC" : "RSA") + " key is " + c.profile->type));
            return c;
        }
        if (named.size() > 1) {
            said.push_back("\"" + hint + "\" names " + join(named));
        }
    }
    c.evidence.push_back("no name says which of " + join(candidates) + " it is"
        + (said.empty() ? std::string() : " (" + said.front() + ")"));
    return c;
}

void classify_authorities(
    const std::vector<const x509::Certificate*>& certs, const std::vector<Classification*>& classes)
{
    // Issuers by exact subject DER; a name that differs only in case or
    // spaces is looked up among the CA certificates.
    std::map<std::vector<std::uint8_t>, std::vector<std::size_t>> by_subject;
    std::vector<std::size_t> cas;
    for (std::size_t i = 0; i < certs.size(); ++i) {
        by_subject[certs[i]->subject.der].push_back(i);
        if (certs[i]->is_ca()) {
            cas.push_back(i);
        }
    }
    std::vector<std::vector<std::size_t>> issued(certs.size());
    for (std::size_t i = 0; i < certs.size(); ++i) {
        const auto& cert = *certs[i];
        if (cert.self_issued()) {
            continue;
        }
        const auto exact = by_subject.find(cert.issuer.der);
        std::vector<std::size_t> candidates = exact != by_subject.end() ? exact->second : std::vector<std::size_t>{};
        if (candidates.empty()) {
            for (const auto j : cas) {
                if (x509::same_name(certs[j]->subject, cert.issuer)) {
                    candidates.push_back(j);
                }
            }
        }
        for (const auto j : candidates) {
            if (j != i
                && x509::check_signature(cert, certs[j]->public_key).status == x509::SignatureCheck::Status::valid) {
                issued[j].push_back(i);
                classes[i]->issuer = certs[j];
                break;
            }
        }
    }
    for (std::size_t j = 0; j < certs.size(); ++j) {
        if (issued[j].empty()) {
            continue;
        }
        auto& c = *classes[j];
        if (c.profile != nullptr) {
            c.evidence.push_back(
                "it issued certificates of the set, so it is their CA, not a " + c.profile->type + " certificate");
            c.profile = nullptr;
        }
        c.authority = true;
        std::string names;
        for (std::size_t k = 0; k < issued[j].size() && k < 3; ++k) {
            names += (k == 0 ? "" : ", ") + certs[issued[j][k]]->subject.common_name();
        }
        c.evidence.push_back("it issued " + std::to_string(issued[j].size()) + " exported certificate"
            + (issued[j].size() == 1 ? "" : "s") + " (" + names + (issued[j].size() > 3 ? ", ..." : "") + ")");
    }
    // The types each CA stands behind, through intermediates: grow until
    // nothing changes (a loop of cross-certificates ends too).
    for (bool changed = true; changed;) {
        changed = false;
        for (std::size_t j = 0; j < certs.size(); ++j) {
            for (const auto i : issued[j]) {
                std::vector<std::string> from = classes[i]->authority ? classes[i]->authority_for
                    : classes[i]->profile != nullptr ? std::vector<std::string>{classes[i]->profile->type}
                                                     : std::vector<std::string>{};
                for (auto& type : from) {
                    auto& mine = classes[j]->authority_for;
                    if (std::find(mine.begin(), mine.end(), type) == mine.end()) {
                        mine.push_back(std::move(type));
                        changed = true;
                    }
                }
            }
        }
    }
    for (auto* c : classes) {
        std::sort(c->authority_for.begin(), c->authority_for.end());
    }
}

} // namespace pkitool::bulk
