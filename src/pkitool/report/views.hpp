// How each loaded item is shown: a block of text rows for people, a table
// for JSON. Used by inspect, and by every command that lists certificates.
#pragma once

#include "pkitool/load/input.hpp"
#include "pkitool/report/text.hpp"

#include "pkitool/toml.hpp"

#include <ostream>

namespace pkitool::report {

toml::table origin_json(const load::Origin& origin);
toml::table failure_json(const load::LoadFailure& failure);

// [{"rule", "severity", "message", "value"}, ...]
toml::array findings_json(const std::vector<Finding>& findings);

// One row per finding: severity, rule id, message, indented by `indent`.
void findings_text(std::ostream& out, const std::vector<Finding>& findings, const TextStyle& style, std::size_t indent);

// The item with "kind" and "source" keys and every field of its model.
toml::table item_json(const load::Item& item);

// "chain.pem:1  certificate" and one row per field.
void item_text(std::ostream& out, const load::Item& item, const TextStyle& style);

// The short identity of a certificate used in findings and plans.
toml::table certificate_summary_json(const x509::Certificate& cert);

// The SHA-256 of the DER as JSON gives every fingerprint and digest: lowercase
// hex without separators (text output shows them colon-separated).
std::string sha256_fingerprint(const x509::Certificate& cert);

} // namespace pkitool::report
