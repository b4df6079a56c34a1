#include "pkitool/report/lint_report.hpp"

#include "pkitool/lint/rules.hpp"
#include "pkitool/report/views.hpp"

namespace pkitool::report {

namespace {

void add_counts(Counts& total, const std::vector<Finding>& findings)
{
    const Counts n = count_severities(findings);
    total.errors += n.errors;
    total.warnings += n.warnings;
    total.notes += n.notes;
}

Counts total_counts(const lint::LintReport& report)
{
    Counts total;
    for (const auto& c : report.certificates) {
        add_counts(total, c.findings);
    }
    for (const auto& r : report.requests) {
        add_counts(total, r.findings);
    }
    for (const auto& k : report.keys) {
        add_counts(total, k.findings);
    }
    return total;
}

toml::table counts_json(const Counts& counts)
{
    return toml::table{{"errors", static_cast<std::int64_t>(counts.errors)},
        {"warnings", static_cast<std::int64_t>(counts.warnings)}, {"notes", static_cast<std::int64_t>(counts.notes)}};
}

void block_text(
    std::ostream& out, const std::string& heading, const std::vector<Finding>& findings, const TextStyle& style)
{
    out << heading << '\n';
    if (findings.empty()) {
        out << "  no findings\n";
    }
    report::findings_text(out, findings, style, 2);
    out << '\n';
}

} // namespace

toml::table lint_json(const lint::LintReport& report)
{
    toml::array certificates;
    for (const auto& c : report.certificates) {
        toml::table entry = certificate_summary_json(c.certificate);
        entry.insert("source", origin_json(c.origin));
        entry.insert("ok", !has_errors(c.findings));
        entry.insert("findings", findings_json(c.findings));
        certificates.push_back(std::move(entry));
    }
    toml::array requests;
    for (const auto& r : report.requests) {
        requests.push_back(toml::table{{"subject", r.csr.subject.to_string()}, {"source", origin_json(r.origin)},
            {"ok", !has_errors(r.findings)}, {"findings", findings_json(r.findings)}});
    }
    toml::array keys;
    for (const auto& k : report.keys) {
        keys.push_back(toml::table{{"key", k.description}, {"source", origin_json(k.origin)},
            {"ok", !has_errors(k.findings)}, {"findings", findings_json(k.findings)}});
    }
    toml::array errors;
    for (const auto& failure : report.failures) {
        errors.push_back(failure_json(failure));
    }
    toml::table out{{"schema", "pkitool-lint/2"}, {"at", util::format_iso(report.at)}, {"ok", report.ok()},
        {"counts", counts_json(total_counts(report))}, {"certificates", std::move(certificates)},
        {"requests", std::move(requests)}, {"keys", std::move(keys)}, {"errors", std::move(errors)}};
    if (!report.profile.empty()) {
        out.insert("type", report.profile);
    }
    return out;
}

void lint_text(std::ostream& out, const lint::LintReport& report, const TextStyle& style)
{
    for (const auto& c : report.certificates) {
        block_text(
            out, bold(c.origin.to_string(), style) + "  " + c.certificate.subject.to_string(), c.findings, style);
    }
    for (const auto& r : report.requests) {
        block_text(
            out, bold(r.origin.to_string(), style) + "  request " + r.csr.subject.to_string(), r.findings, style);
    }
    for (const auto& k : report.keys) {
        block_text(out, bold(k.origin.to_string(), style) + "  key " + k.description, k.findings, style);
    }
    out << verdict_word(report.ok(), style) << ": " << plural(report.certificates.size(), "certificate");
    if (!report.requests.empty()) {
        out << ", " << plural(report.requests.size(), "request");
    }
    if (!report.keys.empty()) {
        out << ", " << plural(report.keys.size(), "key");
    }
    out << " checked at " << util::format_iso(report.at);
    if (!report.profile.empty()) {
        out << " as " << report.profile;
    }
    out << ", " << counts_text(total_counts(report));
    if (!report.failures.empty()) {
        out << ", " << plural(report.failures.size(), "unreadable input");
    }
    if (report.nothing_checked()) {
        out << "; " << lint::k_nothing_to_check;
    }
    out << '\n';
}

toml::table rules_json()
{
    toml::array rules;
    for (const auto& r : lint::all_rules()) {
        rules.push_back(toml::table{{"rule", std::string(r.id)}, {"severity", std::string(severity_name(r.severity))},
            {"summary", std::string(r.summary)}});
    }
    return toml::table{{"schema", "pkitool-lint-rules/1"}, {"rules", std::move(rules)}};
}

void rules_text(std::ostream& out)
{
    for (const auto& r : lint::all_rules()) {
        std::string id(r.id);
        id.resize(std::max<std::size_t>(id.size(), 30), ' ');
        std::string sev(severity_name(r.severity));
        sev.resize(9, ' ');
        out << id << sev << r.summary << '\n';
    }
}

} // namespace pkitool::report
