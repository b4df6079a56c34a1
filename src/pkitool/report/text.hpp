// Plain-text output helpers shared by every command's renderer: aligned
// "label  value" rows and optional ANSI colour for severities.
#pragma once

#include "pkitool/util/text.hpp"

#include "pkitool/finding.hpp"

#include <ostream>
#include <string>
#include <string_view>

namespace pkitool::report {

struct TextStyle {
    bool color = false;
};

// "  Label          value\n" with the label padded to a fixed column.
void row(std::ostream& out, std::string_view label, std::string_view value);

// The severity word, coloured when the style allows.
std::string severity_label(Severity severity, const TextStyle& style);

// Bold (when the style allows).
std::string bold(std::string_view text, const TextStyle& style);

// "OK" in green or "FAIL" in red.
std::string verdict_word(bool ok, const TextStyle& style);

// "1 error, 2 warnings, 0 notes"
std::string counts_text(const Counts& counts);

using util::join;
using util::plural;

} // namespace pkitool::report
