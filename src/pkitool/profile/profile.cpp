#include "pkitool/profile/profile.hpp"

#include "pkitool/der/oids.hpp"
#include "pkitool/error.hpp"
#include "pkitool/profile/toml_reader.hpp"
#include "pkitool/util/file.hpp"

#include <algorithm>
#include <filesystem>

namespace pkitool::profile {

std::string_view product_name(Product product)
{
    return product == Product::cucm ? "cucm" : "imp";
}

std::string_view key_algorithm_name(KeyAlgorithm algorithm)
{
    return algorithm == KeyAlgorithm::rsa ? "RSA" : "EC";
}

std::string Profile::id() const
{
    return std::string(product_name(product)) + "/" + type;
}

namespace {

Product parse_product(const TableReader& t, std::string_view key, const std::string& value)
{
    if (value == "cucm") {
        return Product::cucm;
    }
    if (value == "imp") {
        return Product::imp;
    }
    t.fail(key, "\"" + value + "\" is not a product (cucm or imp)");
}

std::optional<x509::KeyUsage> parse_key_usage(const TableReader& t)
{
    const auto names = t.strings("key_usage");
    if (!names) {
        return std::nullopt;
    }
    x509::KeyUsage ku;
    for (const auto& name : *names) {
        const auto it = std::find(x509::k_key_usage_names.begin(), x509::k_key_usage_names.end(), name);
        if (it == x509::k_key_usage_names.end()) {
            std::vector<std::string> known(x509::k_key_usage_names.begin(), x509::k_key_usage_names.end());
            const auto guess = nearest(name, known);
            t.fail("key_usage",
                "unknown key usage \"" + name + "\"" + (guess ? " (did you mean \"" + *guess + "\"?)" : ""));
        }
        ku.bits = static_cast<std::uint16_t>(ku.bits | (1U << (it - x509::k_key_usage_names.begin())));
    }
    return ku;
}

std::optional<std::vector<std::string>> parse_eku(const TableReader& t)
{
    const auto names = t.strings("extended_key_usage");
    if (!names) {
        return std::nullopt;
    }
    std::vector<std::string> oids;
    for (const auto& name : *names) {
        // A name from the OID table ("serverAuth") or a dotted OID.
        std::string oid = der::oid_from_name(name);
        const bool dotted = !name.empty() && name.find_first_not_of("0123456789.") == std::string::npos
            && name.find('.') != std::string::npos;
        if (oid.empty() && dotted) {
            oid = name;
        }
        if (oid.empty()) {
            t.fail("extended_key_usage",
                "unknown extended key usage \"" + name + "\" (use a name such as serverAuth or a dotted OID)");
        }
        oids.push_back(oid);
    }
    return oids;
}

std::optional<x509::BasicConstraints> parse_basic_constraints(const TableReader& t)
{
    const auto bc = t.table("basic_constraints");
    if (!bc) {
        return std::nullopt;
    }
    bc->allow_only({"ca", "path_length"});
    x509::BasicConstraints out;
    out.ca = bc->boolean("ca").value_or(false);
    if (const auto len = bc->integer("path_length")) {
        if (*len < 0) {
            bc->fail("path_length", "must not be negative");
        }
        out.path_length = static_cast<std::uint64_t>(*len);
    }
    return out;
}

} // namespace

Profile parse_profile(std::string_view text, const std::string& name)
{
    const toml::table table = parse_toml(text, name);
    const TableReader t(table, name);
    t.allow_only({"type", "product", "description", "csr", "key_algorithm", "multi_server", "multi_server_suffix",
        "single_server_suffix", "multi_server_nodes", "key_usage", "key_usage_critical", "extended_key_usage",
        "basic_constraints", "trust_store", "restart", "restart_note", "phones_reset", "bulk_import_stores"});
    Profile p;
    p.source = name;
    p.type = t.required_string("type");
    p.product = parse_product(t, "product", t.required_string("product"));
    p.description = t.string("description").value_or("");
    p.csr_allowed = t.boolean("csr").value_or(true);
    const std::string algorithm = t.required_string("key_algorithm");
    if (algorithm == "RSA") {
        p.key_algorithm = KeyAlgorithm::rsa;
    } else if (algorithm == "EC") {
        p.key_algorithm = KeyAlgorithm::ec;
    } else {
        t.fail("key_algorithm", "\"" + algorithm + "\" is not RSA or EC");
    }
    p.multi_server = t.boolean("multi_server").value_or(false);
    p.multi_server_suffix = t.string("multi_server_suffix").value_or("");
    p.single_server_suffix = t.string("single_server_suffix").value_or("");
    for (const auto& node : t.strings("multi_server_nodes").value_or(std::vector<std::string>{})) {
        p.multi_server_nodes.push_back(parse_product(t, "multi_server_nodes", node));
    }
    if (p.multi_server && (p.multi_server_suffix.empty() || p.multi_server_nodes.empty())) {
        t.fail("multi_server", "a multi-server type needs multi_server_suffix and multi_server_nodes");
    }
    p.key_usage = parse_key_usage(t);
    p.key_usage_critical = t.boolean("key_usage_critical").value_or(true);
    p.extended_key_usage = parse_eku(t);
    p.basic_constraints = parse_basic_constraints(t);
    if (p.csr_allowed && (!p.key_usage || !p.extended_key_usage)) {
        t.fail("csr", "a type that allows a CSR needs key_usage and extended_key_usage");
    }
    p.trust_store = t.string("trust_store").value_or("");
    p.restart = t.strings("restart").value_or(std::vector<std::string>{});
    p.restart_note = t.string("restart_note").value_or("");
    p.phones_reset = t.boolean("phones_reset").value_or(false);
    p.bulk_import_stores = t.strings("bulk_import_stores").value_or(std::vector<std::string>{});
    return p;
}

void Registry::add(Profile profile)
{
    const auto same = [&](const Profile& p) { return p.product == profile.product && p.type == profile.type; };
    const auto it = std::find_if(m_profiles.begin(), m_profiles.end(), same);
    if (it != m_profiles.end()) {
        *it = std::move(profile);
    } else {
        m_profiles.push_back(std::move(profile));
    }
}

Registry Registry::load(const Sources& sources)
{
    Registry registry;
    if (sources.builtin) {
        for (const auto& file : builtin_profile_files()) {
            Profile p = parse_profile(file.text, std::string("built-in ") + file.name);
            p.source = "built-in";
            registry.add(std::move(p));
        }
    }
    for (const auto& dir : sources.directories) {
        std::error_code ec;
        if (!std::filesystem::is_directory(dir, ec)) {
            continue;
        }
        std::vector<std::filesystem::path> files;
        for (const auto& entry : std::filesystem::recursive_directory_iterator(dir, ec)) {
            if (entry.is_regular_file() && entry.path().extension() == ".toml"
                && entry.path().parent_path().filename() != "examples"
                && entry.path().parent_path().filename() != "plan") {
                files.push_back(entry.path());
            }
        }
        std::sort(files.begin(), files.end());
        for (const auto& path : files) {
            const auto data = util::read_input(path.string());
            registry.add(parse_profile(
                std::string_view(reinterpret_cast<const char*>(data.data()), data.size()), path.string()));
        }
    }
    std::sort(registry.m_profiles.begin(), registry.m_profiles.end(), [](const Profile& a, const Profile& b) {
        return std::make_pair(a.product, a.type) < std::make_pair(b.product, b.type);
    });
    return registry;
}

const Profile& Registry::find(std::string_view name, std::optional<Product> preferred) const
{
    const auto equal_ci = [](std::string_view a, std::string_view b) {
        return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
            return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
        });
    };
    std::vector<const Profile*> matches;
    for (const auto& p : m_profiles) {
        if (equal_ci(name, p.id()) || equal_ci(name, p.type)) {
            matches.push_back(&p);
        }
    }
    if (matches.size() > 1) {
        const Product want = preferred.value_or(Product::cucm);
        for (const auto* p : matches) {
            if (p->product == want) {
                return *p;
            }
        }
    }
    if (!matches.empty()) {
        return *matches.front();
    }
    std::vector<std::string> names;
    for (const auto& p : m_profiles) {
        names.push_back(p.id());
        names.push_back(p.type);
    }
    std::string message = "unknown certificate type \"" + std::string(name) + "\"";
    if (const auto guess = nearest(name, names)) {
        message += " (did you mean \"" + *guess + "\"?)";
    }
    throw UsageError(message + "; pkitool profiles list shows every type");
}

} // namespace pkitool::profile
