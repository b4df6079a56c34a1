// Which requests to make: for one node, one multi-server certificate, every
// request a cluster needs, or a single name without a cluster file.
#pragma once

#include "pkitool/csr/request.hpp"
#include "pkitool/profile/cluster.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pkitool::csr {

struct KeyOverrides {
    std::optional<std::size_t> rsa_bits;
    std::optional<std::string> curve;
    std::optional<std::string> hash;
};

struct ClusterPlanOptions {
    std::optional<std::string> type; // with all: only this type
    std::optional<std::string> node;
    bool multi_server = false;
    bool all = false;
    std::vector<std::string> extra_sans; // NAME, DNS:NAME or IP:ADDRESS
    bool parent_domain = true;
    KeyOverrides key;
};

// The CN of a single-node request: the node's FQDN, or for the -ECDSA types
// <host>-EC.<domain> (the profile's single_server_suffix). Its SAN is the
// FQDN either way.
std::string single_node_cn(const profile::Cluster& cluster, const profile::Profile& type, const profile::Node& node);

// Throws UsageError when the combination does not make sense (a type the
// node's product has not, CAPF off the publisher, --multi-server for a
// single-server type, ...).
std::vector<RequestSpec> plan_cluster(
    const profile::Cluster& cluster, const profile::Registry& registry, const ClusterPlanOptions& options);

struct StandalonePlanOptions {
    std::string type;
    std::string cn;
    std::vector<std::string> sans; // NAME, DNS:NAME or IP:ADDRESS; the CN is always the first SAN
    std::string subject; // "O=Example,OU=UC,L=Austin,ST=Texas,C=US"
    KeyOverrides key;
};

// "O=Acme\, Inc.,L=Austin,C=US" as (name, value) pairs: RFC 4514 escapes
// (\, \+ \" \\ \< \> \; \= \# and \XX, the octets of UTF-8) and quoted values
// (O="Acme, Inc."); spaces around names and unescaped ones around values are
// dropped. Throws UsageError saying where it cannot be read.
std::vector<std::pair<std::string, std::string>> parse_subject_argument(std::string_view text);

RequestSpec plan_standalone(const profile::Registry& registry, const StandalonePlanOptions& options);

} // namespace pkitool::csr
