// The manifest of a consolidated set (manifest.json, also `--json` output)
// and the summary table people read on stderr.
#pragma once

#include "pkitool/bulk/consolidate.hpp"
#include "pkitool/report/text.hpp"
#include "pkitool/toml.hpp"

#include <ostream>
#include <string>
#include <vector>

namespace pkitool::report {

struct ManifestOutputs {
    std::string profile; // "modern" or "legacy"
    std::string profile_reason; // "--profile", "the inputs were legacy", ...
    std::vector<std::string> files; // written, relative to the folder
};

// {"schema": "pkitool-consolidate/3", "at", "clusters", "files",
// "certificates", "imports", "outputs", "summary", "warnings",
// "attention"}. The same inputs give the same document.
toml::table manifest_json(const bulk::Result& result, const ManifestOutputs& outputs);

// Included certificates per cluster and type, then the count of each
// status, then the warnings.
void summary_text(std::ostream& out, const bulk::Result& result, const TextStyle& style);

} // namespace pkitool::report
