#include "pkitool/profile/cluster.hpp"

#include "pkitool/error.hpp"
#include "pkitool/profile/toml_reader.hpp"
#include "pkitool/util/file.hpp"

#include <algorithm>

namespace pkitool::profile {

std::string_view role_name(Role role)
{
    switch (role) {
    case Role::cucm_publisher: return "cucm-publisher";
    case Role::cucm_subscriber: return "cucm-subscriber";
    case Role::imp_publisher: return "imp-publisher";
    case Role::imp_subscriber: return "imp-subscriber";
    }
    return "?";
}

Product role_product(Role role)
{
    return role == Role::cucm_publisher || role == Role::cucm_subscriber ? Product::cucm : Product::imp;
}

bool is_publisher(Role role)
{
    return role == Role::cucm_publisher || role == Role::imp_publisher;
}

const std::vector<std::string>& cucm_versions()
{
    static const std::vector<std::string> versions{"10.5", "11.5", "12.5", "14", "15"};
    return versions;
}

bool is_dns_label(std::string_view label)
{
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
        return false;
    }
    return std::all_of(label.begin(), label.end(),
        [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'; });
}

bool is_dns_name(std::string_view name)
{
    if (name.empty() || name.size() > 253) {
        return false;
    }
    std::size_t start = 0;
    while (true) {
        const std::size_t dot = name.find('.', start);
        if (!is_dns_label(name.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start))) {
            return false;
        }
        if (dot == std::string_view::npos) {
            return true;
        }
        start = dot + 1;
    }
}

const Node& Cluster::node(std::string_view host) const
{
    for (const auto& n : nodes) {
        if (n.host == host || fqdn(n) == host) {
            return n;
        }
    }
    std::string known;
    for (const auto& n : nodes) {
        known += (known.empty() ? "" : ", ") + n.host;
    }
    throw UsageError("no node \"" + std::string(host) + "\" in " + file + " (nodes: " + known + ")");
}

std::vector<const Node*> Cluster::nodes_of(Product product) const
{
    std::vector<const Node*> out;
    for (const auto& n : nodes) {
        if (role_product(n.role) == product) {
            out.push_back(&n);
        }
    }
    return out;
}

const Node* Cluster::publisher(Product product) const
{
    for (const auto& n : nodes) {
        if (is_publisher(n.role) && role_product(n.role) == product) {
            return &n;
        }
    }
    return nullptr;
}

namespace {

Role parse_role(const TableReader& t)
{
    const std::string role = t.required_string("role");
    for (const Role r : {Role::cucm_publisher, Role::cucm_subscriber, Role::imp_publisher, Role::imp_subscriber}) {
        if (role == role_name(r)) {
            return r;
        }
    }
    t.fail("role", "\"" + role + "\" is not cucm-publisher, cucm-subscriber, imp-publisher or imp-subscriber");
}

SubjectFields parse_subject(const TableReader& file)
{
    const auto t = file.table("subject");
    if (!t) {
        throw InputError(file.where("subject") + ": missing [subject] table (O, OU, L, ST, C)");
    }
    t->allow_only({"O", "OU", "L", "ST", "C"});
    SubjectFields s;
    s.o = t->required_string("O");
    s.ou = t->string("OU");
    s.l = t->required_string("L");
    s.st = t->required_string("ST");
    s.c = t->required_string("C");
    const bool country_ok
        = s.c.size() == 2 && std::all_of(s.c.begin(), s.c.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
    if (!country_ok) {
        t->fail("C", "\"" + s.c + "\" is not a two-letter ISO 3166 country code such as US or DE");
    }
    for (const auto* value : {&s.o, &s.l, &s.st}) {
        if (value->empty() || value->size() > 64) {
            t->fail(value == &s.o ? "O" : value == &s.l ? "L" : "ST", "must be 1 to 64 characters");
        }
    }
    if (s.ou && (s.ou->empty() || s.ou->size() > 64)) {
        t->fail("OU", "must be 1 to 64 characters (leave it out to omit OU)");
    }
    return s;
}

KeyDefaults parse_key(const TableReader& file)
{
    KeyDefaults k;
    const auto t = file.table("key");
    if (!t) {
        return k;
    }
    t->allow_only({"rsa_bits", "ec_curve", "hash"});
    if (const auto bits = t->integer("rsa_bits")) {
        if (*bits != 1024 && *bits != 2048 && *bits != 3072 && *bits != 4096) {
            t->fail("rsa_bits", std::to_string(*bits) + " is not 2048, 3072 or 4096 (or 1024 with --allow-weak)");
        }
        k.rsa_bits = static_cast<std::size_t>(*bits);
    }
    if (const auto curve = t->string("ec_curve")) {
        if (*curve != "P-256" && *curve != "P-384") {
            t->fail("ec_curve", "\"" + *curve + "\" is not P-256 or P-384 (the curves CUCM offers)");
        }
        k.ec_curve = *curve;
    }
    if (const auto hash = t->string("hash")) {
        if (*hash != "SHA-1" && *hash != "SHA-256" && *hash != "SHA-384" && *hash != "SHA-512") {
            t->fail("hash", "\"" + *hash + "\" is not SHA-256, SHA-384 or SHA-512 (or SHA-1 with --allow-weak)");
        }
        k.hash = *hash;
    }
    return k;
}

} // namespace

Cluster parse_cluster(std::string_view text, const std::string& name)
{
    const toml::table table = parse_toml(text, name);
    const TableReader t(table, name);
    t.allow_only({"name", "domain", "cucm_version", "types", "ecdsa", "subject", "key", "node", "multi_server"});
    Cluster c;
    c.file = name;
    c.name = t.required_string("name");
    if (!is_dns_label(c.name)) {
        t.fail("name", "\"" + c.name + "\" must be letters, digits and hyphens (it names files)");
    }
    c.domain = t.required_string("domain");
    if (!is_dns_name(c.domain) || c.domain.find('.') == std::string::npos) {
        t.fail("domain", "\"" + c.domain + "\" is not a DNS domain such as example.com");
    }
    c.cucm_version = t.string("cucm_version");
    if (c.cucm_version
        && std::find(cucm_versions().begin(), cucm_versions().end(), *c.cucm_version) == cucm_versions().end()) {
        t.fail("cucm_version", "\"" + *c.cucm_version + "\" is not 10.5, 11.5, 12.5, 14 or 15");
    }
    c.all_types = t.strings("types").value_or(std::vector<std::string>{});
    c.ecdsa = t.boolean("ecdsa").value_or(true);
    c.subject = parse_subject(t);
    c.key = parse_key(t);
    if (const auto ms = t.table("multi_server")) {
        ms->allow_only({"types"});
        c.multi_server_types = ms->strings("types").value_or(std::vector<std::string>{});
    }

    const auto nodes = t.tables("node");
    if (nodes.empty()) {
        throw InputError(name + ":1: no [[node]] tables: a cluster needs at least its publisher");
    }
    for (const auto& n : nodes) {
        n.allow_only({"host", "role", "services"});
        Node node;
        node.host = n.required_string("host");
        if (!is_dns_label(node.host)) {
            n.fail("host",
                "\"" + node.host
                    + "\" is not a host name (one DNS label: letters, digits, hyphens; the "
                      "domain is added from \"domain\")");
        }
        node.role = parse_role(n);
        node.services = n.strings("services");
        const bool duplicate
            = std::any_of(c.nodes.begin(), c.nodes.end(), [&](const Node& other) { return other.host == node.host; });
        if (duplicate) {
            n.fail("host", "\"" + node.host + "\" appears twice");
        }
        if (is_publisher(node.role) && c.publisher(role_product(node.role)) != nullptr) {
            n.fail("role", "a second " + std::string(role_name(node.role)) + "; a cluster has one");
        }
        c.nodes.push_back(std::move(node));
    }
    if (c.publisher(Product::cucm) == nullptr) {
        throw InputError(nodes.front().where("host") + ": no node has role = \"cucm-publisher\"");
    }
    if (!c.nodes_of(Product::imp).empty() && c.publisher(Product::imp) == nullptr) {
        throw InputError(nodes.front().where("host") + ": IM and Presence nodes but none has role = \"imp-publisher\"");
    }
    return c;
}

Cluster read_cluster(const std::string& path)
{
    const auto data = util::read_input(path);
    return parse_cluster(std::string_view(reinterpret_cast<const char*>(data.data()), data.size()), path);
}

} // namespace pkitool::profile
