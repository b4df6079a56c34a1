#include "pkitool/report/consolidate_report.hpp"

#include "pkitool/der/time.hpp"
#include "pkitool/json.hpp"
#include "pkitool/report/views.hpp"
#include "pkitool/util/hex.hpp"

#include <algorithm>
#include <iomanip>
#include <map>
#include <set>

namespace pkitool::report {

namespace {

std::string iso(const der::RawTime& time)
{
    const auto value = der::check_time(time).value;
    return value ? util::format_iso(*value) : "unreadable (" + time.text + ")";
}

toml::table source_json(const bulk::Source& s)
{
    toml::table t{{"file", s.file}, {"position", static_cast<std::int64_t>(s.position)}};
    if (!s.friendly_name.empty()) {
        t.insert("friendly_name", s.friendly_name);
    }
    return t;
}

toml::table entry_json(const bulk::Entry& e)
{
    // A further copy says where it was; the rest is in its certificate's
    // entry (the same sha256), so the manifest grows little with copies.
    if (e.status == bulk::Status::duplicate) {
        return toml::table{{"sha256", e.sha256}, {"status", "duplicate"}, {"cluster", e.cluster},
            {"source", source_json(e.sources.front())}, {"reason", e.reason}};
    }
    const auto& cert = *e.certificate;
    toml::array sources;
    for (const auto& s : e.sources) {
        sources.push_back(source_json(s));
    }
    toml::table out{{"sha256", e.sha256}, {"subject", cert.subject.to_string()}, {"issuer", cert.issuer.to_string()},
        {"serial", util::hex_colons(cert.serial_number())}, {"not_before", iso(cert.not_before)},
        {"not_after", iso(cert.not_after)}, {"type", e.type()}, {"evidence", string_array(e.classification.evidence)},
        {"cluster", e.cluster}, {"host", e.classification.host}, {"status", std::string(bulk::status_name(e.status))},
        {"sources", std::move(sources)}, {"stores", string_array(e.stores)}, {"expired", e.expired}};
    if (e.clusters.size() > 1) {
        out.insert("exported_by", string_array(e.clusters));
    }
    if (e.classification.authority) {
        out.insert("ca_of", string_array(e.classification.authority_for));
    }
    if (!e.sets.empty()) {
        out.insert("sets", string_array(e.sets));
    }
    if (!e.reason.empty()) {
        out.insert("reason", e.reason);
    }
    if (e.status == bulk::Status::included) {
        out.insert("friendly_name", e.friendly_name());
    }
    return out;
}

toml::table file_json(const bulk::FileReport& f)
{
    toml::table out{{"file", f.file}, {"status", std::string(bulk::file_status_name(f.status))},
        {"certificates", static_cast<std::int64_t>(f.certificates)}};
    if (!f.format.empty()) {
        out.insert("format", f.format);
    }
    if (!f.cluster.empty()) {
        out.insert("cluster", f.cluster);
        out.insert("cluster_from", f.cluster_source);
    }
    if (!f.notes.empty()) {
        out.insert("notes", string_array(f.notes));
    }
    if (!f.error.empty()) {
        out.insert(f.status == bulk::FileStatus::ignored ? "reason" : "error", f.error);
    }
    return out;
}

// Included certificates by cluster, then type.
std::map<std::string, std::map<std::string, std::size_t>> included_table(const bulk::Result& result)
{
    std::map<std::string, std::map<std::string, std::size_t>> table;
    for (const auto& e : result.entries) {
        if (e.status == bulk::Status::included) {
            ++table[e.cluster][e.type()];
        }
    }
    return table;
}

} // namespace

toml::table manifest_json(const bulk::Result& result, const ManifestOutputs& outputs)
{
    toml::array files;
    for (const auto& f : result.files) {
        files.push_back(file_json(f));
    }
    toml::array certificates;
    for (const auto& e : result.entries) {
        certificates.push_back(entry_json(e));
    }
    // Each import by its size and the clusters it comes from, not by its
    // certificates: which certificates it holds follows from theirs
    // (included, the store in `stores`, and neither `cluster` nor any of
    // `exported_by` the importing cluster), and listing them would grow
    // the manifest with clusters x certificates.
    toml::array imports;
    for (const auto& set : result.imports) {
        std::set<std::string> from;
        for (const auto* e : set.entries) {
            from.insert(e->clusters.begin(), e->clusters.end());
        }
        imports.push_back(toml::table{{"cluster", set.cluster}, {"store", set.store},
            {"file", "import/" + set.cluster + "/" + set.store + ".pem"},
            {"certificates", static_cast<std::int64_t>(set.entries.size())},
            {"from", string_array(std::vector<std::string>(from.begin(), from.end()))}});
    }
    toml::table counts;
    for (const auto status : bulk::k_statuses) {
        counts.insert(std::string(bulk::status_name(status)), static_cast<std::int64_t>(result.count(status)));
    }
    toml::table per_cluster;
    for (const auto& [cluster, types] : included_table(result)) {
        toml::table t;
        for (const auto& [type, n] : types) {
            t.insert(type, static_cast<std::int64_t>(n));
        }
        per_cluster.insert(cluster, std::move(t));
    }
    return toml::table{{"schema", "pkitool-consolidate/3"}, {"at", util::format_iso(result.at)},
        {"clusters", string_array(result.clusters)}, {"files", std::move(files)},
        {"certificates", std::move(certificates)}, {"imports", std::move(imports)},
        {"outputs",
            toml::table{{"profile", outputs.profile}, {"profile_from", outputs.profile_reason},
                {"files", string_array(outputs.files)}}},
        {"summary", toml::table{{"statuses", std::move(counts)}, {"included", std::move(per_cluster)}}},
        {"warnings", string_array(result.warnings)}, {"attention", string_array(result.attention)}};
}

void summary_text(std::ostream& out, const bulk::Result& result, const TextStyle& style)
{
    const auto table = included_table(result);
    std::set<std::string> type_set;
    for (const auto& [cluster, types] : table) {
        for (const auto& [type, n] : types) {
            type_set.insert(type);
        }
    }
    const std::vector<std::string> types(type_set.begin(), type_set.end());
    std::size_t first = std::string("cluster").size();
    for (const auto& cluster : result.clusters) {
        first = std::max(first, cluster.size());
    }
    if (table.empty()) {
        out << bold("Included certificates", style) << ": none\n";
    } else {
        out << bold("Included certificates", style) << "\n";
        out << "  " << std::left << std::setw(static_cast<int>(first)) << "cluster";
        for (const auto& type : types) {
            out << "  " << type;
        }
        out << "\n";
        for (const auto& cluster : result.clusters) {
            out << "  " << std::left << std::setw(static_cast<int>(first)) << cluster;
            const auto row = table.find(cluster);
            for (const auto& type : types) {
                std::size_t n = 0;
                if (row != table.end()) {
                    const auto cell = row->second.find(type);
                    n = cell == row->second.end() ? 0 : cell->second;
                }
                out << "  " << std::right << std::setw(static_cast<int>(type.size())) << n;
            }
            out << "\n";
        }
    }
    std::vector<std::string> parts;
    for (const auto status : bulk::k_statuses) {
        parts.push_back(std::to_string(result.count(status)) + " " + std::string(bulk::status_name(status)));
    }
    out << "Certificates: " << join(parts, ", ") << "\n";
    // What was left out, and why: each certificate with its cluster and date.
    for (const auto& e : result.entries) {
        const auto& cert = *e.certificate;
        const std::string where = " (cluster " + e.cluster + ", " + e.type();
        switch (e.status) {
        case bulk::Status::superseded:
            out << "  superseded: " << cert.subject.to_string() << where << ", notBefore " << iso(cert.not_before)
                << "): " << e.reason << "\n";
            break;
        case bulk::Status::expired:
            out << "  expired: " << cert.subject.to_string() << where << ", notAfter " << iso(cert.not_after) << ")\n";
            break;
        case bulk::Status::not_carried:
        case bulk::Status::unused:
            out << "  " << bulk::status_name(e.status) << ": " << cert.subject.to_string() << where << "): " << e.reason
                << "\n";
            break;
        case bulk::Status::unknown:
            out << "  unknown: " << cert.subject.to_string() << " (" << e.sources.front().file
                << "): " << join(e.classification.evidence, "; ") << "\n";
            break;
        default: break;
        }
    }
    // What each cluster imports, store by store.
    const auto& imports = result.imports;
    out << bold("Imports", style) << "\n";
    for (const auto& cluster : result.clusters) {
        std::vector<std::string> stores;
        for (const auto& set : imports) {
            if (set.cluster == cluster) {
                stores.push_back(set.store + " " + std::to_string(set.entries.size()));
            }
        }
        out << "  " << std::left << std::setw(static_cast<int>(first)) << cluster << "  "
            << (stores.empty() ? "nothing" : join(stores, ", ")) << "\n";
    }
    const auto sets = bulk::type_sets(result);
    if (sets.empty()) {
        out << "Sets: none (no certificate is included)\n";
    } else {
        std::vector<std::string> names;
        for (const auto& set : sets) {
            names.push_back(set.type + ".p12 " + std::to_string(set.entries.size()));
        }
        out << "Sets: " << join(names, ", ") << "\n";
    }
    for (const auto& w : result.warnings) {
        out << severity_label(Severity::warning, style) << " " << w << "\n";
    }
    for (const auto& a : result.attention) {
        out << bold("Needs attention:", style) << " " << a << "\n";
    }
}

} // namespace pkitool::report
