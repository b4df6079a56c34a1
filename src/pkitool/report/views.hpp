// How each loaded item is shown: a block of text rows for people, a table
// for JSON. Used by inspect, and by every command that lists certificates.
#pragma once

#include "pkitool/load/input.hpp"
#include "pkitool/report/text.hpp"

#include <toml++/toml.h>

#include <ostream>

namespace pkitool::report {

toml::table origin_json(const load::Origin& origin);
toml::table failure_json(const load::LoadFailure& failure);

// The item with "kind" and "source" keys and every field of its model.
toml::table item_json(const load::Item& item);

// "chain.pem:1  certificate" and one row per field.
void item_text(std::ostream& out, const load::Item& item, const TextStyle& style);

// The short identity of a certificate used in findings and plans.
toml::table certificate_summary_json(const x509::Certificate& cert);

// "SHA256:AB:CD:..." of the DER.
std::string sha256_fingerprint(const x509::Certificate& cert);

} // namespace pkitool::report
