#include "pkitool/report/itl_report.hpp"

#include "pkitool/json.hpp"
#include "pkitool/report/views.hpp"
#include "pkitool/util/digest.hpp"
#include "pkitool/util/hex.hpp"

#include <array>
#include <cstdio>
#include <ctime>
#include <functional>
#include <sstream>

namespace pkitool::report {

namespace {

std::string upper_hex_bytes(std::span<const std::uint8_t> bytes, const char* separator)
{
    std::string out;
    for (const auto b : bytes) {
        std::array<char, 4> buf{};
        std::snprintf(buf.data(), buf.size(), "%02X", b);
        out += (out.empty() ? "" : separator) + std::string(buf.data());
    }
    return out;
}

std::string iso(std::optional<std::uint32_t> t)
{
    return t ? util::format_iso(static_cast<util::UnixTime>(*t)) : std::string("none");
}

std::string key_of(const itl::RecordView& v)
{
    if (v.certificate) {
        return v.certificate->public_key.description();
    }
    const auto* key = v.record->find(itl::rtag::public_key);
    return key != nullptr ? std::to_string(key->value.size()) + "-byte PUBLICKEY" : "none";
}

std::string digest_text(const itl::File& file)
{
    const auto code = file.digest();
    const auto name = code ? itl::digest_name(*code) : std::string();
    return name.empty() ? "unknown (" + (code ? std::to_string(*code) : std::string("none")) + ")" : name;
}

std::string algorithm_text(const itl::File& file)
{
    const auto code = file.signature_algorithm();
    if (!code) {
        return "none";
    }
    return *code == itl::k_rsa ? "RSA" : *code == itl::k_ecdsa ? "ECDSA" : std::to_string(*code);
}

std::string signer_record_text(const itl::SignatureStatus& s)
{
    return s.signer ? "record #" + std::to_string(*s.signer + 1) : "no record";
}

std::string signature_text(const ItlShown& shown)
{
    const auto& s = shown.signature;
    const auto what = digest_text(*shown.file) + " with " + algorithm_text(*shown.file) + " ("
        + std::to_string(shown.file->signature()->value.size()) + " bytes)";
    if (!s.problem.empty()) {
        return what + ", cannot be verified: " + s.problem;
    }
    return what + ", " + (s.valid ? "verifies with " : "does NOT verify with ") + signer_record_text(s);
}

toml::table field_json(const itl::Field& f, bool header)
{
    toml::table t{{"offset", static_cast<std::int64_t>(f.offset)}, {"tag", f.tag},
        {"name", header ? itl::header_tag_name(f.tag) : itl::record_tag_name(f.tag)},
        {"length", static_cast<std::int64_t>(f.padding ? 0 : f.size() - 3)}};
    if (f.container) {
        toml::array children;
        for (const auto& c : f.children) {
            children.push_back(field_json(c, header));
        }
        t.insert("fields", std::move(children));
    } else if (!f.padding) {
        t.insert("hex", util::hex(f.value));
    }
    return t;
}

} // namespace

toml::table itl_file_json(const ItlShown& shown)
{
    const auto& file = *shown.file;
    toml::array header;
    for (const auto& f : file.header) {
        header.push_back(field_json(f, true));
    }
    toml::array records;
    for (std::size_t i = 0; i < file.records.size(); ++i) {
        const auto v = itl::view(file, i);
        const auto& r = file.records[i];
        const auto function = r.function();
        toml::table entry{{"index", static_cast<std::int64_t>(i + 1)}, {"offset", static_cast<std::int64_t>(r.offset)},
            {"length", static_cast<std::int64_t>(r.length)},
            {"function", function ? itl::function_name(*function) : std::string()},
            {"function_code", function ? static_cast<std::int64_t>(*function) : -1}, {"dns_name", r.dns_name()},
            {"subject", r.subject()}, {"issuer", r.issuer()}, {"serial", util::hex_colons(itl::stripped(r.serial()))}};
        if (const auto* ip = r.find(itl::rtag::ip_address); ip != nullptr && ip->value.size() == 4) {
            entry.insert("ip_address",
                std::to_string(ip->value[0]) + "." + std::to_string(ip->value[1]) + "." + std::to_string(ip->value[2])
                    + "." + std::to_string(ip->value[3]));
        }
        if (v.certificate) {
            auto cert = certificate_summary_json(*v.certificate);
            cert.insert_or_assign("sha1", util::hex(v.sha1));
            cert.insert_or_assign("sha256", util::hex(v.sha256));
            entry.insert("certificate", std::move(cert));
        } else if (!v.certificate_problem.empty()) {
            entry.insert("certificate_problem", v.certificate_problem);
        }
        if (const auto* hash = r.find(itl::rtag::cert_hash)) {
            const auto* algorithm = r.find(itl::rtag::hash_algorithm);
            entry.insert("certhash",
                toml::table{{"hex", util::hex(hash->value)},
                    {"algorithm",
                        algorithm != nullptr && algorithm->value.size() == 1 ? itl::digest_name(algorithm->value[0])
                                                                             : std::string()}});
        }
        toml::array fields;
        for (const auto& f : r.fields) {
            auto field = field_json(f, false);
            field.erase("hex");
            fields.push_back(std::move(field));
        }
        entry.insert("fields", std::move(fields));
        records.push_back(std::move(entry));
    }
    toml::table signer{{"name", file.signer_name()}, {"serial", util::hex_colons(itl::stripped(file.signer_serial()))},
        {"issuer", file.ca_name()}};
    if (shown.signature.signer) {
        signer.insert("record", static_cast<std::int64_t>(*shown.signature.signer + 1));
    }
    toml::table signature{{"digest", digest_text(file)}, {"algorithm", algorithm_text(file)},
        {"bytes", static_cast<std::int64_t>(file.signature()->value.size())}, {"valid", shown.signature.valid}};
    if (!shown.signature.problem.empty()) {
        signature.insert("problem", shown.signature.problem);
    }
    toml::table out{{"file", shown.path}, {"kind", file.kind()}, {"size", static_cast<std::int64_t>(file.bytes.size())},
        {"md5", util::hex(util::md5(file.bytes))}, {"sha1", util::hex(util::sha1(file.bytes))},
        {"version", file.version()}, {"header_length", static_cast<std::int64_t>(file.header_length())},
        {"filename", file.filename()}, {"timestamp", iso(file.timestamp())}, {"signer", std::move(signer)},
        {"signature", std::move(signature)}, {"header", std::move(header)}, {"records", std::move(records)},
        {"findings", findings_json(file.findings)}};
    if (const auto* v = file.header_field(itl::tag::signer_version); v != nullptr && v->value.size() == 2) {
        out.insert("signer_version", std::to_string(v->value[0]) + "." + std::to_string(v->value[1]));
    }
    return out;
}

void itl_show_text(std::ostream& out, const ItlShown& shown, const TextStyle& style)
{
    const auto& file = *shown.file;
    out << bold(shown.path, style) << "  " << file.kind() << ", " << file.bytes.size() << " bytes, version "
        << file.version() << ", header " << file.header_length() << " bytes\n";
    row(out, "Signer", file.signer_name());
    row(out, "Signer serial", util::hex_colons(itl::stripped(file.signer_serial())));
    row(out, "Signer issuer", file.ca_name());
    row(out, "Signature", signature_text(shown));
    row(out, "File name", file.filename());
    row(out, "Timestamp", iso(file.timestamp()));
    row(out, "SHA-1", util::hex(util::sha1(file.bytes)));
    row(out, "Records", std::to_string(file.records.size()));
    for (std::size_t i = 0; i < file.records.size(); ++i) {
        const auto v = itl::view(file, i);
        const auto& r = file.records[i];
        const auto function = r.function();
        out << "  #" << (i + 1) << " " << bold(function ? itl::function_name(*function) : "no FUNCTION", style) << "  "
            << r.subject() << (shown.signature.signer == i ? "  (signer)" : "") << "\n";
        const auto field = [&](std::string_view label, const std::string& value) {
            if (!value.empty()) {
                out << "      " << label << std::string(label.size() < 10 ? 10 - label.size() : 1, ' ') << value
                    << "\n";
            }
        };
        field("DNS name", r.dns_name());
        field("Issuer", r.issuer());
        field("Serial", util::hex_colons(itl::stripped(r.serial())));
        field("Key", key_of(v));
        if (v.certificate) {
            const auto when = [](const der::RawTime& t) {
                const auto value = der::check_time(t).value;
                return value ? util::format_iso(*value) : t.text;
            };
            field("Valid", when(v.certificate->not_before) + " to " + when(v.certificate->not_after));
            field("SHA-1", util::hex(v.sha1));
            field("SHA-256", util::hex(v.sha256));
        } else if (!v.certificate_problem.empty()) {
            field("Problem", v.certificate_problem);
        } else if (const auto* hash = r.find(itl::rtag::cert_hash)) {
            field("CERTHASH", util::hex(hash->value));
        }
    }
    if (!file.findings.empty()) {
        findings_text(out, file.findings, style, 2);
    }
}

void itl_cli_text(std::ostream& out, const ItlShown& shown)
{
    const auto& file = *shown.file;
    const auto kind = file.kind();
    const auto md5 = util::md5(file.bytes);
    out << "The checksum value of the " << kind << " file:\n"
        << (md5.empty() ? std::string("unavailable") : util::hex(md5)) << "(MD5)\n"
        << util::hex(util::sha1(file.bytes)) << "(SHA1)\n\n";
    out << "Length of " << kind << " file: " << file.bytes.size() << "\n";
    if (const auto t = file.timestamp()) {
        const std::time_t seconds = *t;
        std::tm tm{};
        gmtime_r(&seconds, &tm);
        std::array<char, 64> buf{};
        std::strftime(buf.data(), buf.size(), "%a %b %d %H:%M:%S UTC %Y", &tm);
        out << "The " << kind << " File was last modified on " << buf.data() << "\n";
    }
    out << "\tParse " << kind << " File\n\t----------------\n\n";
    out << "\tVersion:\t" << file.version() << "\n\tHeaderLength:\t" << file.header_length() << " (BYTES)\n\n";
    out << "\tBYTEPOS\tTAG\t\tLENGTH\tVALUE\n\t-------\t---\t\t------\t-----\n";
    const auto line = [&](std::uint8_t tag, const std::string& name, std::size_t length, const std::string& value) {
        out << "\t" << static_cast<int>(tag) << "\t" << name << "\t" << length;
        if (!value.empty()) {
            out << "\t" << value;
        }
        out << "\n";
    };
    const std::function<void(const itl::Field&)> header_row = [&](const itl::Field& f) {
        if (f.padding || f.tag == itl::tag::version || f.tag == itl::tag::header_length) {
            return;
        }
        const auto name = itl::header_tag_name(f.tag);
        if (f.container) {
            line(f.tag, name, 2, std::to_string(f.size() - 3));
            for (const auto& c : f.children) {
                header_row(c);
            }
            return;
        }
        std::string value;
        switch (f.tag) {
        case itl::tag::signer_name:
        case itl::tag::ca_name: value = f.text(); break;
        case itl::tag::serial_number: value = upper_hex_bytes(f.value, ":"); break;
        case itl::tag::signature: {
            // Eight bytes a line, lower case without leading zeros, as CUCM does.
            for (std::size_t i = 0; i < f.value.size(); ++i) {
                std::array<char, 4> buf{};
                std::snprintf(buf.data(), buf.size(), "%x", f.value[i]);
                value += buf.data();
                value += (i + 1 == f.value.size()) ? "" : (i % 8 == 7) ? "\n\t\t\t\t" : "  ";
            }
            break;
        }
        case itl::tag::signer_version:
            value = f.value.size() == 2 ? std::to_string(f.value[0]) + "." + std::to_string(f.value[1]) : "";
            break;
        default:
            if (name == "UNKNOWN") {
                value = util::hex(f.value);
            }
        }
        line(f.tag, name, f.value.size(), value);
    };
    for (const auto& f : file.header) {
        header_row(f);
    }
    for (std::size_t i = 0; i < file.records.size(); ++i) {
        const auto& r = file.records[i];
        out << "\n\t" << kind << " Record #:" << (i + 1) << "\n\t----\n";
        out << "\tBYTEPOS\tTAG\t\tLENGTH\tVALUE\n\t-------\t---\t\t------\t-----\n";
        for (const auto& f : r.fields) {
            std::string value;
            switch (f.tag) {
            case itl::rtag::record_length:
            case itl::rtag::function:
                if (f.value.size() == 2) {
                    value = f.tag == itl::rtag::function
                        ? itl::function_cli_name(static_cast<std::uint16_t>(*f.number()))
                        : std::to_string(*f.number());
                }
                break;
            case itl::rtag::dns_name:
            case itl::rtag::subject_name:
            case itl::rtag::issuer_name: value = f.text(); break;
            case itl::rtag::serial_number: value = upper_hex_bytes(f.value, ":"); break;
            case itl::rtag::certificate: value = upper_hex_bytes(util::sha1(f.value), " ") + " (SHA1 Hash HEX)"; break;
            case itl::rtag::cert_hash: value = upper_hex_bytes(f.value, " "); break;
            case itl::rtag::hash_algorithm: {
                const auto name = f.value.size() == 1 ? itl::digest_name(f.value[0]) : std::string();
                value = name.empty() ? util::hex(f.value) : name;
                break;
            }
            default:
                if (itl::record_tag_name(f.tag) == "UNKNOWN") {
                    value = util::hex(f.value);
                }
            }
            line(f.tag, itl::record_tag_name(f.tag), f.value.size(), value);
        }
        if (r.function() == std::uint16_t{0}) {
            out << "\tThis etoken was " << (shown.signature.signer == i ? "used" : "not used") << " to sign the "
                << kind << " file.\n";
        }
    }
    out << "\n";
    if (shown.signature.valid) {
        out << "The " << kind << " file was verified successfully.\n";
    } else {
        out << "The " << kind << " file could not be verified: "
            << (shown.signature.problem.empty() ? "the signature does not match" : shown.signature.problem) << ".\n";
    }
}

toml::table itl_verify_json(
    const std::string& path, const itl::File& file, const itl::Verification& v, util::UnixTime at)
{
    const auto counts = count_severities(v.findings);
    const auto signer = itl::view(file, v.signer);
    return toml::table{{"schema", "pkitool-itl-verify/1"}, {"file", path}, {"kind", file.kind()}, {"ok", !v.failed()},
        {"at", util::format_iso(at)}, {"signature_valid", v.signature_valid},
        {"signer",
            toml::table{{"record", static_cast<std::int64_t>(v.signer + 1)}, {"subject", signer.record->subject()},
                {"serial", util::hex_colons(itl::stripped(signer.record->serial()))},
                {"sha1", util::hex(signer.sha1)}}},
        {"generation", v.generation},
        {"counts",
            toml::table{{"errors", static_cast<std::int64_t>(counts.errors)},
                {"warnings", static_cast<std::int64_t>(counts.warnings)},
                {"notes", static_cast<std::int64_t>(counts.notes)}}},
        {"findings", findings_json(v.findings)}};
}

void itl_verify_text(std::ostream& out, const std::string& path, const itl::File& file, const itl::Verification& v,
    const TextStyle& style)
{
    const auto signer = itl::view(file, v.signer);
    out << bold(path, style) << "  " << file.kind() << ", " << file.records.size() << " records\n";
    row(out, "Signer", signer.record->subject() + " (record #" + std::to_string(v.signer + 1) + ")");
    row(out, "Signature",
        std::string(v.signature_valid ? "verifies" : "does NOT verify") + " (" + digest_text(file) + " with "
            + algorithm_text(file) + ")");
    row(out, "Generation", v.generation);
    if (!v.findings.empty()) {
        findings_text(out, v.findings, style, 2);
    }
    out << verdict_word(!v.failed(), style) << "  " << counts_text(count_severities(v.findings)) << "\n";
}

namespace {

toml::table summary_json(const itl::RecordSummary& s)
{
    return toml::table{{"function", s.function}, {"subject", s.subject}, {"serial", s.serial}, {"sha1", s.sha1}};
}

std::string summary_text(const itl::RecordSummary& s)
{
    return s.function + " " + s.subject + "  serial " + s.serial + "  SHA-1 " + (s.sha1.empty() ? "-" : s.sha1);
}

} // namespace

toml::table itl_diff_json(const std::string& old_path, const std::string& new_path, const itl::Diff& d)
{
    toml::array entries;
    for (const auto& e : d.entries) {
        toml::table t{{"kind", std::string(itl::kind_name(e.kind))}};
        if (e.old_record) {
            t.insert("old", summary_json(*e.old_record));
        }
        if (e.new_record) {
            t.insert("new", summary_json(*e.new_record));
        }
        if (!e.changes.empty()) {
            t.insert("changes", string_array(e.changes));
        }
        entries.push_back(std::move(t));
    }
    return toml::table{{"schema", "pkitool-itl-diff/1"}, {"old", old_path}, {"new", new_path},
        {"signer_changed", d.signer_changed}, {"old_signer", d.old_signer}, {"new_signer", d.new_signer},
        {"header_changes", string_array(d.header_changes)}, {"unchanged", static_cast<std::int64_t>(d.unchanged)},
        {"entries", std::move(entries)}};
}

void itl_diff_text(std::ostream& out, const std::string& old_path, const std::string& new_path, const itl::Diff& d,
    const TextStyle& style)
{
    out << bold(old_path + " -> " + new_path, style) << "\n";
    if (d.signer_changed) {
        out << "  " << bold("Signer changed", style) << ": " << d.old_signer << "\n    -> " << d.new_signer << "\n";
    } else {
        row(out, "Signer", d.new_signer + " (unchanged)");
    }
    for (const auto& h : d.header_changes) {
        row(out, "Header", h);
    }
    for (const auto& e : d.entries) {
        switch (e.kind) {
        case itl::DiffEntry::Kind::added: out << "  + " << summary_text(*e.new_record) << "\n"; break;
        case itl::DiffEntry::Kind::removed: out << "  - " << summary_text(*e.old_record) << "\n"; break;
        case itl::DiffEntry::Kind::changed:
            out << "  ~ " << e.new_record->function << " " << e.new_record->subject << " (" << join(e.changes, ", ")
                << ")\n      old serial " << e.old_record->serial << "  SHA-1 " << e.old_record->sha1
                << "\n      new serial " << e.new_record->serial << "  SHA-1 " << e.new_record->sha1 << "\n";
            break;
        }
    }
    out << plural(d.entries.size(), "difference") << ", " << d.unchanged << " unchanged "
        << (d.unchanged == 1 ? "record" : "records") << "\n";
}

toml::table itl_check_json(const std::string& current, const std::string& what, const itl::Prediction& p)
{
    toml::table t{{"schema", "pkitool-itl-check/1"}, {"current", current}, {"new", what}, {"cucm_version", p.version},
        {"version_inferred", p.version_inferred}, {"acceptance", std::string(itl::acceptance_name(p.acceptance))},
        {"accepted", p.acceptance != itl::Acceptance::rejected}, {"new_signer", p.new_signer},
        {"steps", string_array(p.steps)}, {"findings", findings_json(p.findings)}};
    if (!p.recovery.empty()) {
        t.insert("recovery", p.recovery);
    }
    return t;
}

void itl_check_text(std::ostream& out, const std::string& current, const std::string& what, const itl::Prediction& p,
    const TextStyle& style)
{
    out << bold("A phone holding " + current + ", offered " + what, style) << "\n";
    row(out, "CUCM",
        p.version + (p.version_inferred ? " (inferred from the current signer; --cucm-version sets it)" : ""));
    for (std::size_t i = 0; i < p.steps.size(); ++i) {
        out << "  " << (i + 1) << ". " << p.steps[i] << "\n";
    }
    if (!p.findings.empty()) {
        findings_text(out, p.findings, style, 2);
    }
    switch (p.acceptance) {
    case itl::Acceptance::direct: out << verdict_word(true, style) << "  accepted directly\n"; break;
    case itl::Acceptance::through_tvs: out << verdict_word(true, style) << "  accepted through TVS\n"; break;
    case itl::Acceptance::rejected:
        out << verdict_word(false, style) << "  rejected: the phones lose trust (\"Trust List Update Failed\")\n";
        out << "  Recovery: " << p.recovery << "\n";
        break;
    }
}

} // namespace pkitool::report
