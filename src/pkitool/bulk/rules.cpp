#include "pkitool/bulk/rules.hpp"

#include "pkitool/der/time.hpp"
#include "pkitool/util/text.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <set>
#include <tuple>

namespace pkitool::bulk::detail {

namespace {

util::UnixTime time_of(const der::RawTime& time, util::UnixTime fallback)
{
    return der::check_time(time).value.value_or(fallback);
}

std::string short_sha(const std::string& sha)
{
    return sha.substr(0, 16);
}

void add_unique(std::vector<std::string>& to, const std::vector<std::string>& from)
{
    for (const auto& s : from) {
        if (std::find(to.begin(), to.end(), s) == to.end()) {
            to.push_back(s);
        }
    }
}

// The types whose certificates go into a phone's trust list (the ITL).
bool is_itl_type(const std::string& type)
{
    return type == "CallManager" || type == "CallManager-ECDSA" || type == "TVS" || type == "ITLRecovery"
        || type == "CAPF";
}

void warn_phone_trust(Result& result)
{
    for (const auto& cluster : result.clusters) {
        std::set<const Entry*> trust;
        for (const auto& e : result.entries) {
            if (e.status == Status::included && e.cluster == cluster && is_itl_type(e.type())) {
                trust.insert(&e);
            }
        }
        for (const auto& set : result.imports) {
            if (set.cluster == cluster && (set.store == "Phone-SAST-trust" || set.store == "CallManager-trust")) {
                trust.insert(set.entries.begin(), set.entries.end());
            }
        }
        std::size_t bytes = 0;
        for (const auto* e : trust) {
            bytes += e->certificate->der.size();
        }
        if (trust.size() > k_phone_trust_certificates || bytes > k_phone_trust_bytes) {
            result.warnings.push_back("cluster " + cluster + ": after the import its phones' trust list would hold "
                + std::to_string(trust.size()) + " certificates (" + std::to_string(bytes / 1024)
                + " KB of DER, before the list's own overhead), past the 64 KB / about 39 certificates phones "
                  "accept; phones may stop registering");
        }
    }
}

// Each type's bulk import stores (a type both products share has the same
// ones).
using StoresOf = std::map<std::string, std::vector<std::string>>;
StoresOf stores_of_types(const profile::Registry& registry)
{
    StoresOf stores_of;
    for (const auto& p : registry.all()) {
        add_unique(stores_of[p.type], p.bulk_import_stores);
    }
    return stores_of;
}

// The types a classified certificate stands for: its own, or a CA's, the
// types it issued.
std::vector<std::string> types_of(const Classification& c)
{
    if (c.profile != nullptr) {
        return {c.profile->type};
    }
    return c.authority ? c.authority_for : std::vector<std::string>{};
}

// The bulk import stores of a type; none for a type no profile has.
const std::vector<std::string>& stores_for(const StoresOf& stores_of, const std::string& type)
{
    static const std::vector<std::string> none;
    const auto it = stores_of.find(type);
    return it == stores_of.end() ? none : it->second;
}

// Whether a consolidated set carries the type: CUCM's bulk import does,
// or --all-types asks for every type.
bool carried(const std::string& type, const StoresOf& stores_of, const Options& options)
{
    return options.all_types || !stores_for(stores_of, type).empty();
}

} // namespace

void apply_rules(Result& result, const Options& options, const profile::Registry& registry)
{
    const auto stores_of = stores_of_types(registry);
    std::map<std::pair<std::string, std::vector<std::uint8_t>>, std::vector<Entry*>> by_subject;
    for (auto& e : result.entries) {
        if (e.status == Status::duplicate) {
            continue;
        }
        const auto& c = e.classification;
        const auto not_after = time_of(e.certificate->not_after, std::numeric_limits<util::UnixTime>::max());
        e.expired = not_after < options.at;
        const auto types = types_of(c);
        if (c.profile == nullptr && !c.authority) {
            e.status = Status::unknown;
            e.reason = c.evidence.back();
            continue;
        }
        if (types.empty()) {
            e.status = Status::unused;
            e.reason = "a CA certificate that issued none of the exported certificates: no import needs it";
            continue;
        }
        if (e.expired && !options.include_expired) {
            e.status = Status::expired;
            e.reason = "expired on " + util::format_iso(not_after)
                + "; CUCM 12.5(1)SU6 and 14SU2 on do not import it (--include-expired keeps it)";
            continue;
        }
        for (const auto& type : types) {
            add_unique(e.stores, stores_for(stores_of, type));
            if (carried(type, stores_of, options)) {
                e.sets.push_back(type);
            }
        }
        if (e.sets.empty()) {
            e.status = Status::not_carried;
            e.reason = "CUCM's bulk import does not carry "
                + (c.authority ? "the types this CA issued (" + util::join(types) + ")" : types.front())
                + " certificates (--all-types writes their sets too)";
            continue;
        }
        by_subject[{c.authority ? "CA" : types.front(), e.certificate->subject.der}].push_back(&e);
    }
    // One entry per subject per store: CUCM keeps the later notBefore.
    for (auto& [key, group] : by_subject) {
        const auto rank = [](const Entry* e) {
            return std::make_tuple(
                time_of(e->certificate->not_before, 0), time_of(e->certificate->not_after, 0), e->sha256);
        };
        const auto* keep = *std::max_element(
            group.begin(), group.end(), [&](const Entry* a, const Entry* b) { return rank(a) < rank(b); });
        for (auto* e : group) {
            if (e == keep) {
                continue;
            }
            e->status = Status::superseded;
            e->stores.clear();
            e->sets.clear();
            e->reason = "same subject as " + short_sha(keep->sha256) + " (cluster " + keep->cluster
                + "), whose notBefore is later; CUCM keeps one certificate per subject in a store";
            if (e->cluster != keep->cluster) {
                result.warnings.push_back("clusters " + e->cluster + " and " + keep->cluster + " both export a "
                    + key.first + " certificate with subject " + e->certificate->subject.to_string()
                    + "; a store keeps only one of them (" + short_sha(keep->sha256) + ")");
            }
        }
    }
}

void review(Result& result, const Options& options, const profile::Registry& registry)
{
    warn_phone_trust(result);

    if (const auto n = result.count(Status::unknown); n > 0) {
        result.attention.push_back(util::plural(n, "certificate") + " of no known type, left out (unknown)");
    }
    const auto skipped = std::count_if(
        result.files.begin(), result.files.end(), [](const FileReport& f) { return f.status == FileStatus::skipped; });
    if (skipped > 0) {
        result.attention.push_back(util::plural(static_cast<std::size_t>(skipped), "file") + " skipped");
    }
    for (const auto& cluster : result.clusters) {
        const bool imports_some = std::any_of(
            result.imports.begin(), result.imports.end(), [&](const ImportSet& set) { return set.cluster == cluster; });
        if (imports_some) {
            continue;
        }
        result.attention.push_back("cluster " + cluster + " imports nothing: "
            + (result.clusters.size() == 1 ? "it is the only cluster"
                                           : "no other cluster exports a certificate CUCM's bulk import carries"));
    }
    // A type whose every exported certificate has expired, per cluster
    // (types the bulk import does not carry aside, unless --all-types).
    std::map<std::pair<std::string, std::string>, std::pair<std::size_t, std::size_t>> by_type; // expired, other
    const auto stores_of = stores_of_types(registry);
    for (const auto& e : result.entries) {
        if (e.status == Status::duplicate || e.status == Status::unknown || e.status == Status::unused) {
            continue;
        }
        const auto types = types_of(e.classification);
        if (std::none_of(types.begin(), types.end(),
                [&](const std::string& type) { return carried(type, stores_of, options); })) {
            continue;
        }
        auto& [expired, other] = by_type[{e.cluster, e.type()}];
        ++(e.status == Status::expired ? expired : other);
    }
    for (const auto& [key, counts] : by_type) {
        if (counts.first > 0 && counts.second == 0) {
            result.attention.push_back("cluster " + key.first + ": every " + key.second + " certificate it exported ("
                + std::to_string(counts.first) + ") has expired, so none is in the set");
        }
    }
    if (type_sets(result).empty()) {
        result.attention.emplace_back("no consolidated set: no certificate is included");
    }
}

} // namespace pkitool::bulk::detail
