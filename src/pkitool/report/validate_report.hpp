// The result model of `pkitool validate`, rendered as text or JSON.
#pragma once

#include "pkitool/report/text.hpp"
#include "pkitool/validate/validate.hpp"

#include "pkitool/toml.hpp"

#include <ostream>

namespace pkitool::report {

// {"schema": "pkitool-validate/2", "ok", "at", "type", "certificates", "findings", "plan", "restart", "counts"}
toml::table validate_json(const validate::Result& result, util::UnixTime at);

// Verdict, findings by certificate, then the upload plan and the restarts.
void validate_text(std::ostream& out, const validate::Result& result, util::UnixTime at, const TextStyle& style);

} // namespace pkitool::report
