#include "pkitool/report/profiles.hpp"

#include "pkitool/der/oids.hpp"
#include "pkitool/json.hpp"
#include "pkitool/report/text.hpp"

#include <algorithm>

namespace pkitool::report {

std::vector<std::string> eku_names(const std::vector<std::string>& oids)
{
    std::vector<std::string> out;
    for (const auto& oid : oids) {
        out.push_back(der::oid_name(oid));
    }
    return out;
}

namespace {

std::vector<std::string> products(const std::vector<profile::Product>& list)
{
    std::vector<std::string> out;
    for (const auto p : list) {
        out.emplace_back(profile::product_name(p));
    }
    return out;
}

std::string ku_text(const profile::Profile& p)
{
    return p.key_usage ? join(p.key_usage->names(), ",") : std::string("-");
}

std::string eku_text(const profile::Profile& p)
{
    return p.extended_key_usage ? join(eku_names(*p.extended_key_usage), ",") : std::string("-");
}

std::string padded(std::string s, std::size_t width)
{
    s.resize(std::max(s.size() + 1, width), ' ');
    return s;
}

} // namespace

toml::table profile_json(const profile::Profile& p)
{
    toml::table out{{"id", p.id()}, {"type", p.type}, {"product", std::string(profile::product_name(p.product))},
        {"description", p.description}, {"csr", p.csr_allowed},
        {"key_algorithm", std::string(profile::key_algorithm_name(p.key_algorithm))}, {"multi_server", p.multi_server},
        {"trust_store", p.trust_store}, {"restart", string_array(p.restart)}, {"phones_reset", p.phones_reset},
        {"bulk_import_stores", string_array(p.bulk_import_stores)}, {"source", p.source}};
    if (p.multi_server) {
        out.insert("multi_server_suffix", p.multi_server_suffix);
        out.insert("multi_server_nodes", string_array(products(p.multi_server_nodes)));
    }
    if (!p.single_server_suffix.empty()) {
        out.insert("single_server_suffix", p.single_server_suffix);
    }
    if (p.key_usage) {
        out.insert("key_usage", string_array(p.key_usage->names()));
        out.insert("key_usage_critical", p.key_usage_critical);
    }
    if (p.extended_key_usage) {
        out.insert("extended_key_usage", string_array(eku_names(*p.extended_key_usage)));
    }
    if (p.basic_constraints) {
        toml::table bc{{"ca", p.basic_constraints->ca}};
        if (p.basic_constraints->path_length) {
            bc.insert("path_length", static_cast<std::int64_t>(*p.basic_constraints->path_length));
        }
        out.insert("basic_constraints", std::move(bc));
    }
    if (!p.restart_note.empty()) {
        out.insert("restart_note", p.restart_note);
    }
    return out;
}

toml::table profile_document(const profile::Profile& p)
{
    auto out = profile_json(p);
    out.insert("schema", "pkitool-profile/1");
    return out;
}

toml::table profiles_json(const std::vector<profile::Profile>& profiles)
{
    toml::array list;
    for (const auto& p : profiles) {
        list.push_back(profile_json(p));
    }
    return toml::table{{"schema", "pkitool-profiles/1"}, {"profiles", std::move(list)}};
}

void profiles_table_text(std::ostream& out, const std::vector<profile::Profile>& profiles)
{
    out << padded("TYPE", 20) << padded("PRODUCT", 8) << padded("MULTI", 6) << padded("KEY USAGE", 70)
        << "EXTENDED KEY USAGE\n";
    for (const auto& p : profiles) {
        out << padded(p.type, 20) << padded(std::string(profile::product_name(p.product)), 8)
            << padded(p.multi_server ? "yes" : "no", 6) << padded(p.csr_allowed ? ku_text(p) : "(no CSR)", 70)
            << (p.csr_allowed ? eku_text(p) : std::string()) << '\n';
    }
}

void profile_text(std::ostream& out, const profile::Profile& p)
{
    out << p.id() << ": " << p.description << '\n';
    row(out, "Product", p.product == profile::Product::cucm ? "CUCM (cucm)" : "IM and Presence (imp)");
    row(out, "CSR", p.csr_allowed ? "yes" : "no: CUCM makes this certificate itself");
    row(out, "Key", std::string(profile::key_algorithm_name(p.key_algorithm)));
    if (p.csr_allowed) {
        row(out, "Single node", "CN <host>" + p.single_server_suffix + ".<domain>, SAN <host>.<domain>");
    }
    row(out, "Multi-server",
        p.multi_server ? "yes: CN <publisher>" + p.multi_server_suffix + ".<domain>, SANs of "
                + join(products(p.multi_server_nodes), " and ") + " nodes"
                       : "no");
    if (p.key_usage) {
        row(out, "Key usage", join(p.key_usage->names(), ", ") + (p.key_usage_critical ? " (critical)" : ""));
    }
    if (p.extended_key_usage) {
        row(out, "Ext key usage", join(eku_names(*p.extended_key_usage), ", "));
    }
    if (p.basic_constraints) {
        std::string bc = p.basic_constraints->ca ? "CA:TRUE" : "CA:FALSE";
        if (p.basic_constraints->path_length) {
            bc += ", pathlen:" + std::to_string(*p.basic_constraints->path_length);
        }
        row(out, "Basic constraints", bc + " (critical)");
    }
    row(out, "Trust store", p.trust_store);
    row(out, "Restart", join(p.restart, ", ") + (p.restart_note.empty() ? "" : "; " + p.restart_note));
    row(out, "Phones reset", p.phones_reset ? "yes, every phone" : "no");
    row(out, "Bulk import into", p.bulk_import_stores.empty() ? "-" : join(p.bulk_import_stores, ", "));
    row(out, "Source", p.source);
}

} // namespace pkitool::report
