#include "pkitool/report/lint_report.hpp"

#include "pkitool/lint/rules.hpp"
#include "pkitool/report/views.hpp"

namespace pkitool::report {

namespace {

Counts total_counts(const lint::LintReport& report)
{
    Counts total;
    for (const auto& c : report.certificates) {
        const Counts n = count(c.findings);
        total.errors += n.errors;
        total.warnings += n.warnings;
        total.notes += n.notes;
    }
    return total;
}

toml::table counts_json(const Counts& counts)
{
    return toml::table{{"errors", static_cast<std::int64_t>(counts.errors)},
        {"warnings", static_cast<std::int64_t>(counts.warnings)}, {"notes", static_cast<std::int64_t>(counts.notes)}};
}

} // namespace

toml::table lint_json(const lint::LintReport& report)
{
    toml::array certificates;
    for (const auto& c : report.certificates) {
        toml::array findings;
        for (const auto& f : c.findings) {
            findings.push_back(toml::table{{"rule", f.rule}, {"severity", std::string(severity_name(f.severity))},
                {"message", f.message}, {"value", f.value}});
        }
        toml::table entry = certificate_summary_json(c.certificate);
        entry.insert("source", origin_json(c.origin));
        entry.insert("ok", !has_errors(c.findings));
        entry.insert("findings", std::move(findings));
        certificates.push_back(std::move(entry));
    }
    toml::array errors;
    for (const auto& failure : report.failures) {
        errors.push_back(failure_json(failure));
    }
    return toml::table{{"schema", "pkitool-lint/1"}, {"at", util::format_iso(report.at)},
        {"ok", !report.has_errors() && report.failures.empty()}, {"counts", counts_json(total_counts(report))},
        {"certificates", std::move(certificates)}, {"errors", std::move(errors)}};
}

void lint_text(std::ostream& out, const lint::LintReport& report, const TextStyle& style)
{
    for (const auto& c : report.certificates) {
        out << bold(c.origin.to_string(), style) << "  " << c.certificate.subject.to_string() << '\n';
        if (c.findings.empty()) {
            out << "  no findings\n";
        }
        for (const auto& f : c.findings) {
            std::string id = f.rule;
            id.resize(std::max<std::size_t>(id.size(), 30), ' ');
            out << "  " << severity_label(f.severity, style) << "  " << id << f.message << '\n';
        }
        out << '\n';
    }
    const Counts counts = total_counts(report);
    out << verdict_word(!report.has_errors() && report.failures.empty(), style) << ": " << report.certificates.size()
        << " certificate" << (report.certificates.size() == 1 ? "" : "s") << " checked at "
        << util::format_iso(report.at) << ", " << counts_text(counts);
    if (!report.failures.empty()) {
        out << ", " << report.failures.size() << " unreadable input" << (report.failures.size() == 1 ? "" : "s");
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
