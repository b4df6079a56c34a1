#include "pkitool/bulk/inventory.hpp"

#include "pkitool/der/time.hpp"
#include "pkitool/lint/lint.hpp"
#include "pkitool/lint/rules.hpp"
#include "pkitool/util/parallel.hpp"
#include "pkitool/util/sort.hpp"
#include "pkitool/util/text.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <tuple>

namespace pkitool::bulk {

namespace {

constexpr std::int64_t k_day = util::k_seconds_per_day;

using util::join;

void add_unique(std::vector<std::string>& list, std::string item)
{
    if (std::find(list.begin(), list.end(), item) == list.end()) {
        list.push_back(std::move(item));
    }
}

// The stores CUCM and IM and Presence name, spelt as the profiles spell
// them, by their lower-case name.
std::map<std::string, std::string> known_stores(const profile::Registry& registry)
{
    std::map<std::string, std::string> out;
    for (const auto& p : registry.all()) {
        if (!p.trust_store.empty()) {
            out.emplace(util::ascii_lower(p.trust_store), p.trust_store);
        }
        for (const auto& store : p.bulk_import_stores) {
            out.emplace(util::ascii_lower(store), store);
        }
    }
    return out;
}

// The trust store a path names: a folder or file called after a store the
// profiles know, or anything called "*-trust"; in a consolidated set,
// import/<cluster>/<store>.pem is that cluster's store.
std::string store_of(const std::string& file, const std::map<std::string, std::string>& known)
{
    // An archive member's path follows the archive's ("set.tar.gz:import/...").
    const auto colon = file.rfind(':');
    const std::filesystem::path path(colon == std::string::npos ? file : file.substr(colon + 1));
    std::vector<std::string> parts;
    for (const auto& part : path) {
        parts.push_back(part.string());
    }
    for (std::size_t i = parts.size(); i-- > 0;) {
        const auto stem = util::ascii_lower(std::filesystem::path(parts[i]).stem().string());
        const auto it = known.find(stem);
        if (it == known.end() && !stem.ends_with("-trust")) {
            continue;
        }
        auto name = it != known.end() ? it->second : std::filesystem::path(parts[i]).stem().string();
        if (i >= 2 && parts[i - 2] == "import") {
            return name + " on " + parts[i - 1];
        }
        return name;
    }
    return {};
}

// Each cluster file's roles, by cluster name and host (lower case).
using Roles = std::map<std::pair<std::string, std::string>, std::string>;

Roles roles_of(const std::vector<profile::Cluster>& clusters)
{
    Roles out;
    for (const auto& c : clusters) {
        for (const auto& node : c.nodes) {
            std::string role(profile::role_name(node.role));
            std::replace(role.begin(), role.end(), '-', ' ');
            out.emplace(std::pair{c.name, util::ascii_lower(node.host)}, role);
        }
    }
    return out;
}

std::string role_of(const Entry& e, const Roles& roles)
{
    auto host = util::ascii_lower(e.classification.host);
    std::string suffix;
    const auto* p = e.classification.profile;
    if (p != nullptr && p->multi_server) {
        const auto ms = util::ascii_lower(p->multi_server_suffix);
        if (host.ends_with(ms)) {
            host.resize(host.size() - ms.size());
            suffix = " (multi-server)";
        }
    }
    const auto it = roles.find({e.cluster, host});
    return it == roles.end() ? std::string() : it->second + suffix;
}

std::optional<util::UnixTime> expiry(const x509::Certificate& cert)
{
    return der::check_time(cert.not_after).value;
}

// The earliest notAfter along the issuers found in the inputs.
void follow_chain(InventoryRow& row, const std::map<const x509::Certificate*, const Entry*>& by_cert)
{
    row.chain_not_after = row.not_after;
    std::set<const x509::Certificate*> seen = {row.entry->certificate.get()};
    for (const auto* issuer = row.entry->classification.issuer; issuer != nullptr && seen.insert(issuer).second;) {
        const auto it = by_cert.find(issuer);
        if (it == by_cert.end()) {
            break;
        }
        const auto when = expiry(*issuer);
        if (when && (!row.chain_not_after || *when < *row.chain_not_after)) {
            row.chain_not_after = when;
            row.chain_limited_by = subject_label(*issuer);
        }
        issuer = it->second->classification.issuer;
    }
}

// The trust stores that must learn of a new `type` certificate: its own
// cluster's store, and the bulk-import stores of every other cluster.
void add_trust_updates(std::vector<std::string>& out, const profile::Profile& p, const std::string& cluster,
    const std::vector<std::string>& clusters)
{
    if (!p.trust_store.empty()) {
        add_unique(out, p.trust_store + " on " + cluster);
    }
    for (const auto& other : clusters) {
        if (other == cluster || other == k_unattributed_cluster) {
            continue;
        }
        for (const auto& store : p.bulk_import_stores) {
            add_unique(out, store + " on " + other);
        }
    }
}

std::optional<Renewal> renewal_of(
    const InventoryRow& row, const profile::Registry& registry, const std::vector<std::string>& clusters)
{
    const auto& e = *row.entry;
    if (e.classification.authority) {
        Renewal r;
        r.where
            = "the CA; then every certificate it issued is re-issued (" + join(e.classification.authority_for) + ")";
        r.ca_signed = !row.self_signed;
        for (const auto& type : e.classification.authority_for) {
            for (const auto& p : registry.all()) {
                if (p.type == type) {
                    add_trust_updates(r.trust_updates, p, e.cluster, clusters);
                }
            }
        }
        return r;
    }
    const auto* p = e.classification.profile;
    if (p == nullptr) {
        return std::nullopt;
    }
    Renewal r;
    const bool multi = p->multi_server
        && util::ascii_lower(e.classification.host).ends_with(util::ascii_lower(p->multi_server_suffix));
    r.where = multi ? "every " + std::string(profile::product_name(p->product)) + " node (multi-server)"
                    : e.classification.host;
    r.restart = p->restart;
    r.restart_note = p->restart_note;
    r.phones_reset = p->phones_reset;
    r.ca_signed = !row.self_signed;
    add_trust_updates(r.trust_updates, *p, e.cluster, clusters);
    return r;
}

std::vector<Finding> findings_of(
    const InventoryRow& row, util::UnixTime at, const std::map<const x509::Certificate*, const Entry*>& by_cert)
{
    const auto& e = *row.entry;
    const auto& cert = *e.certificate;
    lint::Options lint_options;
    lint_options.at = at;
    lint_options.profile = e.classification.authority ? nullptr : e.classification.profile;
    auto out = lint::lint_certificate(cert, lint_options);
    std::erase_if(out, [](const Finding& f) { return f.rule == "validity.expired"; });

    if (const auto* issuer = e.classification.issuer; issuer != nullptr && by_cert.contains(issuer)) {
        const auto& mine = row.not_after;
        const auto theirs = expiry(*issuer);
        if (mine && theirs && *mine > *theirs) {
            out.push_back(lint::finding("report.outlives-issuer",
                "expires after its issuer " + subject_label(*issuer) + " (" + util::format_iso(*theirs)
                    + "): its chain stops validating then",
                util::format_iso(*mine)));
        }
    }
    if (row.urgency == Urgency::expired && !row.stores.empty()) {
        out.push_back(lint::finding("report.expired-trust",
            "an expired trust entry (" + join(row.stores)
                + "): CUCM 12.5(1)SU6, 14SU2 and later drop it on upgrade; delete it, or import its replacement",
            row.not_after ? util::format_iso(*row.not_after) : std::string()));
    }
    if (e.status == Status::superseded) {
        out.push_back(lint::finding("report.superseded", e.reason));
    }
    if (e.status == Status::unknown) {
        out.push_back(lint::finding(
            "report.unknown-type", "no certificate type fits it: " + join(e.classification.evidence, "; ")));
    }
    return out;
}

void sort_rows(std::vector<InventoryRow>& rows, unsigned jobs)
{
    util::sort_by_key(
        rows,
        [](const InventoryRow& r) {
            const auto& e = *r.entry;
            return std::tuple(e.cluster, r.urgency, r.not_after.has_value(), r.not_after.value_or(0), e.type(),
                e.classification.host, e.certificate->subject.to_string(), e.sha256);
        },
        jobs);
}

} // namespace

std::string subject_label(const x509::Certificate& cert)
{
    const auto cn = cert.subject.common_name();
    return cn.empty() ? cert.subject.to_string() : cn;
}

std::string_view urgency_name(Urgency urgency)
{
    switch (urgency) {
    case Urgency::expired: return "expired";
    case Urgency::due: return "due";
    case Urgency::ok: return "ok";
    }
    return "?";
}

std::size_t Inventory::count(Urgency urgency) const
{
    return static_cast<std::size_t>(
        std::count_if(rows.begin(), rows.end(), [urgency](const InventoryRow& r) { return r.urgency == urgency; }));
}

Inventory make_inventory(
    const std::vector<Input>& inputs, const profile::Registry& registry, const InventoryOptions& options)
{
    auto read = options.read;
    read.include_expired = true; // the report shows everything; nothing is left out of it
    read.all_types = true;
    read.read_sets = true;
    read.plan_imports = false;
    read.fallback_cluster = k_unattributed_cluster;
    for (const auto& c : options.cluster_files) {
        ClusterClaim claim{c.name, c.file, c.domain, {}};
        for (const auto& node : c.nodes) {
            claim.hosts.push_back(util::ascii_lower(node.host));
        }
        read.claims.push_back(std::move(claim));
    }
    Inventory inv;
    inv.at = read.at;
    inv.warn_days = options.warn_days;
    inv.result = consolidate(inputs, registry, read);

    const auto stores = known_stores(registry);
    const auto roles = roles_of(options.cluster_files);
    std::map<const x509::Certificate*, const Entry*> by_cert;
    for (const auto& e : inv.result.entries) {
        if (e.status != Status::duplicate) {
            by_cert.emplace(e.certificate.get(), &e);
        }
    }
    std::set<std::string> cluster_set;
    for (const auto& e : inv.result.entries) {
        cluster_set.insert(e.cluster);
    }
    const std::vector<std::string> clusters(cluster_set.begin(), cluster_set.end());

    std::vector<const Entry*> unique;
    for (const auto& e : inv.result.entries) {
        if (e.status != Status::duplicate) {
            unique.push_back(&e);
        }
    }
    // Each certificate's row and its lint, on its own, on every thread.
    inv.rows.resize(unique.size());
    util::parallel_for<int>(unique.size(), read.jobs, [&](std::size_t i, int&) {
        const auto& e = *unique[i];
        auto& row = inv.rows[i];
        row.entry = &e;
        row.role = role_of(e, roles);
        for (const auto& source : e.sources) {
            if (auto store = store_of(source.file, stores); !store.empty()) {
                add_unique(row.stores, std::move(store));
            }
        }
        row.not_after = expiry(*e.certificate);
        row.self_signed = e.certificate->self_issued();
        if (!row.not_after) {
            row.urgency = Urgency::due;
        } else {
            const auto left = *row.not_after - inv.at;
            row.days_left = left >= 0 ? left / k_day : -((-left + k_day - 1) / k_day);
            row.urgency = *row.not_after < inv.at   ? Urgency::expired
                : left <= options.warn_days * k_day ? Urgency::due
                                                    : Urgency::ok;
        }
        follow_chain(row, by_cert);
        if (row.urgency != Urgency::ok) {
            row.renewal = renewal_of(row, registry, clusters);
        }
        row.findings = findings_of(row, inv.at, by_cert);
        return true;
    });
    sort_rows(inv.rows, read.jobs);
    return inv;
}

} // namespace pkitool::bulk
