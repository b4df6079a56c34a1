// CUCM's rules for what a consolidated set carries, each in one place.
// Internal to bulk.
#pragma once

#include "pkitool/bulk/consolidate.hpp"

namespace pkitool::bulk::detail {

// Gives each classified entry (duplicates aside) its status, reason,
// stores and sets: unknown and unused CAs out; expired out (unless
// --include-expired); types the bulk import does not carry out (unless
// --all-types); one certificate per type and subject, the latest notBefore
// (a CA counts as the type "CA"). The stores are the profiles'
// bulk_import_stores; a CA's are those of the types it issued.
void apply_rules(Result& result, const Options& options, const profile::Registry& registry);

// The warnings and attention lines of a finished result: a phone trust
// list past 64 KB / 39 certificates, unknown certificates, skipped files,
// clusters that import nothing, types the import carries whose every
// certificate expired, no set at all.
void review(Result& result, const Options& options, const profile::Registry& registry);

} // namespace pkitool::bulk::detail
