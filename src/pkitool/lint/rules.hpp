// Every lint rule, in one table: its stable id, severity and summary. Code
// that reports a finding names the rule by id; the severity comes from here.
#pragma once

#include "pkitool/der/reader.hpp"
#include "pkitool/finding.hpp"

#include <span>
#include <string>
#include <string_view>

namespace pkitool::lint {

struct Rule {
    std::string_view id;
    Severity severity;
    std::string_view summary;
};

std::span<const Rule> all_rules();

// Throws InternalError for an id that is not in the table.
const Rule& rule(std::string_view id);

// A finding of rule `id` with the table's severity.
Finding finding(std::string_view id, std::string message, std::string value = {});

// The finding for something decoding tolerated, at its place.
Finding finding(const der::Deviation& deviation);

} // namespace pkitool::lint
