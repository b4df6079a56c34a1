// A cluster file: the cluster's name and DNS domain, the subject fields
// every CSR carries, key defaults, and the nodes. Every mistake is an
// InputError naming file:line.
#pragma once

#include "pkitool/profile/profile.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace pkitool::profile {

enum class Role { cucm_publisher, cucm_subscriber, imp_publisher, imp_subscriber };

std::string_view role_name(Role role);
Product role_product(Role role);
bool is_publisher(Role role);

struct Node {
    std::string host; // a DNS label: "cucm-pub"
    Role role = Role::cucm_subscriber;
    // The feature services activated on it ("Cisco TFTP"), when the file
    // says; `plan` restarts such a service only where it runs.
    std::optional<std::vector<std::string>> services;
};

struct SubjectFields {
    std::string o;
    std::optional<std::string> ou;
    std::string l;
    std::string st;
    std::string c;
};

struct KeyDefaults {
    std::size_t rsa_bits = 2048;
    std::string ec_curve = "P-256";
    std::optional<std::string> hash; // nothing: SHA-256, or SHA-384 for P-384
};

struct Cluster {
    std::string file;
    std::string name;
    std::string domain;
    SubjectFields subject;
    KeyDefaults key;
    std::vector<Node> nodes;
    // Types --all makes one multi-server CSR for (instead of one per node).
    std::vector<std::string> multi_server_types;
    // The types --all makes (`types`; empty: every type with a CSR), and
    // whether it makes the -ECDSA ones (`ecdsa`).
    std::vector<std::string> all_types;
    bool ecdsa = true;
    // The CUCM release (`cucm_version`: 10.5, 11.5, 12.5, 14 or 15), when
    // the file says.
    std::optional<std::string> cucm_version;

    std::string fqdn(const Node& node) const { return node.host + "." + domain; }
    // Throws UsageError naming the known hosts.
    const Node& node(std::string_view host) const;
    std::vector<const Node*> nodes_of(Product product) const;
    // Nothing when the cluster has no node of that product.
    const Node* publisher(Product product) const;
};

// Throws InputError ("cluster.toml:12: ...").
Cluster parse_cluster(std::string_view text, const std::string& name);

// The cluster file at `path`. Throws InputError (unreadable or malformed).
Cluster read_cluster(const std::string& path);

// The CUCM releases pkitool plans for: 10.5, 11.5, 12.5, 14, 15.
const std::vector<std::string>& cucm_versions();

// RFC 1123 host name checks, shared by cluster files and --san/--cn.
bool is_dns_label(std::string_view label);
bool is_dns_name(std::string_view name);

} // namespace pkitool::profile
