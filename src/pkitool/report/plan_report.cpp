#include "pkitool/report/plan_report.hpp"

#include "pkitool/json.hpp"
#include "pkitool/util/text.hpp"
#include "pkitool/util/time.hpp"

#include <algorithm>
#include <sstream>

namespace pkitool::report {

using plan::Plan;
using plan::PlanKind;

namespace {

std::string title(const Plan& p)
{
    if (p.kind == PlanKind::renew) {
        return "Renewal plan for cluster " + p.cluster + ": " + util::join(p.types);
    }
    return "Trust clean-up plan for cluster " + p.cluster + ": "
        + (p.stores.empty() ? std::string("no store has an expired entry") : util::join(p.stores));
}

// "CUCM 14, mixed mode, CA-signed; with ha, federation".
std::string situation(const Plan& p)
{
    const auto& s = p.situation;
    std::string out = "CUCM " + s.version.text();
    if (p.kind == PlanKind::renew) {
        out += std::string(s.mixed_mode ? ", mixed mode" : ", non-secure mode")
            + (s.ca_signed ? ", CA-signed certificates" : ", self-signed certificates");
    } else {
        out += ", expired at " + util::format_iso(p.at);
    }
    if (!s.with.empty()) {
        out += "; with " + util::join(s.with);
    }
    return out + "; cluster file " + p.cluster_file;
}

std::string expiry(const plan::TrustEntry& e)
{
    return e.not_after ? util::format_iso(*e.not_after) : std::string();
}

toml::table entry_json(const plan::TrustEntry& e)
{
    return toml::table{{"cluster", e.cluster}, {"type", e.type}, {"subject", e.subject}, {"serial", e.serial},
        {"sha256", e.sha256}, {"not_after", expiry(e)}, {"stores", string_array(e.stores)}};
}

} // namespace

toml::table plan_json(const Plan& p)
{
    toml::array notices;
    for (const auto& n : p.notices) {
        toml::array alternative;
        for (const auto& line : n.alternative) {
            alternative.push_back(toml::table{{"text", line.text}, {"command", line.command}});
        }
        notices.push_back(toml::table{{"id", n.id}, {"action", n.refuse ? "refuse" : "warn"}, {"message", n.message},
            {"alternative", std::move(alternative)}, {"source", n.source}});
    }
    toml::array sections;
    for (const auto& s : p.sections) {
        toml::array steps;
        for (const auto& step : s.steps) {
            steps.push_back(toml::table{{"number", static_cast<std::int64_t>(step.number)},
                {"kind", std::string(plan::step_kind_name(step.kind))}, {"node", step.node}, {"text", step.text},
                {"click", step.click}, {"cli", step.cli}, {"details", string_array(step.details)},
                {"source", step.source}});
        }
        sections.push_back(toml::table{{"title", s.title}, {"steps", std::move(steps)}});
    }
    toml::table out{{"schema", "pkitool-plan/1"}, {"kind", p.kind == PlanKind::renew ? "renew" : "trust-cleanup"},
        {"cluster", p.cluster}, {"cluster_file", p.cluster_file}, {"cucm_version", p.situation.version.text()},
        {"mixed_mode", p.situation.mixed_mode}, {"ca_signed", p.situation.ca_signed},
        {"with", string_array(p.situation.with)}, {"refused", p.refused()}, {"notices", std::move(notices)},
        {"sections", std::move(sections)}};
    if (p.kind == PlanKind::renew) {
        out.insert("types", string_array(p.types));
    } else {
        out.insert("stores", string_array(p.stores));
        out.insert("at", util::format_iso(p.at));
        toml::array deletions;
        for (const auto& d : p.deletions) {
            auto t = entry_json(d.entry);
            t.insert("store", d.store);
            deletions.push_back(std::move(t));
        }
        out.insert("deletions", std::move(deletions));
        toml::array identities;
        for (const auto& e : p.identities) {
            identities.push_back(entry_json(e));
        }
        out.insert("identities", std::move(identities));
    }
    if (p.prediction) {
        const auto& r = *p.prediction;
        out.insert("itl_prediction",
            toml::table{{"acceptance", std::string(itl::acceptance_name(r.acceptance))}, {"version", r.version},
                {"new_signer", r.new_signer}, {"steps", string_array(r.steps)}, {"recovery", r.recovery}});
    }
    return out;
}

void plan_text(std::ostream& out, const Plan& p, const TextStyle& style)
{
    out << bold(title(p), style) << "\n" << situation(p) << "\n";
    for (const auto& n : p.notices) {
        out << "\n"
            << severity_label(n.refuse ? Severity::error : Severity::warning, style) << " " << n.id << ": "
            << (n.refuse ? "refused. " : "") << n.message << "\n";
        for (std::size_t i = 0; i < n.alternative.size(); ++i) {
            const auto& line = n.alternative[i];
            out << (i == 0 ? "  Instead: " : "    ") << line.text << (line.command.empty() ? "" : " " + line.command)
                << "\n";
        }
    }
    if (p.refused()) {
        out << "\nNo steps: the plan is refused.\n";
        return;
    }
    if (!p.identities.empty()) {
        out << "\nNot deleted (identity certificates; renew them with pkitool plan renew):\n";
        for (const auto& e : p.identities) {
            out << "  " << e.type << ": " << e.subject << " (expired " << expiry(e) << ")\n";
        }
    }
    if (p.sections.empty()) {
        out << "\nNothing to do.\n";
        return;
    }
    const std::size_t width
        = std::to_string(p.sections.back().steps.empty() ? 1 : p.sections.back().steps.back().number).size();
    for (const auto& s : p.sections) {
        out << "\n" << bold(s.title, style) << "\n";
        for (const auto& step : s.steps) {
            const std::string number = std::to_string(step.number);
            out << "  " << std::string(width - number.size(), ' ') << number << ". ";
            if (!step.node.empty()) {
                out << "[" << step.node << "] ";
            }
            if (step.kind == plan::StepKind::check) {
                out << "Check: ";
            }
            out << step.text << "\n";
            const std::string indent(width + 6, ' ');
            for (const auto& d : step.details) {
                out << indent << "- " << d << "\n";
            }
            if (!step.click.empty()) {
                out << indent << "click: " << step.click << "\n";
            }
            if (!step.cli.empty()) {
                out << indent << "cli:   " << step.cli << "\n";
            }
        }
    }
}

namespace {

// Backslash before every character CommonMark could read as markup.
std::string md(std::string_view text)
{
    std::string out;
    for (const char c : text) {
        if (std::string_view("\\`*_[]<>#|!&").find(c) != std::string_view::npos) {
            out += '\\';
        }
        out += c;
    }
    return out;
}

} // namespace

std::string plan_markdown(const Plan& p)
{
    std::ostringstream out;
    out << "# " << md(title(p)) << "\n\n"
        << md(situation(p)) << ". Sources: the sections (§) of cucm-certificates.md, pkitool's CUCM reference.\n";
    if (!p.notices.empty()) {
        out << "\n## Hazards\n\n";
    }
    for (const auto& n : p.notices) {
        // A blank line between items: Python-Markdown reads an item that
        // follows a paragraph without one as that paragraph's text.
        out << (&n == &p.notices.front() ? "" : "\n") << "- **" << (n.refuse ? "Refused" : "Warning") << "** (`" << n.id
            << "`): " << md(n.message) << "\n";
        if (!n.alternative.empty()) {
            out << "\n    **Instead:**\n\n";
        }
        for (const auto& line : n.alternative) {
            out << "    - " << md(line.text) << (line.command.empty() ? "" : " `" + line.command + "`") << "\n";
        }
        if (!n.source.empty()) {
            out << "\n    Source: " << md(n.source) << "\n";
        }
    }
    if (p.refused()) {
        out << "\nNo steps: the plan is refused.\n";
        return out.str();
    }
    if (!p.identities.empty()) {
        out << "\nNot deleted (identity certificates; renew them with `pkitool plan renew`):\n\n";
        for (const auto& e : p.identities) {
            out << "- " << md(e.type) << ": " << md(e.subject) << " (expired " << md(expiry(e)) << ")\n";
        }
    }
    for (const auto& s : p.sections) {
        out << "\n## " << md(s.title) << "\n\n";
        for (const auto& step : s.steps) {
            out << step.number << ". ";
            if (!step.node.empty()) {
                out << "**" << md(step.node) << ":** ";
            }
            if (step.kind == plan::StepKind::check) {
                out << "*Check:* ";
            }
            out << md(step.text);
            // Four spaces at least: Python-Markdown wants them for what
            // continues an item, CommonMark the width of the marker.
            const std::string indent(std::max<std::size_t>(4, std::to_string(step.number).size() + 2), ' ');
            if (!step.click.empty()) {
                out << "  \n" << indent << "Click: " << md(step.click);
            }
            if (!step.cli.empty()) {
                out << "  \n" << indent << "CLI: `" << step.cli << "`";
            }
            out << "  \n" << indent << "*Source: " << md(step.source) << "*\n";
            if (!step.details.empty()) {
                out << "\n";
                for (const auto& d : step.details) {
                    out << indent << "- " << md(d) << "\n";
                }
                out << "\n";
            }
        }
    }
    return out.str();
}

} // namespace pkitool::report
