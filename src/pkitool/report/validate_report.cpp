#include "pkitool/report/validate_report.hpp"

#include "pkitool/json.hpp"
#include "pkitool/report/views.hpp"

namespace pkitool::report {

namespace {

Counts total(const validate::Result& r)
{
    std::vector<Finding> all = r.general;
    for (const auto& c : r.certificates) {
        all.insert(all.end(), c.findings.begin(), c.findings.end());
    }
    return count_severities(all);
}

std::string type_text(const validate::Result& r)
{
    if (r.type != nullptr) {
        return r.type->id() + " (from " + r.type_source + ")";
    }
    if (r.type_candidates.empty()) {
        return "unknown";
    }
    std::string names;
    for (const auto* p : r.type_candidates) {
        names += (names.empty() ? "" : " or ") + p->type;
    }
    return names + "? (give --type)";
}

} // namespace

toml::table validate_json(const validate::Result& r, util::UnixTime at)
{
    toml::array certificates;
    for (const auto& c : r.certificates) {
        const auto& in = r.inputs[c.input];
        toml::table entry = certificate_summary_json(in.certificate);
        entry.insert("role", std::string(validate::role_name(c.role)));
        entry.insert("source", origin_json(in.origin));
        entry.insert("from_trust", in.from_trust);
        entry.insert("findings", findings_json(c.findings));
        certificates.push_back(std::move(entry));
    }
    toml::array plan;
    for (const auto& s : r.plan) {
        plan.push_back(
            toml::table{{"step", s.number}, {"purpose", s.purpose}, {"role", std::string(validate::role_name(s.role))},
                {"subject", r.inputs[s.input].certificate.subject.to_string()}, {"file", s.file_name}});
    }
    const Counts counts = total(r);
    toml::table out{{"schema", "pkitool-validate/2"}, {"ok", r.ok()}, {"at", util::format_iso(at)},
        {"certificates", std::move(certificates)}, {"findings", findings_json(r.general)}, {"plan", std::move(plan)},
        {"counts",
            toml::table{{"errors", static_cast<std::int64_t>(counts.errors)},
                {"warnings", static_cast<std::int64_t>(counts.warnings)},
                {"notes", static_cast<std::int64_t>(counts.notes)}}}};
    if (r.type != nullptr) {
        out.insert("type", r.type->id());
        out.insert("type_source", r.type_source);
        out.insert("restart", string_array(r.type->restart));
        if (!r.type->restart_note.empty()) {
            out.insert("restart_note", r.type->restart_note);
        }
    }
    return out;
}

void validate_text(std::ostream& out, const validate::Result& r, util::UnixTime at, const TextStyle& style)
{
    const Counts counts = total(r);
    out << verdict_word(r.ok(), style) << ": "
        << (r.ok() ? "CUCM should accept this response"
                   : "CUCM would refuse this response, or it is not what was asked for")
        << " (checked at " << util::format_iso(at) << "; type " << type_text(r) << "; " << counts_text(counts) << ")\n";
    if (!r.general.empty()) {
        out << "\n  The response:\n";
        findings_text(out, r.general, style, 4);
    }
    for (const auto& c : r.certificates) {
        const auto& in = r.inputs[c.input];
        out << '\n'
            << "  " << bold(std::string(validate::role_name(c.role)), style) << "  "
            << in.certificate.subject.to_string() << "  (" << in.origin.to_string()
            << (in.from_trust ? ", --trust" : "") << ")\n";
        if (c.findings.empty()) {
            out << "    no findings\n";
        }
        findings_text(out, c.findings, style, 4);
    }
    if (r.plan.empty()) {
        return;
    }
    out << '\n'
        << bold("Upload plan", style) << " (Cisco Unified OS Administration > Security > Certificate Management"
        << " > Upload Certificate/Certificate chain):\n";
    for (const auto& s : r.plan) {
        std::string purpose = s.purpose;
        purpose.resize(std::max<std::size_t>(purpose.size() + 2, 20), ' ');
        std::string role(validate::role_name(s.role));
        role.resize(14, ' ');
        out << "  " << s.number << ". " << purpose << role << r.inputs[s.input].certificate.subject.common_name()
            << "  (" << s.file_name << ")\n";
    }
    if (r.type != nullptr && !r.type->restart.empty()) {
        out << "  Then restart: " << join(r.type->restart, ", ")
            << (r.type->restart_note.empty() ? "" : " (" + r.type->restart_note + ")") << '\n';
    }
}

} // namespace pkitool::report
