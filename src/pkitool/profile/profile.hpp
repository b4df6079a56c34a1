// Certificate-type profiles: for each CUCM and IM and Presence certificate
// type, the exact extensions its CSR carries and the facts pkitool needs
// around it (trust store, services to restart, bulk-import stores). The
// shipped profiles are compiled in; files can override or add types.
#pragma once

#include "pkitool/x509/extensions.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pkitool::profile {

enum class Product { cucm, imp };
enum class KeyAlgorithm { rsa, ec };

std::string_view product_name(Product product); // "cucm", "imp"
std::string_view key_algorithm_name(KeyAlgorithm algorithm); // "RSA", "EC"

struct Profile {
    std::string type; // "tomcat"
    Product product = Product::cucm;
    std::string description;
    bool csr_allowed = true;
    KeyAlgorithm key_algorithm = KeyAlgorithm::rsa;
    bool multi_server = false;
    std::string multi_server_suffix; // "-ms", "-EC-ms"
    // A single-node request's CN is <host><single_server_suffix>.<domain>
    // ("-EC" for the -ECDSA types, as CUCM names them; "" for the FQDN).
    std::string single_server_suffix;
    std::vector<Product> multi_server_nodes; // whose FQDNs a multi-server SAN lists
    std::optional<x509::KeyUsage> key_usage; // nothing: not prescribed
    bool key_usage_critical = true;
    std::optional<std::vector<std::string>> extended_key_usage; // dotted OIDs
    std::optional<x509::BasicConstraints> basic_constraints;
    std::string trust_store;
    std::vector<std::string> restart;
    std::string restart_note;
    bool phones_reset = false; // every phone is reset after a new certificate of this type
    std::vector<std::string> bulk_import_stores;
    std::string source; // "built-in" or the file it came from

    // "cucm/tomcat"
    std::string id() const;
};

// Parses one profile file. Throws InputError naming file:line and the key.
Profile parse_profile(std::string_view text, const std::string& name);

// Where profiles come from, weakest first: the built-in copies, the
// installed data directory, $PKITOOL_PROFILES, --profiles-dir. A later
// source's profile replaces an earlier one of the same product and type.
struct Sources {
    // Each holds *.toml, cucm/*.toml, imp/*.toml (and plan/*.toml, the
    // runbook data, which plan::load_runbook reads and profiles skip).
    std::vector<std::string> directories;
    bool builtin = true;
};

class Registry {
public:
    // Throws InputError for a malformed profile file.
    static Registry load(const Sources& sources);

    const std::vector<Profile>& all() const { return m_profiles; }

    // "tomcat" or "imp/tomcat" (case-insensitive). A bare type shared by
    // both products resolves to `preferred` when given, else to cucm.
    // Throws UsageError naming the known types (and the nearest one).
    const Profile& find(std::string_view name, std::optional<Product> preferred = std::nullopt) const;

private:
    void add(Profile profile);

    std::vector<Profile> m_profiles;
};

// The built-in profile files: {"cucm/tomcat.toml", text}.
struct EmbeddedFile {
    const char* name;
    const char* text;
};
std::vector<EmbeddedFile> builtin_profile_files();

} // namespace pkitool::profile
