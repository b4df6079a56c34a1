// The result model of `pkitool lint`, rendered as text or JSON.
#pragma once

#include "pkitool/lint/lint.hpp"
#include "pkitool/report/text.hpp"

#include "pkitool/toml.hpp"

#include <ostream>

namespace pkitool::report {

// {"schema": "pkitool-lint/2", "at", "ok", "counts", "certificates": [...], "errors": [...]}
toml::table lint_json(const lint::LintReport& report);

// One block per certificate with its findings, then a verdict line.
void lint_text(std::ostream& out, const lint::LintReport& report, const TextStyle& style);

// The table of every rule (`pkitool lint --list-rules`).
toml::table rules_json();
void rules_text(std::ostream& out);

} // namespace pkitool::report
