// `pkitool plan`'s renderings of one plan: the numbered runbook as text, as
// Markdown for a change ticket, and the pkitool-plan/1 JSON document. A
// refused plan shows the refusal, its reason and the safe alternative, and
// no steps.
#pragma once

#include "pkitool/plan/plan.hpp"
#include "pkitool/report/text.hpp"
#include "pkitool/toml.hpp"

#include <ostream>

namespace pkitool::report {

// {"schema": "pkitool-plan/1", "kind", "cluster", "cluster_file",
// "cucm_version", "mixed_mode", "ca_signed", "with", "types" or "stores",
// "refused", "notices", "sections", ...}.
toml::table plan_json(const plan::Plan& plan);

void plan_text(std::ostream& out, const plan::Plan& plan, const TextStyle& style);

// CommonMark: a title, the situation, the hazards as a list under their
// own heading, one heading per section, the steps as one ordered list numbered across
// sections, CLI commands as code.
std::string plan_markdown(const plan::Plan& plan);

} // namespace pkitool::report
