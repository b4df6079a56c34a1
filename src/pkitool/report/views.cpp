#include "pkitool/report/views.hpp"

#include "pkitool/der/oids.hpp"
#include "pkitool/json.hpp"
#include "pkitool/util/digest.hpp"
#include "pkitool/util/hex.hpp"

#include <iomanip>

namespace pkitool::report {

namespace {

std::string status_name(x509::SignatureCheck::Status status)
{
    switch (status) {
    case x509::SignatureCheck::Status::valid: return "valid";
    case x509::SignatureCheck::Status::invalid: return "invalid";
    case x509::SignatureCheck::Status::unchecked: return "unchecked";
    }
    return "unchecked";
}

std::string signature_text(const x509::SignatureCheck& check)
{
    switch (check.status) {
    case x509::SignatureCheck::Status::valid: return "verifies";
    case x509::SignatureCheck::Status::invalid: return "DOES NOT VERIFY";
    case x509::SignatureCheck::Status::unchecked: return "not checked (" + check.reason + ")";
    }
    return "?";
}

std::string time_text(const der::RawTime& t)
{
    const auto check = der::check_time(t);
    const std::string when = check.value ? util::format_iso(*check.value) : std::string("unreadable");
    return when + "  (" + t.tag_name() + " \"" + t.text + "\")";
}

toml::table time_json(const der::RawTime& t)
{
    const auto check = der::check_time(t);
    toml::table out{{"encoding", t.tag_name()}, {"raw", t.text}};
    if (check.value) {
        out.insert("time", util::format_iso(*check.value));
    }
    return out;
}

std::vector<std::string> eku_names(const std::vector<std::string>& oids)
{
    std::vector<std::string> out;
    for (const auto& oid : oids) {
        out.push_back(der::oid_name(oid));
    }
    return out;
}

std::vector<std::string> san_strings(const std::vector<x509::GeneralName>& names)
{
    std::vector<std::string> out;
    for (const auto& n : names) {
        out.push_back(std::string(n.label()) + ":" + n.value);
    }
    return out;
}

bool is_critical(const x509::Extensions& ext, std::string_view oid)
{
    const auto* e = ext.find(oid);
    return e != nullptr && e->critical;
}

std::string critical_suffix(const x509::Extensions& ext, std::string_view oid)
{
    return is_critical(ext, oid) ? " (critical)" : "";
}

toml::table public_key_json(const x509::PublicKey& key)
{
    toml::table out{{"algorithm", key.algorithm}, {"bits", static_cast<std::int64_t>(key.bits)}};
    if (!key.curve.empty()) {
        out.insert("curve", key.curve);
    }
    if (!key.spki.empty()) {
        out.insert("spki_sha256", util::hex(util::sha256(key.spki)));
    }
    return out;
}

toml::table extensions_json(const x509::Extensions& ext)
{
    toml::table out;
    if (ext.subject_alt_names) {
        toml::array sans;
        for (const auto& n : *ext.subject_alt_names) {
            sans.push_back(toml::table{{"type", std::string(n.label())}, {"value", n.value}});
        }
        out.insert("subject_alt_names", std::move(sans));
    }
    if (ext.key_usage) {
        out.insert("key_usage",
            toml::table{
                {"critical", is_critical(ext, der::oid::key_usage)}, {"usages", string_array(ext.key_usage->names())}});
    }
    if (ext.extended_key_usage) {
        out.insert("extended_key_usage",
            toml::table{{"critical", is_critical(ext, der::oid::ext_key_usage)},
                {"usages", string_array(eku_names(*ext.extended_key_usage))},
                {"oids", string_array(*ext.extended_key_usage)}});
    }
    if (ext.basic_constraints) {
        toml::table bc{{"critical", is_critical(ext, der::oid::basic_constraints)}, {"ca", ext.basic_constraints->ca}};
        if (ext.basic_constraints->path_length) {
            bc.insert("path_length",
                static_cast<std::int64_t>(std::min<std::uint64_t>(*ext.basic_constraints->path_length, INT64_MAX)));
        }
        out.insert("basic_constraints", std::move(bc));
    }
    if (ext.subject_key_id) {
        out.insert("subject_key_id", util::hex_colons(*ext.subject_key_id));
    }
    if (ext.authority_key_id) {
        out.insert("authority_key_id", util::hex_colons(*ext.authority_key_id));
    }
    toml::array all;
    for (const auto& e : ext.all) {
        all.push_back(toml::table{{"oid", e.oid}, {"name", der::oid_name(e.oid)}, {"critical", e.critical}});
    }
    out.insert("extensions", std::move(all));
    return out;
}

void extensions_text(std::ostream& out, const x509::Extensions& ext)
{
    if (ext.subject_alt_names) {
        row(out, "SAN", join(san_strings(*ext.subject_alt_names), ", "));
    }
    if (ext.key_usage) {
        row(out, "Key usage", join(ext.key_usage->names(), ", ") + critical_suffix(ext, der::oid::key_usage));
    }
    if (ext.extended_key_usage) {
        row(out, "Ext key usage",
            join(eku_names(*ext.extended_key_usage), ", ") + critical_suffix(ext, der::oid::ext_key_usage));
    }
    if (ext.basic_constraints) {
        std::string bc = ext.basic_constraints->ca ? "CA:TRUE" : "CA:FALSE";
        if (ext.basic_constraints->path_length) {
            bc += ", pathlen:" + std::to_string(*ext.basic_constraints->path_length);
        }
        row(out, "Basic constraints", bc + critical_suffix(ext, der::oid::basic_constraints));
    }
    if (ext.subject_key_id) {
        row(out, "Subject key id", util::hex_colons(*ext.subject_key_id));
    }
    if (ext.authority_key_id) {
        row(out, "Authority key id", util::hex_colons(*ext.authority_key_id));
    }
    std::vector<std::string> others;
    for (const auto& e : ext.all) {
        if (e.oid != der::oid::subject_alt_name && e.oid != der::oid::key_usage && e.oid != der::oid::ext_key_usage
            && e.oid != der::oid::basic_constraints && e.oid != der::oid::subject_key_identifier
            && e.oid != der::oid::authority_key_identifier) {
            others.push_back(der::oid_name(e.oid) + (e.critical ? " (critical)" : ""));
        }
    }
    if (!others.empty()) {
        row(out, "Other extensions", join(others, ", "));
    }
    for (const auto& m : ext.malformed) {
        row(out, "Malformed", m);
    }
}

// A self-issued certificate is checked against its own key.
std::optional<x509::SignatureCheck> self_signature(const x509::Certificate& cert)
{
    if (!cert.self_issued()) {
        return std::nullopt;
    }
    return x509::check_signature(cert, cert.public_key);
}

toml::table certificate_json(const x509::Certificate& cert)
{
    toml::table out = certificate_summary_json(cert);
    out.insert("kind", "certificate");
    out.insert("version", cert.version);
    out.insert("not_before", time_json(cert.not_before));
    out.insert("not_after", time_json(cert.not_after));
    out.insert("public_key", public_key_json(cert.public_key));
    out.insert("signature_algorithm", cert.signature_algorithm.name);
    out.insert("self_issued", cert.self_issued());
    if (const auto check = self_signature(cert)) {
        out.insert("self_signature", status_name(check->status));
    }
    out.insert("sha1_fingerprint", util::hex(util::sha1(cert.der)));
    for (auto&& [k, v] : extensions_json(cert.extensions)) {
        out.insert(k, v);
    }
    return out;
}

void certificate_text(std::ostream& out, const x509::Certificate& cert)
{
    row(out, "Subject", cert.subject.to_string());
    row(out, "Issuer", cert.issuer.to_string());
    row(out, "Serial", util::hex_colons(cert.serial_number()));
    row(out, "Version", std::to_string(cert.version));
    row(out, "Not before", time_text(cert.not_before));
    row(out, "Not after", time_text(cert.not_after));
    row(out, "Public key", cert.public_key.description());
    row(out, "Signature", cert.signature_algorithm.name);
    if (const auto check = self_signature(cert)) {
        row(out, "Self-signed", "yes, signature " + signature_text(*check));
    }
    extensions_text(out, cert.extensions);
    row(out, "SHA-256", util::hex_colons(util::sha256(cert.der)));
    row(out, "SHA-1", util::hex_colons(util::sha1(cert.der)));
}

toml::table csr_json(const x509::Csr& csr)
{
    toml::table out{{"kind", "certificate request"}, {"subject", csr.subject.to_string()},
        {"public_key", public_key_json(csr.public_key)}, {"signature_algorithm", csr.signature_algorithm.name},
        {"signature", status_name(x509::check_signature(csr).status)},
        {"has_extension_request", csr.has_extension_request}};
    toml::table requested = extensions_json(csr.requested);
    out.insert("requested_extensions", std::move(requested));
    std::vector<std::string> attrs;
    for (const auto& oid : csr.other_attributes) {
        attrs.push_back(der::oid_name(oid));
    }
    out.insert("other_attributes", string_array(attrs));
    return out;
}

void csr_text(std::ostream& out, const x509::Csr& csr)
{
    row(out, "Subject", csr.subject.to_string());
    row(out, "Public key", csr.public_key.description());
    row(out, "Signature", csr.signature_algorithm.name + ", " + signature_text(x509::check_signature(csr)));
    if (!csr.has_extension_request) {
        row(out, "Extensions", "none requested");
    }
    extensions_text(out, csr.requested);
    std::vector<std::string> attrs;
    for (const auto& oid : csr.other_attributes) {
        attrs.push_back(der::oid_name(oid));
    }
    if (!attrs.empty()) {
        row(out, "Other attributes", join(attrs, ", "));
    }
    row(out, "Key SHA-256", util::hex_colons(util::sha256(csr.public_key.spki)));
}

toml::table private_key_json(const x509::PrivateKeyInfo& key)
{
    toml::table out{{"kind", "private key"}, {"format", std::string(x509::key_format_name(key.format))},
        {"encrypted", key.encrypted}};
    if (!key.algorithm.empty()) {
        out.insert("algorithm", key.algorithm);
        out.insert("bits", static_cast<std::int64_t>(key.bits));
    }
    if (!key.curve.empty()) {
        out.insert("curve", key.curve);
    }
    if (!key.encryption.empty()) {
        out.insert("encryption", key.encryption);
    }
    return out;
}

void private_key_text(std::ostream& out, const x509::PrivateKeyInfo& key)
{
    row(out, "Format", std::string(x509::key_format_name(key.format)));
    row(out, "Key", key.description());
    if (key.encrypted) {
        row(out, "Encryption", key.encryption);
    } else {
        row(out, "Encryption", "none: the key is in the clear");
    }
}

} // namespace

toml::array findings_json(const std::vector<Finding>& findings)
{
    toml::array out;
    for (const auto& f : findings) {
        toml::table row{{"rule", f.rule}, {"severity", std::string(severity_name(f.severity))}, {"message", f.message},
            {"value", f.value}};
        if (!f.path.empty()) {
            row.insert("path", f.path);
        }
        if (f.offset) {
            row.insert("offset", static_cast<std::int64_t>(*f.offset));
        }
        out.push_back(std::move(row));
    }
    return out;
}

void findings_text(std::ostream& out, const std::vector<Finding>& findings, const TextStyle& style, std::size_t indent)
{
    for (const auto& f : findings) {
        std::string id = f.rule;
        id.resize(std::max<std::size_t>(id.size(), 30), ' ');
        out << std::string(indent, ' ') << severity_label(f.severity, style) << "  " << id << f.message;
        if (!f.path.empty()) {
            out << " [" << f.path << (f.offset ? " at byte " + std::to_string(*f.offset) : std::string()) << "]";
        }
        out << '\n';
    }
}

toml::table origin_json(const load::Origin& origin)
{
    toml::table out{{"file", origin.file}};
    if (origin.line) {
        out.insert("line", static_cast<std::int64_t>(*origin.line));
    }
    if (!origin.pem_label.empty()) {
        out.insert("pem_label", origin.pem_label);
    }
    if (origin.bundle_index) {
        out.insert("bundle_index", static_cast<std::int64_t>(*origin.bundle_index));
    }
    return out;
}

toml::table failure_json(const load::LoadFailure& failure)
{
    return toml::table{
        {"source", origin_json(failure.origin)}, {"kind", error_kind_name(failure.kind)}, {"message", failure.message}};
}

std::string sha256_fingerprint(const x509::Certificate& cert)
{
    return util::hex(util::sha256(cert.der));
}

toml::table certificate_summary_json(const x509::Certificate& cert)
{
    return toml::table{{"subject", cert.subject.to_string()}, {"issuer", cert.issuer.to_string()},
        {"serial", util::hex_colons(cert.serial_number())}, {"sha256_fingerprint", sha256_fingerprint(cert)}};
}

namespace {

toml::table pkcs12_json(const load::Pkcs12Summary& p)
{
    toml::array contents;
    for (const auto& c : p.contents) {
        toml::table t{{"type", c.type}, {"bags", static_cast<std::int64_t>(c.bags)}};
        if (!c.encryption.empty()) {
            t.insert("encryption", c.encryption);
        }
        contents.push_back(std::move(t));
    }
    toml::array bags;
    for (const auto& b : p.bags) {
        toml::table t{{"type", b.type}, {"content", static_cast<std::int64_t>(b.content)},
            {"depth", static_cast<std::int64_t>(b.depth)}};
        const auto optional = [&t](const char* key, const std::string& value) {
            if (!value.empty()) {
                t.insert(key, value);
            }
        };
        optional("friendly_name", b.friendly_name);
        optional("local_key_id", b.local_key_id);
        optional("encryption", b.encryption);
        optional("value_type", b.value_type);
        toml::array attributes;
        for (const auto& a : b.attributes) {
            attributes.push_back(a);
        }
        t.insert("other_attributes", std::move(attributes));
        bags.push_back(std::move(t));
    }
    toml::array notes;
    for (const auto& n : p.notes) {
        notes.push_back(n);
    }
    return toml::table{{"kind", "PKCS#12"}, {"encoding", p.encoding}, {"mac", p.mac}, {"password", p.password},
        {"contents", std::move(contents)}, {"bags", std::move(bags)}, {"notes", std::move(notes)}};
}

void pkcs12_text(std::ostream& out, const load::Pkcs12Summary& p)
{
    row(out, "Encoding", p.encoding);
    row(out, "MAC", p.mac);
    row(out, "Password", p.password);
    for (std::size_t i = 0; i < p.contents.size(); ++i) {
        const auto& c = p.contents[i];
        std::string line = c.type + (c.encryption.empty() ? "" : ", " + c.encryption) + ": " + std::to_string(c.bags)
            + (c.bags == 1 ? " bag" : " bags");
        row(out, "Content " + std::to_string(i + 1), line);
        for (std::size_t b = 0; b < p.bags.size(); ++b) {
            const auto& bag = p.bags[b];
            if (bag.content != i) {
                continue;
            }
            std::string text = std::to_string(b + 1) + ". " + bag.type;
            if (!bag.value_type.empty()) {
                text += " (" + bag.value_type + ")";
            }
            if (bag.depth > 0) {
                text += ", nested " + std::to_string(bag.depth) + " deep";
            }
            if (!bag.friendly_name.empty()) {
                text += ", friendlyName \"" + bag.friendly_name + "\"";
            }
            if (!bag.local_key_id.empty()) {
                text += ", localKeyID " + bag.local_key_id;
            }
            for (const auto& a : bag.attributes) {
                text += ", " + a;
            }
            row(out, "", "  " + text);
            if (!bag.encryption.empty()) {
                row(out, "", "     " + bag.encryption);
            }
        }
    }
    for (const auto& n : p.notes) {
        row(out, "Note", n);
    }
}

} // namespace

toml::table item_json(const load::Item& item)
{
    toml::table out = std::visit(
        [](const auto& content) -> toml::table {
            using T = std::decay_t<decltype(content)>;
            if constexpr (std::is_same_v<T, x509::Certificate>) {
                return certificate_json(content);
            } else if constexpr (std::is_same_v<T, x509::Csr>) {
                return csr_json(content);
            } else if constexpr (std::is_same_v<T, x509::PrivateKeyInfo>) {
                return private_key_json(content);
            } else if constexpr (std::is_same_v<T, x509::PublicKey>) {
                toml::table t = public_key_json(content);
                t.insert("kind", "public key");
                return t;
            } else if constexpr (std::is_same_v<T, load::Pkcs7Summary>) {
                return toml::table{{"kind", "PKCS#7 bundle"},
                    {"certificates", static_cast<std::int64_t>(content.certificates)},
                    {"crls", static_cast<std::int64_t>(content.crls)},
                    {"signers", static_cast<std::int64_t>(content.signers)}};
            } else if constexpr (std::is_same_v<T, load::Pkcs12Summary>) {
                return pkcs12_json(content);
            } else if constexpr (std::is_same_v<T, load::ArchiveSummary>) {
                toml::array members;
                for (const auto& m : content.members) {
                    members.push_back(toml::table{{"path", m.path}, {"size", static_cast<std::int64_t>(m.size)},
                        {"kind", m.kind}, {"modified", m.modified}});
                }
                return toml::table{{"kind", "archive"}, {"format", content.format}, {"members", std::move(members)}};
            } else {
                return toml::table{{"kind", "EC parameters"}, {"curve", content.curve}};
            }
        },
        item.content);
    out.insert("source", origin_json(item.origin));
    return out;
}

void item_text(std::ostream& out, const load::Item& item, const TextStyle& style)
{
    std::visit(
        [&](const auto& content) {
            using T = std::decay_t<decltype(content)>;
            const std::string where = item.origin.to_string();
            if constexpr (std::is_same_v<T, x509::Certificate>) {
                out << bold(where, style) << "  certificate\n";
                certificate_text(out, content);
            } else if constexpr (std::is_same_v<T, x509::Csr>) {
                out << bold(where, style) << "  certificate request (PKCS#10)\n";
                csr_text(out, content);
            } else if constexpr (std::is_same_v<T, x509::PrivateKeyInfo>) {
                out << bold(where, style) << "  private key\n";
                private_key_text(out, content);
            } else if constexpr (std::is_same_v<T, x509::PublicKey>) {
                out << bold(where, style) << "  public key\n";
                row(out, "Key", content.description());
                if (!content.spki.empty()) {
                    row(out, "Key SHA-256", util::hex_colons(util::sha256(content.spki)));
                }
            } else if constexpr (std::is_same_v<T, load::Pkcs7Summary>) {
                out << bold(where, style) << "  PKCS#7 bundle: " << content.certificates << " certificate"
                    << (content.certificates == 1 ? "" : "s");
                if (content.crls > 0) {
                    out << ", " << content.crls << " CRL(s)";
                }
                if (content.signers > 0) {
                    out << ", " << content.signers << " signer(s), not verified";
                }
                out << '\n';
            } else if constexpr (std::is_same_v<T, load::Pkcs12Summary>) {
                out << bold(where, style) << "  PKCS#12\n";
                pkcs12_text(out, content);
            } else if constexpr (std::is_same_v<T, load::ArchiveSummary>) {
                out << bold(where, style) << "  " << content.format << " archive, " << content.members.size()
                    << (content.members.size() == 1 ? " member\n" : " members\n");
                for (const auto& m : content.members) {
                    out << "  " << std::left << std::setw(12) << m.kind << std::right << std::setw(10) << m.size << "  "
                        << m.modified << "  " << m.path << '\n';
                }
            } else {
                out << bold(where, style) << "  EC parameters\n";
                row(out, "Curve", content.curve);
            }
        },
        item.content);
}

} // namespace pkitool::report
