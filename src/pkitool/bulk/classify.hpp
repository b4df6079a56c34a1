// Which CUCM or IM and Presence certificate type a certificate from a bulk
// export is, judged from its content, with names (file names, PKCS#12
// friendlyNames) only as hints, and the evidence for the report.
#pragma once

#include "pkitool/profile/profile.hpp"
#include "pkitool/x509/certificate.hpp"

#include <string>
#include <vector>

namespace pkitool::bulk {

struct Classification {
    const profile::Profile* profile = nullptr; // nothing: unknown
    // Why, in short sentences: "CN is ITLRECOVERY_<host>", "self-signed".
    std::vector<std::string> evidence;
    // The node the certificate belongs to: "cucm-pub", "cm-pub-ms" for a
    // multi-server certificate, or the CN when it names no host.
    std::string host;
};

// Classifies `cert`. `hints` are names that came with it, strongest first
// (friendlyNames, then file names): the first that names exactly one of
// the types the content allows decides between them; names never
// override the content.
Classification classify(
    const x509::Certificate& cert, const std::vector<std::string>& hints, const profile::Registry& registry);

// The certificate types a name mentions as a word ("clusterA_pub_tomcat.p12"
// names tomcat; "tomcat-ECDSA" names only tomcat-ECDSA), longest first.
std::vector<std::string> types_named_in(const std::string& name, const profile::Registry& registry);

// The DNS domain of a certificate: after the first label of its CN, or of
// its first dNSName when the CN is no FQDN. Empty when neither has one.
std::string dns_domain(const x509::Certificate& cert);

} // namespace pkitool::bulk
