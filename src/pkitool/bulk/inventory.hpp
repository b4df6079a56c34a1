// The inventory behind `pkitool report`: every unique certificate of every
// cluster, read and classified as consolidate reads and classifies them,
// with what expires when, what is wrong with it, and what renewing it
// touches. The report layer renders it.
#pragma once

#include "pkitool/bulk/consolidate.hpp"
#include "pkitool/finding.hpp"
#include "pkitool/profile/cluster.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pkitool::bulk {

// expired: past its notAfter at the report's time; due: within the
// warning window (or a notAfter that cannot be read); ok: later.
enum class Urgency { expired, due, ok };
std::string_view urgency_name(Urgency urgency);

// What renewing one certificate touches, from its profile.
struct Renewal {
    // Where the new certificate is made: the node, or every node of the
    // product for a multi-server certificate.
    std::string where;
    std::vector<std::string> restart; // services, in the profile's order
    std::string restart_note;
    bool phones_reset = false;
    // The stores that must get the new certificate (self-signed) or its CA
    // (CA-signed, only when the CA changes), per cluster: "CallManager-trust
    // on west". A CA's own renewal lists the stores of every type it issued.
    std::vector<std::string> trust_updates;
    bool ca_signed = false;
};

struct InventoryRow {
    const Entry* entry = nullptr; // into Inventory::result
    std::string role; // from a cluster file ("cucm publisher"); empty when none says
    // Trust stores it sits in, from the paths it was found under (a folder
    // or file named after a store; import/<cluster>/<store>.pem of a
    // consolidated set: "tomcat-trust on west").
    std::vector<std::string> stores;
    std::optional<util::UnixTime> not_after; // nothing: unreadable
    std::int64_t days_left = 0; // whole days from the report's time; negative when expired
    Urgency urgency = Urgency::ok;
    bool self_signed = false;
    // The earliest notAfter along its issuers in the inputs (its own
    // included), and which certificate that is when not itself.
    std::optional<util::UnixTime> chain_not_after;
    std::string chain_limited_by;
    // lint's findings (notAfter aside: urgency says it) and the report's
    // own: report.outlives-issuer, report.expired-trust, report.superseded,
    // report.unknown-type.
    std::vector<Finding> findings;
    std::optional<Renewal> renewal; // when expired or due, and its type is known
};

struct InventoryOptions {
    Options read; // at, passwords, --cluster rules, keep_going, jobs
    std::int64_t warn_days = 90;
    std::vector<profile::Cluster> cluster_files; // node roles, and their domains claim files
};

struct Inventory {
    util::UnixTime at = 0;
    std::int64_t warn_days = 90;
    Result result;
    // One per unique certificate: by cluster, then urgency, notAfter, type,
    // node, subject and SHA-256.
    std::vector<InventoryRow> rows;

    std::size_t count(Urgency urgency) const;
    // Something is expired or due: the report's exit status 1.
    bool needs_attention() const { return count(Urgency::ok) != rows.size(); }
};

// The cluster a file nothing attributes is reported under.
inline constexpr const char* k_unattributed_cluster = "(no cluster)";

// How a row names a certificate in a message or a table: its CN, or the
// whole subject when it has none.
std::string subject_label(const x509::Certificate& cert);

// Reads `inputs` (files, folders, archives, earlier consolidated sets) and
// builds the inventory. Throws as consolidate() does: the first file's
// error, unless options.read.keep_going.
Inventory make_inventory(
    const std::vector<Input>& inputs, const profile::Registry& registry, const InventoryOptions& options);

} // namespace pkitool::bulk
