// The findings model every check reports in: a stable rule id, a severity,
// a sentence for people and the offending value for machines.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pkitool {

enum class Severity { note, warning, error };

std::string_view severity_name(Severity severity);

struct Finding {
    std::string rule; // "time.utc-no-seconds"
    Severity severity = Severity::error;
    std::string message;
    std::string value; // the offending value, exactly ("2401010000Z"); may be empty
    // Where in the encoding, for what decoding tolerated: the field path
    // ("Certificate.tbsCertificate.issuer.rdn[4]") and the byte offset of
    // its tag in the DER object. Empty path: not tied to one field.
    std::string path;
    std::optional<std::size_t> offset;
};

bool has_errors(const std::vector<Finding>& findings);

struct Counts {
    std::size_t errors = 0;
    std::size_t warnings = 0;
    std::size_t notes = 0;
};

Counts count_severities(const std::vector<Finding>& findings);

} // namespace pkitool
