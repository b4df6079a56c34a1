// Rendering of certificate-type profiles (`pkitool profiles`).
#pragma once

#include "pkitool/profile/profile.hpp"

#include "pkitool/toml.hpp"

#include <ostream>
#include <vector>

namespace pkitool::report {

toml::table profile_json(const profile::Profile& p);
// `profiles show`: one profile's keys with "schema": "pkitool-profile/1".
toml::table profile_document(const profile::Profile& p);
// {"schema": "pkitool-profiles/1", "profiles": [...]}
toml::table profiles_json(const std::vector<profile::Profile>& profiles);

// One line per type: type, product, multi-server, KU, EKU.
void profiles_table_text(std::ostream& out, const std::vector<profile::Profile>& profiles);
void profile_text(std::ostream& out, const profile::Profile& p);

std::vector<std::string> eku_names(const std::vector<std::string>& oids);

} // namespace pkitool::report
