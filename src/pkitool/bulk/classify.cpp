#include "pkitool/bulk/classify.hpp"

#include "pkitool/der/oids.hpp"
#include "pkitool/lint/lint.hpp"
#include "pkitool/util/text.hpp"

#include <algorithm>
#include <cctype>

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
        const auto word = util::ascii_lower(type);
        for (auto at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) {
            const auto end = at + word.size();
            const bool starts = at == 0 || std::isalnum(static_cast<unsigned char>(text[at - 1])) == 0;
            const bool ends = end == text.size() || std::isalnum(static_cast<unsigned char>(text[end])) == 0;
            if (starts && ends) {
                found.push_back(type);
                // Blank it out so that shorter names do not match inside it.
                std::fill(text.begin() + static_cast<std::ptrdiff_t>(at),
                    text.begin() + static_cast<std::ptrdiff_t>(end), ' ');
                break;
            }
        }
    }
    return found;
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

    // The host: from the CN when it is a host name, else the first dNSName.
    const auto dns = first_dns_name(cert);
    c.host = is_dns_name(cn) ? first_label(cn) : (!dns.empty() ? first_label(dns) : cn);

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
    // A multi-server CN (<publisher>-ms.<domain>) narrows to the types that have one.
    if (first_label(cn).ends_with("-ms")) {
        std::erase_if(candidates, [](const profile::Profile* p) { return !p->multi_server; });
        c.evidence.push_back("CN " + cn + " is a multi-server name");
    }
    if (candidates.empty()) {
        c.evidence.emplace_back("its usages fit no certificate type");
        return c;
    }

    if (candidates.size() == 1) {
        c.profile = candidates.front();
        return c;
    }
    // The first name that picks exactly one of the candidates decides.
    std::vector<std::string> said;
    for (const auto& hint : hints) {
        std::vector<const profile::Profile*> named;
        for (const auto& type : types_named_in(hint, registry)) {
            for (const auto* p : candidates) {
                if (p->type == type) {
                    named.push_back(p);
                }
            }
        }
        if (named.size() == 1) {
            c.profile = named.front();
            c.evidence.push_back("the name \"" + hint + "\" says " + c.profile->type);
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

} // namespace pkitool::bulk
