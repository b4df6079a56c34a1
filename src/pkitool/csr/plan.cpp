#include "pkitool/csr/plan.hpp"

#include "pkitool/error.hpp"
#include "pkitool/util/ip.hpp"

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

// --san NAME, DNS:NAME or IP:ADDRESS. An address is never taken for a DNS
// name: a bare one is refused with the way to say it.
void add_sans(RequestSpec& r, const std::vector<std::string>& sans)
{
    for (const auto& san : sans) {
        if (san.starts_with("DNS:") || san.starts_with("dns:")) {
            add_unique(r.dns_names, san.substr(4));
        } else if (san.starts_with("IP:") || san.starts_with("ip:")) {
            const auto bytes = util::parse_ip(san.substr(3));
            if (!bytes) {
                throw UsageError("--san " + san + ": \"" + san.substr(3) + "\" is no IPv4 or IPv6 address");
            }
            add_unique(r.ip_addresses, util::format_ip(*bytes));
        } else if (util::parse_ip(san)) {
            throw UsageError("--san " + san + " is an IP address: write IP:" + san
                + " for an iPAddress entry (CUCM's own CSRs carry DNS names only; most CAs want names)");
        } else if (const auto colon = san.find(':'); colon != std::string::npos) {
            throw UsageError("--san " + san + ": \"" + san.substr(0, colon + 1) + "\" is not DNS: or IP:");
        } else {
            add_unique(r.dns_names, san);
        }
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
    r.subject = subject_of(c.subject, single_node_cn(c, p, node));
    r.dns_names = {c.fqdn(node)};
    add_sans(r, o.extra_sans);
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
    add_sans(r, o.extra_sans);
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
    for (const auto& name : c.all_types) {
        registry.find(name); // an unknown name is an error, not an empty plan
    }
    // --type, else the cluster file's `types` and `ecdsa`.
    const auto wanted = [&](const profile::Profile& p) {
        if (!p.csr_allowed) {
            return false;
        }
        if (o.type) {
            return &registry.find(*o.type, p.product) == &p;
        }
        const bool listed
            = c.all_types.empty() || std::find(c.all_types.begin(), c.all_types.end(), p.type) != c.all_types.end();
        return listed && (c.ecdsa || p.key_algorithm != profile::KeyAlgorithm::ec);
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

std::vector<std::pair<std::string, std::string>> parse_subject_argument(std::string_view text)
{
    const auto fail
        = [&](const std::string& why) { throw UsageError("--subject \"" + std::string(text) + "\": " + why); };
    const auto hex_digit = [](char c) -> int {
        return c >= '0' && c <= '9' ? c - '0'
            : c >= 'a' && c <= 'f'  ? c - 'a' + 10
            : c >= 'A' && c <= 'F'  ? c - 'A' + 10
                                    : -1;
    };
    std::vector<std::pair<std::string, std::string>> out;
    std::size_t i = 0;
    while (i < text.size()) {
        // KEY: up to '=', spaces around it dropped.
        const std::size_t eq = text.find('=', i);
        if (eq == std::string_view::npos) {
            fail("\"" + std::string(text.substr(i)) + "\" is not KEY=VALUE");
        }
        std::string key(text.substr(i, eq - i));
        key.erase(0, key.find_first_not_of(' '));
        key.erase(key.find_last_not_of(' ') + 1);
        if (key.empty() || key.find_first_of(",+\\\"") != std::string::npos) {
            fail("\"" + std::string(text.substr(i, eq - i + 1)) + "\" has no attribute name before '='");
        }
        // VALUE: RFC 4514 escapes (\, \+ \" \\ ... and \XX), or a quoted
        // string as RFC 2253 and OpenSSL's users write it; unescaped spaces
        // at either end are dropped.
        std::string value;
        std::size_t kept = 0; // value.size() up to the last significant character
        i = eq + 1;
        while (i < text.size() && text[i] == ' ') {
            ++i;
        }
        if (i < text.size() && text[i] == '"') {
            const std::size_t close = text.find('"', i + 1);
            if (close == std::string_view::npos) {
                fail("a quoted value has no closing '\"'");
            }
            value = std::string(text.substr(i + 1, close - i - 1));
            i = close + 1;
            while (i < text.size() && text[i] == ' ') {
                ++i;
            }
            if (i < text.size() && text[i] != ',') {
                fail("text after the quoted value of " + key);
            }
        } else {
            for (; i < text.size() && text[i] != ','; ++i) {
                const char c = text[i];
                if (c == '+') {
                    fail("'+' joins attributes into one RDN, which CUCM's subjects never do; write \\+ for a plus "
                         "sign");
                }
                if (c != '\\') {
                    value.push_back(c);
                    kept = c == ' ' ? kept : value.size();
                    continue;
                }
                if (i + 1 >= text.size()) {
                    fail("it ends in a lone backslash");
                }
                const int high = hex_digit(text[i + 1]);
                const int low = i + 2 < text.size() ? hex_digit(text[i + 2]) : -1;
                if (high >= 0 && low >= 0) {
                    value.push_back(static_cast<char>(high * 16 + low));
                    i += 2;
                } else if (std::string_view(",+\"\\<>;=# ").find(text[i + 1]) != std::string_view::npos) {
                    value.push_back(text[i + 1]);
                    ++i;
                } else {
                    fail(std::string("\\") + text[i + 1]
                        + " is no RFC 4514 escape (\\, \\+ \\\" \\\\ \\< \\> \\; \\= "
                          "or two hex digits)");
                }
                kept = value.size();
            }
            value.resize(kept);
        }
        out.emplace_back(std::move(key), std::move(value));
        if (i < text.size()) {
            ++i; // the ','
        }
    }
    return out;
}

std::string single_node_cn(const profile::Cluster& cluster, const profile::Profile& type, const profile::Node& node)
{
    return node.host + type.single_server_suffix + "." + cluster.domain;
}

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
    const auto given = parse_subject_argument(o.subject);
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
    add_sans(r, o.sans);
    r.key = key_spec(p, profile::KeyDefaults{}, o.key);
    return r;
}

} // namespace pkitool::csr
