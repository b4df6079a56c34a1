// RFC 5280 section 6 path processing in pkitool's own code: signatures,
// key identifiers, basic constraints and pathLenConstraint (self-issued
// CAs exempt), keyCertSign, name constraints for every name form RFC 5280
// defines a match for, the extended key usages CAs restrict their leaves
// to, and critical extensions. Validity is lint's (validity.*); policy
// processing and revocation are not done (CUCM does neither on upload).
#pragma once

#include "pkitool/finding.hpp"
#include "pkitool/x509/certificate.hpp"

#include <vector>

namespace pkitool::validate {

// `path` runs leaf first, the anchor (or the last certificate found) last.
// `signatures[k]` is the check of path[k]'s signature with path[k + 1]'s
// key; for the last certificate, with its own key when it is self-signed
// (`last_self_signed`), otherwise unused. `anchored`: the last certificate
// is a trust anchor, whose own extensions still constrain the path below
// it (as OpenSSL and Botan apply them).
// Returns the findings for each position of the path.
std::vector<std::vector<Finding>> check_path(const std::vector<const x509::Certificate*>& path,
    const std::vector<x509::SignatureCheck>& signatures, bool last_self_signed);

// RFC 5280 4.2.1.10 matching of one name against one subtree base of the
// same form; exposed for the unit tests. nullopt: the name or the base is
// malformed for its form, so no match can be decided.
std::optional<bool> name_within(const x509::GeneralName& name, const x509::GeneralName& base);

} // namespace pkitool::validate
