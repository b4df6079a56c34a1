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
    const profile::Profile* profile = nullptr; // nothing: unknown, or a CA
    // A CA of the set (see classify_authorities): it issued the exported
    // certificates of these types, directly or through intermediates of the
    // set. A CA that issued none of them has no types.
    bool authority = false;
    std::vector<std::string> authority_for;
    // Its issuer among the set (classify_authorities: the name matches and
    // the issuer's key verifies the signature); nothing when self-issued
    // or not in the set.
    const x509::Certificate* issuer = nullptr;
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

// The CAs of a set of certificates. Each certificate that is not
// self-issued is matched to its issuer in the set (names as RFC 5280 7.1
// compares them, then the issuer's key verifies the signature); every
// issuer becomes a CA (`authority`, with the evidence), whatever its own
// classification said, and is the CA of the types of what it issued,
// directly or through the set's intermediates. `classes[i]` is the
// classification of `certs[i]`.
void classify_authorities(
    const std::vector<const x509::Certificate*>& certs, const std::vector<Classification*>& classes);

// The certificate types a name mentions as a word ("clusterA_pub_tomcat.p12"
// names tomcat; "tomcat-ECDSA" names only tomcat-ECDSA), longest first.
// CUCM's other names count when no type is named: "TFTP" is the
// CallManager certificate.
std::vector<std::string> types_named_in(const std::string& name, const profile::Registry& registry);

// The node a certificate names: the first label of its CN when that is a
// host name (without CUCM's "-EC" of ECDSA names: "cucm1-EC.example.com"
// is cucm1; multi-server names keep their "-ms"), else of its first
// dNSName, else the CN.
std::string host_label(const x509::Certificate& cert);

// The DNS domain of a certificate: after the first label of its CN, or of
// its first dNSName when the CN is no FQDN. Empty when neither has one.
std::string dns_domain(const x509::Certificate& cert);

} // namespace pkitool::bulk
