// The result model of `pkitool inspect`, rendered as text or JSON.
#pragma once

#include "pkitool/load/input.hpp"
#include "pkitool/report/text.hpp"

#include "pkitool/toml.hpp"

#include <ostream>
#include <vector>

namespace pkitool::report {

// {"schema": "pkitool-inspect/2", "files": [{"path", "items", "errors"}]}
toml::table inspect_json(const std::vector<load::FileLoad>& files);

// Every item as a block of rows; failures are not written here (they are
// talk, for stderr).
void inspect_text(std::ostream& out, const std::vector<load::FileLoad>& files, const TextStyle& style);

} // namespace pkitool::report
