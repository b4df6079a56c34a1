#include "pkitool/bulk/clusters.hpp"

#include "pkitool/util/text.hpp"

#include <fnmatch.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

namespace pkitool::bulk {

namespace {

using detail::Scanned;

constexpr std::string_view k_from_rule = "--cluster ";
constexpr std::string_view k_from_prefix = "file name prefix";
constexpr std::string_view k_from_domain = "DNS domain ";

std::string base_name(const std::string& path)
{
    return std::filesystem::path(path).filename().string();
}

bool glob_matches(const std::string& glob, const std::string& text)
{
    return fnmatch(glob.c_str(), text.c_str(), 0) == 0;
}

// The names a file is known by, for --cluster globs.
std::vector<std::string> names_of(const Scanned& s)
{
    std::vector<std::string> names = {s.report.file, s.outer_path, base_name(s.outer_path)};
    if (!s.member.empty()) {
        names.push_back(s.member);
        names.push_back(base_name(s.member));
    }
    return names;
}

// The part of a file name before its first '_', unless that names a
// certificate type ("tomcat_pub.p12" says nothing of the cluster) or one
// of the file's hosts ("cucm1_tomcat.p12" is a node of some cluster).
std::string name_prefix(const std::string& name, const profile::Registry& registry, const std::set<std::string>& hosts)
{
    const auto underscore = name.find('_');
    if (underscore == std::string::npos || underscore == 0 || underscore + 1 >= name.size()) {
        return {};
    }
    auto prefix = name.substr(0, underscore);
    if (!types_named_in(prefix, registry).empty() || hosts.contains(util::ascii_lower(prefix))) {
        return {};
    }
    return prefix;
}

struct Attribution {
    std::string cluster; // empty: nothing says
    std::string source; // "--cluster A=a/*", "file name prefix", "DNS domain a.example.com"; or why not
};

// The DNS domains a file's certificates name.
std::set<std::string> domains_of(const Scanned& s)
{
    std::set<std::string> domains;
    for (const auto& found : s.certificates) {
        if (auto domain = dns_domain(*found.certificate); !domain.empty()) {
            domains.insert(std::move(domain));
        }
    }
    return domains;
}

Attribution attribute(
    const Scanned& s, const Options& options, const profile::Registry& registry, const std::set<std::string>& domains)
{
    const auto names = names_of(s);
    for (const auto& rule : options.clusters) {
        for (const auto& name : names) {
            if (glob_matches(rule.glob, name)) {
                return {rule.name, std::string(k_from_rule) + rule.name + "=" + rule.glob};
            }
        }
    }
    std::set<std::string> hosts;
    for (const auto& found : s.certificates) {
        auto host = util::ascii_lower(host_label(*found.certificate));
        if (host.ends_with("-ms")) {
            host.resize(host.size() - 3);
        }
        hosts.insert(std::move(host));
    }
    for (const auto& claim : options.claims) {
        if (domains.size() == 1 && util::ascii_lower(*domains.begin()) == util::ascii_lower(claim.domain)) {
            return {claim.cluster, "cluster file " + claim.file + " (DNS domain " + claim.domain + ")"};
        }
        const bool nodes = !hosts.empty() && std::all_of(hosts.begin(), hosts.end(), [&](const std::string& h) {
            return std::find(claim.hosts.begin(), claim.hosts.end(), h) != claim.hosts.end();
        });
        if (domains.empty() && nodes) {
            return {claim.cluster, "cluster file " + claim.file + " (its nodes)"};
        }
    }
    for (const auto& name : {s.member.empty() ? std::string() : base_name(s.member), base_name(s.outer_path)}) {
        if (const auto prefix = name_prefix(name, registry, hosts); !prefix.empty()) {
            return {prefix, std::string(k_from_prefix)};
        }
    }
    if (domains.size() == 1) {
        return {*domains.begin(), std::string(k_from_domain) + *domains.begin()};
    }
    std::string why = "no --cluster glob matches it, its name has no <cluster>_ prefix, and ";
    if (domains.empty()) {
        why += "its certificates name no DNS domain";
    } else {
        std::string list;
        for (const auto& d : domains) {
            list += (list.empty() ? "" : ", ") + d;
        }
        why += "its certificates name several DNS domains (" + list + ")";
    }
    return {"", why};
}

} // namespace

ClusterRule parse_cluster_rule(const std::string& text)
{
    const auto eq = text.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == text.size()) {
        throw UsageError("--cluster " + text + ": expected NAME=GLOB, such as --cluster 'east=exports/east/*'");
    }
    ClusterRule rule{text.substr(0, eq), text.substr(eq + 1)};
    const bool safe = std::all_of(
        rule.name.begin(), rule.name.end(), [](unsigned char c) { return std::isalnum(c) || c == '-' || c == '.'; });
    if (!safe) {
        throw UsageError("--cluster " + text
            + ": a cluster name may hold letters, digits, '-' and '.' only "
              "(it becomes a folder and part of friendlyNames)");
    }
    return rule;
}

namespace detail {

void attribute_files(std::vector<std::vector<Scanned>>& scanned, const Options& options,
    const profile::Registry& registry, std::vector<std::string>& warnings)
{
    // A rule that matches nothing is a mistake in the command line.
    for (const auto& rule : options.clusters) {
        const bool used = std::any_of(scanned.begin(), scanned.end(), [&](const std::vector<Scanned>& list) {
            return std::any_of(list.begin(), list.end(), [&](const Scanned& s) {
                const auto names = names_of(s);
                return std::any_of(
                    names.begin(), names.end(), [&](const std::string& n) { return glob_matches(rule.glob, n); });
            });
        });
        if (!used) {
            throw UsageError("--cluster " + rule.name + "=" + rule.glob
                + ": the glob matches none of the input files (it is matched against each file's path as given "
                  "and its name; quote it so that the shell does not expand it)");
        }
    }

    // Each cluster's DNS domains, and whether only --cluster rules named it.
    std::map<std::string, std::set<std::string>> domains;
    std::map<std::string, bool> by_rule_only;
    for (auto& list : scanned) {
        for (auto& s : list) {
            if (s.report.status != FileStatus::read) {
                continue;
            }
            auto file_domains = domains_of(s);
            auto [cluster, source] = attribute(s, options, registry, file_domains);
            if (cluster.empty() && !options.fallback_cluster.empty()) {
                cluster = options.fallback_cluster;
                source = "none: " + source;
            }
            if (cluster.empty()) {
                s.report.status = FileStatus::skipped;
                s.report.error_kind = ErrorKind::usage;
                s.report.error = s.report.file + ": cannot tell which cluster it belongs to: " + source
                    + "; give --cluster NAME=GLOB";
                continue;
            }
            const bool rule = source.starts_with(k_from_rule);
            const auto [it, is_new] = by_rule_only.try_emplace(cluster, rule);
            it->second = it->second && rule;
            domains[cluster].merge(file_domains);
            s.report.cluster = std::move(cluster);
            s.report.cluster_source = std::move(source);
        }
    }

    for (auto a = domains.begin(); a != domains.end(); ++a) {
        for (auto b = std::next(a); b != domains.end(); ++b) {
            if (by_rule_only[a->first] && by_rule_only[b->first]) {
                continue;
            }
            for (const auto& domain : a->second) {
                if (b->second.contains(domain)) {
                    warnings.push_back("clusters " + a->first + " and " + b->first
                        + " both hold certificates of the DNS domain " + domain
                        + ": if they are one cluster, give --cluster NAME=GLOB for its files (a name such as "
                          "<host>_<type>.p12 says no cluster)");
                    break;
                }
            }
        }
    }
}

} // namespace detail

} // namespace pkitool::bulk
