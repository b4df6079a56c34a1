// Which cluster each exported file belongs to. Internal to bulk.
#pragma once

#include "pkitool/bulk/read.hpp"

#include <string>
#include <vector>

namespace pkitool::bulk::detail {

// Gives every read file its cluster: the first --cluster rule whose glob
// matches its path or name; else its name's <cluster>_ prefix (unless the
// prefix is a certificate type or the host of one of its certificates:
// "cucm1_tomcat.p12" names a node, not a cluster); else its certificates'
// one DNS domain. A file nothing attributes is marked skipped (a usage
// error, with the reason). Throws UsageError for a --cluster rule that
// matches no input. Adds a warning for clusters that share a DNS domain
// and were not both named by --cluster rules.
void attribute_files(std::vector<std::vector<Scanned>>& scanned, const Options& options,
    const profile::Registry& registry, std::vector<std::string>& warnings);

} // namespace pkitool::bulk::detail
