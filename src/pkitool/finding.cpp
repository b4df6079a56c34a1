#include "pkitool/finding.hpp"

#include <algorithm>

namespace pkitool {

std::string_view severity_name(Severity severity)
{
    switch (severity) {
    case Severity::note: return "note";
    case Severity::warning: return "warning";
    case Severity::error: return "error";
    }
    return "?";
}

bool has_errors(const std::vector<Finding>& findings)
{
    return std::any_of(
        findings.begin(), findings.end(), [](const Finding& f) { return f.severity == Severity::error; });
}

Counts count_severities(const std::vector<Finding>& findings)
{
    Counts c;
    for (const auto& f : findings) {
        switch (f.severity) {
        case Severity::error: ++c.errors; break;
        case Severity::warning: ++c.warnings; break;
        case Severity::note: ++c.notes; break;
        }
    }
    return c;
}

} // namespace pkitool
