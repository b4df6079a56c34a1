#include "pkitool/validate/names.hpp"

#include "pkitool/csr/plan.hpp"
#include "pkitool/error.hpp"
#include "pkitool/lint/rules.hpp"
#include "pkitool/util/text.hpp"

#include <algorithm>
#include <cctype>

namespace pkitool::validate {

using lint::finding;
using Findings = std::vector<Finding>;

namespace {

// RFC 6125 6.4.1: DNS labels compare without case; a trailing dot of an
// absolute name does not count.
std::string canonical(std::string name)
{
    if (!name.empty() && name.back() == '.') {
        name.pop_back();
    }
    return util::ascii_lower(name);
}

struct Expected {
    std::vector<std::string> names;
    std::string domain; // a multi-server certificate's parent domain, or ""
    std::string why; // "--host", "the cluster file's tomcat certificate for cucm-pub"
};

// What `pkitool csr` would put in the SAN for this certificate of the
// cluster: multi-server when the CN says so (<publisher>-ms.<domain>),
// otherwise the node whose FQDN the CN is.
Expected planned(const x509::Certificate& leaf, const profile::Profile& type, const profile::Registry& registry,
    const profile::Cluster& cluster, Findings& out)
{
    const std::string cn = canonical(leaf.subject.common_name());
    const std::string label = cn.substr(0, cn.find('.'));
    csr::ClusterPlanOptions options;
    options.type = type.type;
    const bool multi = type.multi_server && !type.multi_server_suffix.empty()
        && label.ends_with(canonical(type.multi_server_suffix));
    if (multi) {
        options.multi_server = true;
    } else {
        // The CN pkitool's request carries, or the plain FQDN (a CA may
        // have been asked for either).
        const auto node = std::find_if(cluster.nodes.begin(), cluster.nodes.end(), [&](const profile::Node& n) {
            return canonical(cluster.fqdn(n)) == cn || canonical(csr::single_node_cn(cluster, type, n)) == cn;
        });
        if (node == cluster.nodes.end()) {
            out.push_back(finding("names.not-in-cluster",
                "the CN " + leaf.subject.common_name() + " is no node of " + cluster.file + " (domain " + cluster.domain
                    + ") and no multi-server name for " + type.type,
                leaf.subject.common_name()));
            return {};
        }
        options.node = node->host;
    }
    try {
        const auto specs = csr::plan_cluster(cluster, registry, options);
        Expected e;
        e.names = specs.front().dns_names;
        e.domain = multi ? cluster.domain : std::string();
        e.why = multi ? "the multi-server " + type.type + " certificate of " + cluster.file
                      : "the " + type.type + " certificate of " + *options.node + " in " + cluster.file;
        return e;
    } catch (const UsageError& e) {
        out.push_back(finding("names.not-in-cluster", std::string(e.what()), leaf.subject.common_name()));
        return {};
    }
}

} // namespace

std::vector<Finding> check_names(const x509::Certificate& leaf, const profile::Profile* type,
    const profile::Registry& registry, const NameCoverage& coverage)
{
    Findings out;
    std::vector<Expected> wanted;
    if (!coverage.hosts.empty()) {
        wanted.push_back({coverage.hosts, "", "--host"});
    }
    if (coverage.cluster != nullptr) {
        if (type == nullptr) {
            out.push_back(finding("names.no-type",
                "the cluster file cannot say which nodes share this certificate until its type is known: give --type"));
        } else {
            wanted.push_back(planned(leaf, *type, registry, *coverage.cluster, out));
        }
    }
    std::vector<std::string> sans;
    for (const auto& san : leaf.extensions.subject_alt_names.value_or(std::vector<x509::GeneralName>{})) {
        if (san.kind == x509::GeneralName::Kind::dns) {
            sans.push_back(canonical(san.value));
        }
    }
    const std::string cn = canonical(leaf.subject.common_name());
    for (const auto& e : wanted) {
        for (const auto& name : e.names) {
            const std::string want = canonical(name);
            if (std::find(sans.begin(), sans.end(), want) != sans.end()) {
                continue;
            }
            if (want == canonical(e.domain)) {
                out.push_back(finding("names.domain-missing",
                    "the SAN lacks the parent domain " + name + ", which " + e.why
                        + " carries; CUCM puts it in every multi-server request",
                    name));
            } else if (want == cn) {
                out.push_back(finding("names.cn-only",
                    name + " (" + e.why
                        + ") is only the CN, not a subjectAltName dNSName; TLS peers match names "
                          "in the SAN only (RFC 6125 6.4.4)",
                    name));
            } else {
                out.push_back(finding("names.not-covered",
                    "the certificate does not name " + name + " (" + e.why + ") in its subjectAltName", name));
            }
        }
        if (e.why != "--host") {
            for (const auto& san : sans) {
                const bool planned_name = std::any_of(
                    e.names.begin(), e.names.end(), [&](const std::string& n) { return canonical(n) == san; });
                if (!planned_name) {
                    out.push_back(
                        finding("names.extra", "the SAN also names " + san + ", which " + e.why + " does not", san));
                }
            }
        }
    }
    return out;
}

} // namespace pkitool::validate
