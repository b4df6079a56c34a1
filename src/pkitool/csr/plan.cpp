#include "pkitool/csr/plan.hpp"

#include "pkitool/error.hpp"

#include <algorithm>

namespace pkitool::csr {

namespace {

KeySpec key_spec(const profile::Profile& p, const profile::KeyDefaults& defaults, const KeyOverrides& overrides)
{
    KeySpec k;
    k.algorithm = p.key_algorithm;
    k.rsa_bits = overrides.rsa_bits.value_or(defaults.rsa_bits);
    k.curve = overrides.curve.value_or(defaults.ec_curve);
    const std::string default_hash
        = k.algorithm == profile::KeyAlgorithm::ec && k.curve == "P-384" ? "SHA-384" : "SHA-256";
    k.hash = overrides.hash.value_or(defaults.hash.value_or(default_hash));
    return k;
}

std::vector<SubjectAttribute> subject_of(const profile::SubjectFields& s, const std::string& cn)
{
    std::vector<SubjectAttribute> out = {{"2.5.4.6", s.c}, {"2.5.4.8", s.st}, {"2.5.4.7", s.l}, {"2.5.4.10", s.o}};
    if (s.ou) {
        out.push_back({"2.5.4.11", *s.ou});
    }
    out.push_back({"2.5.4.3", cn});
    return out;
}

void add_unique(std::vector<std::string>& names, const std::string& name)
{
    if (std::find(names.begin(), names.end(), name) == names.end()) {
        names.push_back(name);
    }
}

RequestSpec single_node(
    const profile::Cluster& c, const profile::Profile& p, const profile::Node& node, const ClusterPlanOptions& o)
{
    if (profile::role_product(node.role) != p.product) {
        throw UsageError(p.id() + " is a " + (p.product == profile::Product::cucm ? "CUCM" : "IM and Presence")
            + " type; " + node.host + " is an " + std::string(profile::role_name(node.role)));
    }
    if (p.type == "CAPF" && node.role != profile::Role::cucm_publisher) {
        throw UsageError(
            "CAPF runs on the publisher only; " + node.host + " is a " + std::string(profile::role_name(node.role)));
    }
    RequestSpec r;
    r.profile = &p;
    r.node = node.host;
    r.basename = node.host + "-" + p.type;
    r.subject = subject_of(c.subject, c.fqdn(node));
    r.dns_names = {c.fqdn(node)};
    for (const auto& san : o.extra_sans) {
        add_unique(r.dns_names, san);
    }
    r.key = key_spec(p, c.key, o.key);
    return r;
}

RequestSpec multi_server(const profile::Cluster& c, const profile::Profile& p, const ClusterPlanOptions& o)
{
    if (!p.multi_server) {
        throw UsageError(p.id()
            + " cannot be a multi-server certificate (CUCM offers multi-server only for tomcat, "
              "CallManager, cup-xmpp, cup-xmpp-s2s and their -ECDSA variants)");
    }
    const profile::Node* publisher = c.publisher(p.product);
    if (publisher == nullptr) {
        throw UsageError(c.file + " has no " + (p.product == profile::Product::imp ? "imp-publisher" : "cucm-publisher")
            + " for the multi-server " + p.type + " certificate");
    }
    RequestSpec r;
    r.profile = &p;
    r.node = publisher->host + p.multi_server_suffix;
    r.basename = r.node + "-" + p.type;
    r.subject = subject_of(c.subject, r.node + "." + c.domain);
    for (const auto& n : c.nodes) {
        const auto& products = p.multi_server_nodes;
        if (std::find(products.begin(), products.end(), profile::role_product(n.role)) != products.end()) {
            add_unique(r.dns_names, c.fqdn(n));
        }
    }
    if (o.parent_domain) {
        add_unique(r.dns_names, c.domain);
    }
    for (const auto& san : o.extra_sans) {
        add_unique(r.dns_names, san);
    }
    r.key = key_spec(p, c.key, o.key);
    return r;
}

std::vector<RequestSpec> everything(
    const profile::Cluster& c, const profile::Registry& registry, const ClusterPlanOptions& o)
{
    std::vector<const profile::Profile*> multi;
    for (const auto& name : c.multi_server_types) {
        multi.push_back(&registry.find(name));
    }
    const auto wanted = [&](const profile::Profile& p) {
        return p.csr_allowed && (!o.type || &registry.find(*o.type, p.product) == &p);
    };
    std::vector<RequestSpec> out;
    for (const auto& node : c.nodes) {
        for (const auto& p : registry.all()) {
            if (!wanted(p) || p.product != profile::role_product(node.role)
                || (p.type == "CAPF" && node.role != profile::Role::cucm_publisher)) {
                continue;
            }
            const bool covered = std::any_of(multi.begin(), multi.end(), [&](const profile::Profile* m) {
                return m->type == p.type
                    && std::find(m->multi_server_nodes.begin(), m->multi_server_nodes.end(), p.product)
                    != m->multi_server_nodes.end();
            });
            if (!covered) {
                out.push_back(single_node(c, p, node, o));
            }
        }
    }
    for (const auto* p : multi) {
        if (wanted(*p)) {
            out.push_back(multi_server(c, *p, o));
        }
    }
    return out;
}

} // namespace

std::vector<RequestSpec> plan_cluster(
    const profile::Cluster& cluster, const profile::Registry& registry, const ClusterPlanOptions& options)
{
    if (options.all) {
        if (options.node || options.multi_server) {
            throw UsageError("--all makes every request of the cluster; it takes neither --node nor --multi-server");
        }
        return everything(cluster, registry, options);
    }
    if (!options.type) {
        throw UsageError("give --type TYPE (with --node HOST or --multi-server), or --all");
    }
    if (options.multi_server) {
        if (options.node) {
            throw UsageError("--multi-server covers every node; it takes no --node");
        }
        return {multi_server(cluster, registry.find(*options.type), options)};
    }
    if (!options.node) {
        throw UsageError("--type " + *options.type + " needs --node HOST or --multi-server");
    }
    const profile::Node& node = cluster.node(*options.node);
    const profile::Profile& p = registry.find(*options.type, profile::role_product(node.role));
    return {single_node(cluster, p, node, options)};
}

RequestSpec plan_standalone(const profile::Registry& registry, const StandalonePlanOptions& o)
{
    const profile::Profile& p = registry.find(o.type);
    std::vector<SubjectAttribute> subject;
    // "O=Example,OU=UC,C=US": pkitool puts them in the order CUCM uses.
    std::vector<std::pair<std::string, std::string>> given;
    std::size_t start = 0;
    while (start < o.subject.size()) {
        const std::size_t comma = o.subject.find(',', start);
        const std::string part
            = o.subject.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        const std::size_t eq = part.find('=');
        if (eq == std::string::npos) {
            throw UsageError("--subject \"" + o.subject + "\": \"" + part + "\" is not KEY=VALUE");
        }
        std::string key = part.substr(0, eq);
        key.erase(0, key.find_first_not_of(' '));
        given.emplace_back(key, part.substr(eq + 1));
        start = comma == std::string::npos ? o.subject.size() : comma + 1;
    }
    // In the order CUCM writes them, whatever the order given.
    static const std::vector<std::pair<std::string, std::string>> k_fields
        = {{"C", "2.5.4.6"}, {"ST", "2.5.4.8"}, {"L", "2.5.4.7"}, {"O", "2.5.4.10"}, {"OU", "2.5.4.11"}};
    for (const auto& field : k_fields) {
        for (const auto& [k, v] : given) {
            if (k == field.first) {
                subject.push_back({field.second, v});
            }
        }
    }
    for (const auto& [k, v] : given) {
        if (k != "C" && k != "ST" && k != "L" && k != "O" && k != "OU") {
            throw UsageError("--subject: unknown field \"" + k + "\" (use O, OU, L, ST, C; the CN comes from --cn)");
        }
        if (k == "C"
            && (v.size() != 2 || !std::all_of(v.begin(), v.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; }))) {
            throw UsageError("--subject: C=" + v + " is not a two-letter ISO 3166 country code such as US or DE");
        }
    }
    subject.push_back({"2.5.4.3", o.cn});

    RequestSpec r;
    r.profile = &p;
    const std::size_t dot = o.cn.find('.');
    r.node = o.cn.substr(0, dot);
    r.basename = r.node + "-" + p.type;
    r.subject = subject;
    r.dns_names = {o.cn};
    for (const auto& san : o.sans) {
        add_unique(r.dns_names, san);
    }
    r.key = key_spec(p, profile::KeyDefaults{}, o.key);
    return r;
}

} // namespace pkitool::csr
