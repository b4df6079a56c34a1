// Runbooks for one cluster: `renew` (the certificates of some types, node by
// node, with the services to restart and CUCM's hazards checked first) and
// `trust_cleanup` (expired trust entries deleted, never an identity
// certificate, with the stops and restarts around it). The facts come from
// the runbook data and the profiles; report/ renders the plan.
#pragma once

#include "pkitool/bulk/inventory.hpp"
#include "pkitool/itl/check.hpp"
#include "pkitool/itl/itl.hpp"
#include "pkitool/plan/runbook.hpp"
#include "pkitool/profile/cluster.hpp"

#include <optional>
#include <string>
#include <vector>

namespace pkitool::plan {

enum class StepKind { action, check, wait };
std::string_view step_kind_name(StepKind kind); // "do", "check", "wait"

struct Step {
    std::size_t number = 0;
    StepKind kind = StepKind::action;
    std::string node; // empty: once for the cluster, or on the workstation
    std::string text;
    std::string click;
    std::string cli;
    std::vector<std::string> details; // the entries a deletion removes, ...
    std::string source;
};

struct Section {
    std::string title;
    std::vector<Step> steps;
};

// One line of the safe way instead of a refused plan: words, and the
// command to run when there is one.
struct AlternativeLine {
    std::string text;
    std::string command;
};

struct Notice {
    std::string id; // "plan.callmanager-with-tvs"
    bool refuse = false;
    std::string message;
    std::vector<AlternativeLine> alternative;
    std::string source;
};

// A trust entry a clean-up may delete, from certificate files or a
// `pkitool report` JSON document.
struct TrustEntry {
    std::string cluster;
    std::vector<std::string> stores; // "tomcat-trust", "tomcat-trust on west"
    std::string type;
    std::string subject;
    std::string serial;
    std::string sha256;
    std::optional<util::UnixTime> not_after;
};

struct Deletion {
    std::string store;
    TrustEntry entry;
};

enum class PlanKind { renew, trust_cleanup };

struct Plan {
    PlanKind kind = PlanKind::renew;
    std::string cluster;
    std::string cluster_file;
    Situation situation;
    std::vector<std::string> types; // renew: the profiles' ids in plan order
    std::vector<std::string> stores; // trust-cleanup
    util::UnixTime at = 0; // trust-cleanup: what counts as expired
    std::vector<Notice> notices; // refusals first
    std::optional<itl::Prediction> prediction; // with --itl
    std::vector<Section> sections; // empty when refused
    std::vector<Deletion> deletions;
    // Expired identity certificates: renewed, never deleted.
    std::vector<TrustEntry> identities;

    bool refused() const;
};

struct RenewOptions {
    Situation situation;
    std::vector<std::string> types; // "tomcat", "imp/cup", ... as given
    std::optional<itl::File> itl; // the cluster's current ITLFile.tlv
};

// Throws UsageError for an unknown type, a type the cluster has no node
// for, or a service the runbook does not describe; InputError for runbook
// data that contradicts the profiles.
Plan plan_renew(const profile::Cluster& cluster, const profile::Registry& registry, const Runbook& runbook,
    const RenewOptions& options);

struct CleanupOptions {
    Situation situation;
    std::vector<std::string> stores; // empty: those with expired entries, else every store of the cluster
    std::optional<std::vector<TrustEntry>> entries; // nothing: none were given
    util::UnixTime at = 0;
};

// Throws UsageError for a store the runbook does not know.
Plan plan_trust_cleanup(const profile::Cluster& cluster, const Runbook& runbook, const CleanupOptions& options);

// The rows of an inventory as trust entries.
std::vector<TrustEntry> trust_entries(const bulk::Inventory& inventory);

// The rows of a `pkitool report` JSON document (pkitool-report/1). Throws
// InputError naming the file when it is not one.
std::vector<TrustEntry> trust_entries_from_report(std::string_view json, const std::string& name);

} // namespace pkitool::plan
