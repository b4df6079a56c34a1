// Does the signed certificate name the nodes it is for? The names come
// from --host (each given FQDN) or from the cluster file and the type, as
// `pkitool csr` plans them: one node's FQDN, or for a multi-server
// certificate every node of the type plus the parent domain. Matching is
// RFC 6125's for DNS-IDs, without wildcards (CUCM accepts none): each name
// must be a subjectAltName dNSName; a CN alone does not count.
#pragma once

#include "pkitool/finding.hpp"
#include "pkitool/profile/cluster.hpp"
#include "pkitool/profile/profile.hpp"
#include "pkitool/x509/certificate.hpp"

#include <string>
#include <vector>

namespace pkitool::validate {

struct NameCoverage {
    std::vector<std::string> hosts; // --host, FQDNs
    const profile::Cluster* cluster = nullptr; // --cluster
};

// The findings (names.*) for `leaf`; `type` may be null, then a cluster
// cannot say which nodes share the certificate and that is a finding too.
std::vector<Finding> check_names(const x509::Certificate& leaf, const profile::Profile* type,
    const profile::Registry& registry, const NameCoverage& coverage);

} // namespace pkitool::validate
