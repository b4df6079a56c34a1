// consolidate's steps in order: read (read.cpp), attribute to clusters
// (clusters.cpp), classify (classify.cpp), apply CUCM's rules (rules.cpp);
// the sets and files are in sets.cpp.
#include "pkitool/bulk/consolidate.hpp"

#include "pkitool/bulk/clusters.hpp"
#include "pkitool/bulk/read.hpp"
#include "pkitool/bulk/rules.hpp"
#include "pkitool/der/time.hpp"
#include "pkitool/util/json.hpp"
#include "pkitool/util/parallel.hpp"
#include "pkitool/util/sort.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>

namespace pkitool::bulk {

std::string_view status_name(Status status)
{
    switch (status) {
    case Status::included: return "included";
    case Status::duplicate: return "duplicate";
    case Status::superseded: return "superseded";
    case Status::expired: return "expired";
    case Status::not_carried: return "not-carried";
    case Status::unused: return "unused";
    case Status::unknown: return "unknown";
    }
    return "unknown";
}

std::string_view file_status_name(FileStatus status)
{
    switch (status) {
    case FileStatus::read: return "read";
    case FileStatus::skipped: return "skipped";
    case FileStatus::ignored: return "ignored";
    }
    return "read";
}

std::string Entry::type() const
{
    if (classification.profile != nullptr) {
        return classification.profile->type;
    }
    return classification.authority ? "CA" : "unknown";
}

std::string Entry::friendly_name() const
{
    return cluster + "_" + classification.host + "_" + type();
}

std::size_t Result::count(Status status) const
{
    return static_cast<std::size_t>(
        std::count_if(entries.begin(), entries.end(), [status](const Entry& e) { return e.status == status; }));
}

namespace {

// One entry per unique certificate (its first copy), one per further copy;
// `first` maps each SHA-256 to its entry.
void collect_entries(const std::vector<std::vector<detail::Scanned>>& scanned, Result& result,
    std::unordered_map<std::string, std::size_t>& first)
{
    std::size_t count = 0;
    for (const auto& list : scanned) {
        for (const auto& s : list) {
            count += s.certificates.size();
        }
    }
    result.entries.reserve(count);
    first.reserve(count);
    for (const auto& list : scanned) {
        for (const auto& s : list) {
            if (s.report.status != FileStatus::read) {
                continue;
            }
            for (std::size_t p = 0; p < s.certificates.size(); ++p) {
                const auto& found = s.certificates[p];
                const Source source{s.report.file, p, found.friendly_name};
                const auto [it, is_new] = first.emplace(found.sha256, result.entries.size());
                Entry e;
                e.certificate = found.certificate;
                e.sha256 = found.sha256;
                e.cluster = s.report.cluster;
                e.sources = {source};
                if (!is_new) {
                    auto& primary = result.entries[it->second];
                    primary.sources.push_back(source);
                    e.status = Status::duplicate;
                    e.reason = "the same certificate as in " + primary.sources.front().file;
                }
                result.entries.push_back(std::move(e));
            }
        }
    }
}

// What the manifests of earlier sets say of each certificate (the first
// manifest that lists it). An entry of a manifest that cannot be read is
// left out; the certificate is still reported from the set's files.
void read_manifests(const std::vector<std::vector<detail::Scanned>>& scanned, Result& result)
{
    for (const auto& list : scanned) {
        for (const auto& s : list) {
            if (s.manifest.empty()) {
                continue;
            }
            util::Json doc;
            try {
                doc = util::parse_json(s.manifest, s.report.file);
            } catch (const Error& e) {
                result.warnings.push_back(std::string(e.what()) + ": its clusters are not used");
                continue;
            }
            const auto* certificates = doc.find("certificates");
            if (certificates == nullptr) {
                continue;
            }
            for (const auto& c : certificates->array) {
                const auto sha = c.text("sha256");
                if (sha.empty() || c.text("status") == "duplicate" || c.text("cluster").empty()) {
                    continue;
                }
                result.recorded.try_emplace(sha, Recorded{c.text("cluster"), s.report.file});
            }
        }
    }
}

// Each certificate once, with every name it came under; then the CAs
// among them.
void classify_entries(Result& result, const profile::Registry& registry, unsigned jobs)
{
    std::vector<Entry*> unique;
    for (auto& e : result.entries) {
        if (e.status != Status::duplicate) {
            unique.push_back(&e);
        }
    }
    // Each certificate on its own, on every thread.
    util::parallel_for<int>(unique.size(), jobs, [&](std::size_t i, int&) {
        auto& e = *unique[i];
        std::vector<std::string> hints;
        for (const auto& source : e.sources) {
            if (!source.friendly_name.empty()) {
                hints.push_back(source.friendly_name);
            }
        }
        for (const auto& source : e.sources) {
            hints.push_back(std::filesystem::path(source.file).filename().string());
        }
        e.classification = classify(*e.certificate, hints, registry);
        return true;
    });
    std::vector<const x509::Certificate*> certs;
    std::vector<Classification*> classes;
    for (auto* e : unique) {
        certs.push_back(e->certificate.get());
        classes.push_back(&e->classification);
    }
    classify_authorities(certs, classes);
}

// By cluster, type, host, subject, notBefore, SHA-256.
void sort_entries(std::vector<Entry>& entries, unsigned jobs)
{
    util::sort_by_key(
        entries,
        [](const Entry& e) {
            return std::tuple(e.cluster, e.type(), e.classification.host, e.certificate->subject.to_string(),
                der::check_time(e.certificate->not_before).value.value_or(0), e.sha256, e.status == Status::duplicate,
                e.sources.front().file, e.sources.front().position);
        },
        jobs);
}

} // namespace

Result consolidate(const std::vector<Input>& inputs, const profile::Registry& registry, const Options& options)
{
    detail::CertStore store;
    auto scanned = detail::read_all(inputs, options, store);

    Result result;
    result.at = options.at;
    detail::attribute_files(scanned, options, registry, result.warnings);
    std::set<std::string> clusters;
    for (const auto& list : scanned) {
        for (const auto& s : list) {
            if (s.report.status == FileStatus::skipped && !options.keep_going) {
                throw Error(s.report.error_kind, s.report.error);
            }
            if (s.report.status == FileStatus::read) {
                clusters.insert(s.report.cluster);
                result.inputs_legacy = result.inputs_legacy || s.report.legacy;
            }
        }
    }
    result.clusters.assign(clusters.begin(), clusters.end());

    std::unordered_map<std::string, std::size_t> first;
    collect_entries(scanned, result, first);
    if (options.read_sets) {
        read_manifests(scanned, result);
    }
    classify_entries(result, registry, options.jobs);
    // Every cluster that exported each certificate.
    std::unordered_map<std::string_view, std::string_view> cluster_of;
    for (const auto& list : scanned) {
        for (const auto& s : list) {
            cluster_of.emplace(s.report.file, s.report.cluster);
        }
    }
    for (auto& e : result.entries) {
        std::vector<std::string> owners;
        for (const auto& source : result.entries[first.at(e.sha256)].sources) {
            owners.emplace_back(cluster_of.at(source.file));
        }
        std::sort(owners.begin(), owners.end());
        owners.erase(std::unique(owners.begin(), owners.end()), owners.end());
        e.clusters = std::move(owners);
        // An earlier set's manifest knows the cluster that exported it.
        if (const auto r = result.recorded.find(e.sha256); r != result.recorded.end()) {
            e.cluster = r->second.cluster;
            e.clusters = {r->second.cluster};
        }
    }
    detail::apply_rules(result, options, registry);
    // Copies follow their certificate.
    for (auto& e : result.entries) {
        if (e.status == Status::duplicate) {
            const auto& primary = result.entries[first.at(e.sha256)];
            e.classification = primary.classification;
            e.expired = primary.expired;
        }
    }
    sort_entries(result.entries, options.jobs);
    for (auto& list : scanned) {
        for (auto& s : list) {
            result.files.push_back(std::move(s.report));
        }
    }
    if (options.plan_imports) {
        result.imports = import_sets(result);
        detail::review(result, options, registry);
    }
    return result;
}

} // namespace pkitool::bulk
