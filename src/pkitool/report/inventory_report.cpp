#include "pkitool/report/inventory_report.hpp"

#include "pkitool/json.hpp"
#include "pkitool/report/views.hpp"
#include "pkitool/util/hex.hpp"

#include <algorithm>
#include <array>
#include <iomanip>
#include <map>
#include <sstream>

namespace pkitool::report {

namespace {

using bulk::InventoryRow;
using bulk::Urgency;

constexpr std::int64_t k_day = 86400;

std::string date(const std::optional<util::UnixTime>& t)
{
    return t ? util::format_iso(*t).substr(0, 10) : "unreadable";
}

std::string iso(const std::optional<util::UnixTime>& t)
{
    return t ? util::format_iso(*t) : std::string();
}

// Every field a row shows, as text, in one place for the table, the CSV
// and the page.
struct Cells {
    std::string cluster, status, days, not_after, type, node, role, subject, issuer, serial, sha256, key, signature,
        signed_by, stores, chain_not_after, chain_limited_by, findings, restart, phones_reset, trust_updates;
};

std::string findings_list(const std::vector<Finding>& findings, bool with_notes)
{
    std::vector<std::string> ids;
    for (const auto& f : findings) {
        if (with_notes || f.severity != Severity::note) {
            ids.push_back(f.rule);
        }
    }
    return join(ids);
}

Cells cells(const InventoryRow& r)
{
    const auto& e = *r.entry;
    const auto& cert = *e.certificate;
    Cells c;
    c.cluster = e.cluster;
    c.status = std::string(bulk::urgency_name(r.urgency));
    c.days = r.not_after ? std::to_string(r.days_left) : std::string();
    c.not_after = iso(r.not_after);
    c.type = e.type();
    c.node = e.classification.host;
    c.role = r.role;
    c.subject = cert.subject.to_string();
    c.issuer = cert.issuer.to_string();
    c.serial = util::hex_colons(cert.serial_number());
    c.sha256 = e.sha256;
    c.key = cert.public_key.description();
    c.signature = cert.signature_algorithm.name;
    c.signed_by = r.self_signed ? "self-signed" : "CA-signed";
    c.stores = join(r.stores);
    if (r.chain_not_after != r.not_after || !r.chain_limited_by.empty()) {
        c.chain_not_after = iso(r.chain_not_after);
        c.chain_limited_by = r.chain_limited_by;
    }
    c.findings = findings_list(r.findings, true);
    if (r.renewal) {
        c.restart = join(r.renewal->restart);
        c.phones_reset = r.renewal->phones_reset ? "yes" : "no";
        c.trust_updates = join(r.renewal->trust_updates);
    }
    return c;
}

std::string short_subject(const x509::Certificate& cert)
{
    const auto cn = cert.subject.common_name();
    return cn.empty() ? cert.subject.to_string() : cn;
}

// "tomcat on east-pub (expires 2026-12-20, in 14 days): ..." for the
// change list, in text and on the page.
std::string when_text(const InventoryRow& r)
{
    if (!r.not_after) {
        return "notAfter unreadable";
    }
    if (r.urgency == Urgency::expired) {
        return "expired " + date(r.not_after) + ", " + plural(static_cast<std::size_t>(-r.days_left), "day")
            + " ago";
    }
    return "expires " + date(r.not_after) + ", in " + plural(static_cast<std::size_t>(r.days_left), "day");
}

std::vector<std::string> renewal_lines(const InventoryRow& r)
{
    std::vector<std::string> out;
    if (!r.renewal) {
        out.emplace_back("type unknown: no profile says what renewing it touches");
        return out;
    }
    const auto& n = *r.renewal;
    out.push_back("renew on " + n.where + (n.ca_signed ? " (CA-signed: a new CSR to the CA)" : ""));
    if (!n.restart.empty()) {
        out.push_back("restart " + join(n.restart) + (n.restart_note.empty() ? "" : " (" + n.restart_note + ")"));
    }
    out.push_back(n.phones_reset ? "every phone resets" : "no phone reset");
    if (!n.trust_updates.empty()) {
        out.push_back(std::string(n.ca_signed ? "if the CA changes, its new CA into " : "the new certificate into ")
            + join(n.trust_updates));
    }
    return out;
}

std::string counts_line(const bulk::Inventory& inv)
{
    return plural(inv.rows.size(), "certificate") + ": " + std::to_string(inv.count(Urgency::expired))
        + " expired, " + std::to_string(inv.count(Urgency::due)) + " due within " + std::to_string(inv.warn_days)
        + " days, " + std::to_string(inv.count(Urgency::ok)) + " ok";
}

// The clusters in row order, each with its rows.
std::vector<std::pair<std::string, std::vector<const InventoryRow*>>> by_cluster(const bulk::Inventory& inv)
{
    std::vector<std::pair<std::string, std::vector<const InventoryRow*>>> out;
    for (const auto& r : inv.rows) {
        if (out.empty() || out.back().first != r.entry->cluster) {
            out.emplace_back(r.entry->cluster, std::vector<const InventoryRow*>{});
        }
        out.back().second.push_back(&r);
    }
    return out;
}

std::string html_escape(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
        }
    }
    return out;
}

std::string csv_field(std::string_view text)
{
    if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
        return std::string(text);
    }
    std::string out = "\"";
    for (const char c : text) {
        out += c;
        if (c == '"') {
            out += '"';
        }
    }
    return out + "\"";
}

} // namespace

toml::table inventory_json(const bulk::Inventory& inv)
{
    toml::array certificates;
    for (const auto& r : inv.rows) {
        const auto& e = *r.entry;
        const auto c = cells(r);
        toml::array sources;
        for (const auto& s : e.sources) {
            sources.push_back(s.file);
        }
        toml::table row{{"cluster", c.cluster}, {"node", c.node}, {"type", c.type}, {"status", c.status},
            {"not_after", c.not_after}, {"subject", c.subject}, {"issuer", c.issuer}, {"serial", c.serial},
            {"sha256", c.sha256}, {"key", c.key}, {"signature_algorithm", c.signature},
            {"self_signed", r.self_signed}, {"stores", string_array(r.stores)}, {"sources", std::move(sources)},
            {"evidence", string_array(e.classification.evidence)}, {"findings", findings_json(r.findings)}};
        if (r.not_after) {
            row.insert("days_left", r.days_left);
        }
        if (!r.role.empty()) {
            row.insert("role", r.role);
        }
        if (!c.chain_not_after.empty()) {
            row.insert("chain_not_after", c.chain_not_after);
            row.insert("chain_limited_by", c.chain_limited_by);
        }
        if (r.renewal) {
            const auto& n = *r.renewal;
            row.insert("renewal",
                toml::table{{"where", n.where}, {"restart", string_array(n.restart)}, {"restart_note", n.restart_note},
                    {"phones_reset", n.phones_reset}, {"ca_signed", n.ca_signed},
                    {"trust_updates", string_array(n.trust_updates)}});
        }
        certificates.push_back(std::move(row));
    }
    toml::array files;
    for (const auto& f : inv.result.files) {
        toml::table t{{"file", f.file}, {"status", std::string(bulk::file_status_name(f.status))},
            {"certificates", static_cast<std::int64_t>(f.certificates)}};
        if (!f.cluster.empty()) {
            t.insert("cluster", f.cluster);
            t.insert("cluster_from", f.cluster_source);
        }
        if (!f.error.empty()) {
            t.insert(f.status == bulk::FileStatus::ignored ? "reason" : "error", f.error);
        }
        files.push_back(std::move(t));
    }
    toml::array clusters;
    for (const auto& [name, rows] : by_cluster(inv)) {
        clusters.push_back(name);
    }
    return toml::table{{"schema", "pkitool-report/1"}, {"at", util::format_iso(inv.at)}, {"warn_days", inv.warn_days},
        {"counts",
            toml::table{{"certificates", static_cast<std::int64_t>(inv.rows.size())},
                {"expired", static_cast<std::int64_t>(inv.count(Urgency::expired))},
                {"due", static_cast<std::int64_t>(inv.count(Urgency::due))},
                {"ok", static_cast<std::int64_t>(inv.count(Urgency::ok))}}},
        {"clusters", std::move(clusters)}, {"certificates", std::move(certificates)}, {"files", std::move(files)},
        {"warnings", string_array(inv.result.warnings)}};
}

void inventory_text(std::ostream& out, const bulk::Inventory& inv, const TextStyle& style)
{
    out << "Report at " << util::format_iso(inv.at) << ": " << counts_line(inv) << "\n";
    constexpr std::size_t k_subject = 40;
    const std::array<std::string, 7> heads = {"STATUS", "DAYS", "NOT AFTER", "TYPE", "NODE", "SUBJECT", "FINDINGS"};
    for (const auto& [cluster, rows] : by_cluster(inv)) {
        std::vector<std::array<std::string, 7>> lines;
        for (const auto* r : rows) {
            auto subject = short_subject(*r->entry->certificate);
            if (subject.size() > k_subject) {
                subject = subject.substr(0, k_subject - 3) + "...";
            }
            const auto c = cells(*r);
            lines.push_back({c.status, c.days, date(r->not_after), c.type, c.node, subject,
                findings_list(r->findings, false)});
        }
        std::array<std::size_t, 7> width{};
        for (std::size_t i = 0; i < heads.size(); ++i) {
            width[i] = heads[i].size();
            for (const auto& l : lines) {
                width[i] = std::max(width[i], l[i].size());
            }
        }
        const auto print = [&](const std::array<std::string, 7>& l, bool head) {
            std::string text = "  ";
            for (std::size_t i = 0; i < l.size(); ++i) {
                auto cell = l[i];
                if (i + 1 < l.size()) {
                    cell.resize(width[i], ' ');
                    cell += "  ";
                }
                text += cell;
            }
            while (!text.empty() && text.back() == ' ') {
                text.pop_back();
            }
            out << (head ? bold(text, style) : text) << "\n";
        };
        std::size_t expired = 0;
        std::size_t due = 0;
        for (const auto* r : rows) {
            expired += r->urgency == Urgency::expired ? 1 : 0;
            due += r->urgency == Urgency::due ? 1 : 0;
        }
        out << "\n"
            << bold("Cluster " + cluster, style) << " (" << plural(rows.size(), "certificate") << ", " << expired
            << " expired, " << due << " due)\n";
        print(heads, true);
        for (const auto& l : lines) {
            print(l, false);
        }
    }
    bool any = false;
    for (const auto& r : inv.rows) {
        if (r.urgency == Urgency::ok) {
            continue;
        }
        if (!any) {
            out << "\n" << bold("Change list", style) << " (what renewing each expired or due certificate touches)\n";
            any = true;
        }
        const auto& e = *r.entry;
        out << "  " << e.cluster << " " << e.type() << " " << e.classification.host << " ("
            << short_subject(*e.certificate) << "; " << when_text(r) << ")\n";
        for (const auto& line : renewal_lines(r)) {
            out << "      " << line << "\n";
        }
    }
    for (const auto& f : inv.result.files) {
        if (f.status == bulk::FileStatus::skipped) {
            out << severity_label(Severity::warning, style) << " skipped " << f.error << "\n";
        }
    }
    for (const auto& w : inv.result.warnings) {
        out << severity_label(Severity::warning, style) << " " << w << "\n";
    }
}

std::string inventory_csv(const bulk::Inventory& inv)
{
    std::string out = "cluster,node,role,type,status,days_left,not_after,subject,issuer,serial,sha256,key,"
                      "signature_algorithm,signed,stores,chain_not_after,chain_limited_by,findings,restart,"
                      "phones_reset,trust_updates\r\n";
    for (const auto& r : inv.rows) {
        const auto c = cells(r);
        const std::array<const std::string*, 21> fields = {&c.cluster, &c.node, &c.role, &c.type, &c.status, &c.days,
            &c.not_after, &c.subject, &c.issuer, &c.serial, &c.sha256, &c.key, &c.signature, &c.signed_by, &c.stores,
            &c.chain_not_after, &c.chain_limited_by, &c.findings, &c.restart, &c.phones_reset, &c.trust_updates};
        for (std::size_t i = 0; i < fields.size(); ++i) {
            out += (i == 0 ? "" : ",") + csv_field(*fields[i]);
        }
        out += "\r\n";
    }
    return out;
}

namespace {

// The page's style and script, inline: it must open from a USB stick on a
// machine with no network.
constexpr const char* k_style = R"(
:root { font-family: system-ui, sans-serif; color: #111; background: #fff; }
body { margin: 1.5rem; }
h1 { font-size: 1.4rem; margin: 0 0 .3rem; }
h2 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; }
.summary { font-size: 1.05rem; }
.badge { display: inline-block; min-width: 5.5em; padding: 0 .3em; border: 1px solid; border-radius: 3px;
  font-weight: 600; text-align: center; }
.badge.expired, .mark.expired { color: #8b0000; background: #fde2e2; fill: #c62828; stroke: #5a0000; }
.badge.due, .mark.due { color: #6b4500; background: #fff1cc; fill: #f2a900; stroke: #6b4500; }
.badge.ok, .mark.ok { color: #1b5e20; background: #e3f4e4; fill: #43a047; stroke: #1b5e20; }
.mark { stroke-width: 1; }
.mark.filtered { display: none; }
table { border-collapse: collapse; width: 100%; font-size: .85rem; }
th, td { border-bottom: 1px solid #ccc; padding: .2rem .4rem; text-align: left; vertical-align: top; }
th button { font: inherit; font-weight: 600; background: none; border: none; padding: 0; cursor: pointer; }
th[aria-sort=ascending] button::after { content: " \25B2"; }
th[aria-sort=descending] button::after { content: " \25BC"; }
td.num { text-align: right; }
td.nowrap { white-space: nowrap; }
.controls { margin: .5rem 0; display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; }
svg { max-width: 100%; height: auto; }
svg text { font-size: 11px; fill: #111; }
.lane { fill: #f6f6f6; }
.window { fill: #fff1cc; opacity: .6; }
.now { stroke: #111; stroke-width: 1.5; }
.tick { stroke: #bbb; }
ol li { margin-bottom: .3rem; }
@media print {
  .controls, th button::after { display: none; }
  body { margin: 0; }
  .badge, .mark { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  tr { break-inside: avoid; }
}
)";

constexpr const char* k_script = R"(
(function () {
  var table = document.getElementById('certs');
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var texts = rows.map(function (r) { return r.textContent.toLowerCase(); });
  var marks = {};
  Array.prototype.forEach.call(document.querySelectorAll('.mark'), function (m) { marks[m.dataset.row] = m; });
  var filter = document.getElementById('filter');
  var status = document.getElementById('status');
  var shown = document.getElementById('shown');
  function apply() {
    var q = filter.value.trim().toLowerCase();
    var s = status.value;
    var n = 0;
    rows.forEach(function (r, i) {
      var visible = (!q || texts[i].indexOf(q) >= 0) && (!s || r.dataset.status === s);
      r.hidden = !visible;
      var m = marks[r.dataset.row];
      if (m) { m.classList.toggle('filtered', !visible); }
      if (visible) { n++; }
    });
    shown.textContent = n + ' of ' + rows.length + ' certificates shown';
  }
  function key(r, col) {
    var cell = r.cells[col];
    var v = cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent;
    var num = Number(v);
    return v !== '' && !isNaN(num) ? num : v.toLowerCase();
  }
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
    th.querySelector('button').addEventListener('click', function () {
      var up = th.getAttribute('aria-sort') !== 'ascending';
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) { h.setAttribute('aria-sort', 'none'); });
      th.setAttribute('aria-sort', up ? 'ascending' : 'descending');
      var keyed = rows.map(function (r, i) { return [key(r, col), i, r]; });
      keyed.sort(function (a, b) {
        var x = a[0], y = b[0];
        if (typeof x !== typeof y) { x = String(x); y = String(y); }
        var c = x < y ? -1 : x > y ? 1 : a[1] - b[1];
        return up ? c : -c;
      });
      var fragment = document.createDocumentFragment();
      keyed.forEach(function (k) { fragment.appendChild(k[2]); });
      body.appendChild(fragment);
    });
  });
  var params = new URLSearchParams(location.search);
  if (params.has('q')) { filter.value = params.get('q'); }
  if (params.has('status')) { status.value = params.get('status'); }
  filter.addEventListener('input', apply);
  status.addEventListener('change', apply);
  apply();
})();
)";

// The timeline: one lane per cluster and type, one mark per certificate
// at its notAfter; the report's time as a line, the warning window shaded.
// Dates outside ten years after or five before the report's time sit at
// the edge (each mark's title gives the real date).
void timeline_svg(std::ostream& out, const bulk::Inventory& inv, const std::map<const InventoryRow*, std::size_t>& index)
{
    std::vector<std::pair<std::string, std::string>> lanes;
    for (const auto& r : inv.rows) {
        lanes.emplace_back(r.entry->cluster, r.entry->type());
    }
    std::sort(lanes.begin(), lanes.end());
    lanes.erase(std::unique(lanes.begin(), lanes.end()), lanes.end());
    util::UnixTime lo = inv.at;
    util::UnixTime hi = inv.at + std::max<std::int64_t>(inv.warn_days, 30) * k_day;
    for (const auto& r : inv.rows) {
        if (r.not_after) {
            lo = std::min(lo, *r.not_after);
            hi = std::max(hi, *r.not_after);
        }
    }
    lo = std::max(lo, inv.at - 5 * 366 * k_day);
    hi = std::min(hi, inv.at + 10 * 366 * k_day);
    // Whole years around the range.
    auto start = util::to_civil(lo);
    lo = util::to_unix({start.year, 1, 1, 0, 0, 0});
    const auto end = util::to_civil(hi);
    hi = util::to_unix({end.year + 1, 1, 1, 0, 0, 0});
    constexpr int k_left = 230;
    constexpr int k_width = 1100;
    constexpr int k_lane = 18;
    constexpr int k_top = 24;
    const int height = k_top + static_cast<int>(lanes.size()) * k_lane + 8;
    const auto x_of = [&](util::UnixTime t) {
        t = std::clamp(t, lo, hi);
        return k_left
            + static_cast<int>(static_cast<double>(t - lo) / static_cast<double>(hi - lo) * (k_width - k_left - 10));
    };
    out << "<svg id=\"timeline\" role=\"img\" aria-labelledby=\"timeline-title timeline-desc\" viewBox=\"0 0 "
        << k_width << " " << height << "\" width=\"" << k_width << "\" height=\"" << height
        << "\" xmlns=\"http://www.w3.org/2000/svg\">\n<title id=\"timeline-title\">Expiry timeline</title>\n"
        << "<desc id=\"timeline-desc\">" << html_escape(counts_line(inv))
        << ". One mark per certificate at its notAfter, one lane per cluster and type; squares are expired, "
           "triangles due, circles ok.</desc>\n";
    for (std::size_t i = 0; i < lanes.size(); ++i) {
        const int y = k_top + static_cast<int>(i) * k_lane;
        out << "<rect class=\"lane\" x=\"" << k_left << "\" y=\"" << y + 1 << "\" width=\"" << k_width - k_left - 10
            << "\" height=\"" << k_lane - 2 << "\"/><text x=\"4\" y=\"" << y + 13 << "\">"
            << html_escape(lanes[i].first + " / " + lanes[i].second) << "</text>\n";
    }
    for (int year = start.year; year <= end.year + 1; ++year) {
        const int x = x_of(util::to_unix({year, 1, 1, 0, 0, 0}));
        out << "<line class=\"tick\" x1=\"" << x << "\" x2=\"" << x << "\" y1=\"14\" y2=\"" << height - 6 << "\"/>";
        if (year <= end.year) { // the last line closes the range; it needs no label
            out << "<text x=\"" << x + 2 << "\" y=\"11\">" << year << "</text>";
        }
        out << "\n";
    }
    const int now = x_of(inv.at);
    out << "<rect class=\"window\" x=\"" << now << "\" y=\"14\" width=\""
        << std::max(1, x_of(inv.at + inv.warn_days * k_day) - now) << "\" height=\"" << height - 20
        << "\"><title>warning window: " << inv.warn_days << " days</title></rect>\n<line class=\"now\" x1=\"" << now
        << "\" x2=\"" << now << "\" y1=\"14\" y2=\"" << height - 6 << "\"><title>report time "
        << util::format_iso(inv.at) << "</title></line>\n";
    for (const auto& r : inv.rows) {
        const auto lane = static_cast<int>(
            std::lower_bound(lanes.begin(), lanes.end(), std::pair{r.entry->cluster, r.entry->type()}) - lanes.begin());
        const int x = x_of(r.not_after.value_or(inv.at));
        const int y = k_top + lane * k_lane + k_lane / 2;
        const std::string status(bulk::urgency_name(r.urgency));
        out << "<g class=\"mark " << status << "\" data-row=\"" << index.at(&r) << "\">";
        if (r.urgency == Urgency::expired) {
            out << "<rect x=\"" << x - 4 << "\" y=\"" << y - 4 << "\" width=\"8\" height=\"8\"/>";
        } else if (r.urgency == Urgency::due) {
            out << "<path d=\"M" << x << " " << y - 5 << "L" << x + 5 << " " << y + 4 << "L" << x - 5 << " " << y + 4
                << "Z\"/>";
        } else {
            out << "<circle cx=\"" << x << "\" cy=\"" << y << "\" r=\"4\"/>";
        }
        out << "<title>" << status << ": " << html_escape(r.entry->cluster + " " + r.entry->type() + " "
                                                           + short_subject(*r.entry->certificate))
            << ", notAfter " << html_escape(date(r.not_after)) << "</title></g>\n";
    }
    out << "</svg>\n";
}

} // namespace

std::string inventory_html(const bulk::Inventory& inv, const std::string& generated)
{
    std::map<const InventoryRow*, std::size_t> index;
    for (std::size_t i = 0; i < inv.rows.size(); ++i) {
        index.emplace(&inv.rows[i], i);
    }
    std::ostringstream out;
    out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        << "<title>Certificate report " << html_escape(date(inv.at)) << "</title>\n<style>" << k_style
        << "</style>\n</head>\n<body>\n<header>\n<h1>Certificate report</h1>\n<p>At <time>"
        << html_escape(util::format_iso(inv.at)) << "</time>, warning window " << inv.warn_days
        << " days. Generated by pkitool at <time id=\"generated\">" << html_escape(generated)
        << "</time>.</p>\n<p class=\"summary\" id=\"summary\">" << html_escape(counts_line(inv)) << "</p>\n</header>\n"
        << "<main>\n<section aria-labelledby=\"h-timeline\">\n<h2 id=\"h-timeline\">Timeline</h2>\n";
    timeline_svg(out, inv, index);
    out << "</section>\n<section aria-labelledby=\"h-table\">\n<h2 id=\"h-table\">Certificates</h2>\n"
        << "<div class=\"controls\"><label>Filter <input id=\"filter\" type=\"search\" "
           "placeholder=\"cluster, node, type, subject, finding\"></label>\n"
        << "<label>Status <select id=\"status\"><option value=\"\">all</option><option value=\"expired\">expired"
           "</option><option value=\"due\">due</option><option value=\"ok\">ok</option></select></label>\n"
        << "<span id=\"shown\" aria-live=\"polite\"></span></div>\n"
        << "<table id=\"certs\">\n<caption>One row per certificate, most urgent first within each cluster"
           "</caption>\n<thead><tr>";
    const std::array<const char*, 12> heads = {"Cluster", "Status", "Days left", "Not after", "Type", "Node",
        "Subject", "Issuer", "Key", "Signature", "Stores", "Findings"};
    for (const auto* h : heads) {
        out << "<th scope=\"col\" aria-sort=\"none\"><button type=\"button\">" << h << "</button></th>";
    }
    out << "</tr></thead>\n<tbody>\n";
    for (std::size_t i = 0; i < inv.rows.size(); ++i) {
        const auto& r = inv.rows[i];
        const auto c = cells(r);
        const auto rank = static_cast<int>(r.urgency);
        out << "<tr data-row=\"" << i << "\" data-status=\"" << c.status << "\" data-sha256=\"" << c.sha256
            << "\"><td>" << html_escape(c.cluster) << "</td><td data-sort=\"" << rank << "\"><span class=\"badge "
            << c.status << "\">" << c.status << "</span></td><td class=\"num\" data-sort=\""
            << (r.not_after ? std::to_string(r.days_left) : "-999999") << "\">" << c.days << "</td><td class=\"nowrap\">"
            << html_escape(date(r.not_after)) << "</td><td>" << html_escape(c.type) << "</td><td>"
            << html_escape(c.node) << (c.role.empty() ? "" : " <small>(" + html_escape(c.role) + ")</small>")
            << "</td><td>" << html_escape(c.subject) << "</td><td>" << html_escape(c.issuer)
            << (r.self_signed ? " <small>(self-signed)</small>" : "") << "</td><td>" << html_escape(c.key)
            << "</td><td>" << html_escape(c.signature) << "</td><td>" << html_escape(c.stores) << "</td><td>";
        for (const auto& f : r.findings) {
            out << "<span title=\"" << html_escape(f.message) << "\">" << severity_name(f.severity) << ": "
                << html_escape(f.rule) << "</span><br>";
        }
        out << "</td></tr>\n";
    }
    out << "</tbody>\n</table>\n</section>\n<section aria-labelledby=\"h-changes\">\n"
        << "<h2 id=\"h-changes\">Change list</h2>\n";
    bool any = false;
    for (const auto& r : inv.rows) {
        if (r.urgency == Urgency::ok) {
            continue;
        }
        out << (any ? "" : "<ol id=\"changes\">\n") << "<li><strong>"
            << html_escape(r.entry->cluster + " " + r.entry->type() + " " + r.entry->classification.host)
            << "</strong> (" << html_escape(short_subject(*r.entry->certificate) + "; " + when_text(r)) << ")<ul>";
        for (const auto& line : renewal_lines(r)) {
            out << "<li>" << html_escape(line) << "</li>";
        }
        out << "</ul></li>\n";
        any = true;
    }
    out << (any ? "</ol>\n" : "<p>Nothing is expired or due.</p>\n") << "</section>\n";
    if (!inv.result.warnings.empty()) {
        out << "<section aria-labelledby=\"h-warnings\">\n<h2 id=\"h-warnings\">Warnings</h2>\n<ul>\n";
        for (const auto& w : inv.result.warnings) {
            out << "<li>" << html_escape(w) << "</li>\n";
        }
        out << "</ul>\n</section>\n";
    }
    out << "</main>\n<script>" << k_script << "</script>\n</body>\n</html>\n";
    return out.str();
}

} // namespace pkitool::report
