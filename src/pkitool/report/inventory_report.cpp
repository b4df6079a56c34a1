#include "pkitool/report/inventory_report.hpp"

#include "pkitool/json.hpp"
#include "pkitool/report/views.hpp"
#include "pkitool/util/hex.hpp"
#include "pkitool/util/parallel.hpp"

#include <algorithm>
#include <array>
#include <iomanip>
#include <map>
#include <sstream>
#include <tuple>

namespace pkitool::report {

namespace {

using bulk::InventoryRow;
using bulk::Urgency;

constexpr std::int64_t k_day = util::k_seconds_per_day;
// Up to this many certificates the timeline has a mark for each.
constexpr std::size_t k_marks_each = 2000;

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

// The cells the text table shares with cells(), without the costly rest.
struct TableCells {
    std::string status, days, type, node;
};

TableCells table_cells(const InventoryRow& r)
{
    const auto& e = *r.entry;
    return {std::string(bulk::urgency_name(r.urgency)), r.not_after ? std::to_string(r.days_left) : std::string(),
        e.type(), e.classification.host};
}

Cells cells(const InventoryRow& r)
{
    const auto& e = *r.entry;
    const auto& cert = *e.certificate;
    Cells c;
    auto table = table_cells(r);
    c.cluster = e.cluster;
    c.status = std::move(table.status);
    c.days = std::move(table.days);
    c.not_after = iso(r.not_after);
    c.type = std::move(table.type);
    c.node = std::move(table.node);
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

// "tomcat on east-pub (expires 2026-12-20, in 14 days): ..." for the
// change list, in text and on the page.
std::string when_text(const InventoryRow& r)
{
    if (!r.not_after) {
        return "notAfter unreadable";
    }
    if (r.urgency == Urgency::expired) {
        return "expired " + date(r.not_after) + ", " + plural(static_cast<std::size_t>(-r.days_left), "day") + " ago";
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
    return plural(inv.rows.size(), "certificate") + ": " + std::to_string(inv.count(Urgency::expired)) + " expired, "
        + std::to_string(inv.count(Urgency::due)) + " due within " + std::to_string(inv.warn_days) + " days, "
        + std::to_string(inv.count(Urgency::ok)) + " ok";
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

// Appends one RFC 4180 field: quoted when it holds a comma, a quote or a
// line break, its quotes doubled.
void append_csv_field(std::string& out, std::string_view text)
{
    if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
        out.append(text);
        return;
    }
    out += '"';
    for (const char c : text) {
        out += c;
        if (c == '"') {
            out += '"';
        }
    }
    out += '"';
}

// Appends each row's text, `write(index, out)`, in the rows' order, made
// in blocks on up to `jobs` threads: a row's text depends on that row only.
template <typename Write>
void append_rows(std::string& out, const std::vector<InventoryRow>& rows, unsigned jobs, Write write)
{
    constexpr std::size_t k_block = 256;
    std::vector<std::string> blocks((rows.size() + k_block - 1) / k_block);
    util::parallel_for<int>(blocks.size(), jobs, [&](std::size_t b, int&) {
        for (std::size_t i = b * k_block; i < std::min(rows.size(), (b + 1) * k_block); ++i) {
            write(i, blocks[b]);
        }
        return true;
    });
    for (const auto& block : blocks) {
        out += block;
    }
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
            {"sha256", c.sha256}, {"key", c.key}, {"signature_algorithm", c.signature}, {"self_signed", r.self_signed},
            {"stores", string_array(r.stores)}, {"sources", std::move(sources)},
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
        lines.reserve(rows.size());
        for (const auto* r : rows) {
            auto subject = bulk::subject_label(*r->entry->certificate);
            if (subject.size() > k_subject) {
                subject = subject.substr(0, k_subject - 3) + "...";
            }
            auto c = table_cells(*r);
            lines.push_back({std::move(c.status), std::move(c.days), date(r->not_after), std::move(c.type),
                std::move(c.node), std::move(subject), findings_list(r->findings, false)});
        }
        std::array<std::size_t, 7> width{};
        for (std::size_t i = 0; i < heads.size(); ++i) {
            width[i] = heads[i].size();
            for (const auto& l : lines) {
                width[i] = std::max(width[i], l[i].size());
            }
        }
        // Each line padded into one buffer, without its trailing blanks.
        std::string table;
        const auto print = [&](const std::array<std::string, 7>& l) {
            table += "  ";
            for (std::size_t i = 0; i < l.size(); ++i) {
                table += l[i];
                if (i + 1 < l.size()) {
                    table.append(width[i] - l[i].size() + 2, ' ');
                }
            }
            while (!table.empty() && table.back() == ' ') {
                table.pop_back();
            }
            table += '\n';
        };
        std::size_t expired = 0;
        std::size_t due = 0;
        for (const auto* r : rows) {
            expired += r->urgency == Urgency::expired ? 1 : 0;
            due += r->urgency == Urgency::due ? 1 : 0;
        }
        print(heads);
        auto head = table.substr(0, table.size() - 1);
        table.clear();
        for (const auto& l : lines) {
            print(l);
        }
        out << "\n"
            << bold("Cluster " + cluster, style) << " (" << plural(rows.size(), "certificate") << ", " << expired
            << " expired, " << due << " due)\n"
            << bold(head, style) << "\n"
            << table;
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
            << bulk::subject_label(*e.certificate) << "; " << when_text(r) << ")\n";
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

std::string inventory_csv(const bulk::Inventory& inv, unsigned jobs)
{
    std::string out = "cluster,node,role,type,status,days_left,not_after,subject,issuer,serial,sha256,key,"
                      "signature_algorithm,signed,stores,chain_not_after,chain_limited_by,findings,restart,"
                      "phones_reset,trust_updates\r\n";
    append_rows(out, inv.rows, jobs, [&inv](std::size_t index, std::string& out) {
        const auto c = cells(inv.rows[index]);
        const std::array<const std::string*, 21> fields = {&c.cluster, &c.node, &c.role, &c.type, &c.status, &c.days,
            &c.not_after, &c.subject, &c.issuer, &c.serial, &c.sha256, &c.key, &c.signature, &c.signed_by, &c.stores,
            &c.chain_not_after, &c.chain_limited_by, &c.findings, &c.restart, &c.phones_reset, &c.trust_updates};
        for (std::size_t i = 0; i < fields.size(); ++i) {
            if (i != 0) {
                out += ',';
            }
            append_csv_field(out, *fields[i]);
        }
        out += "\r\n";
    });
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
#more { font: inherit; }
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
  var rows = JSON.parse(document.getElementById('report-data').textContent);
  var body = document.getElementById('rows');
  var filter = document.getElementById('filter');
  var status = document.getElementById('status');
  var shown = document.getElementById('shown');
  var more = document.getElementById('more');
  var page = 500, limit = page;
  var order = rows.map(function (r, i) { return i; });
  var texts = rows.map(function (r) {
    return r.slice(0, 14).join(' ').toLowerCase() + ' ' + r[14].map(function (f) { return f.join(' '); })
      .join(' ').toLowerCase();
  });
  var marks = {};
  Array.prototype.forEach.call(document.querySelectorAll('.mark[data-row]'), function (m) {
    marks[m.getAttribute('data-row')] = m;
  });
  // Row: cluster, rank, status, days, date, type, node, role, subject, issuer,
  // self-signed, key, signature, stores, findings [[severity, rule, message]], sha256.
  function cell(tr, text, cls) {
    var td = document.createElement('td');
    td.textContent = text;
    if (cls) { td.className = cls; }
    tr.appendChild(td);
    return td;
  }
  function small(td, text) {
    var s = document.createElement('small');
    s.textContent = ' (' + text + ')';
    td.appendChild(s);
  }
  function build(i) {
    var r = rows[i];
    var tr = document.createElement('tr');
    tr.setAttribute('data-row', i);
    tr.setAttribute('data-status', r[2]);
    tr.setAttribute('data-sha256', r[15]);
    cell(tr, r[0]);
    var badge = document.createElement('span');
    badge.className = 'badge ' + r[2];
    badge.textContent = r[2];
    cell(tr, '').appendChild(badge);
    cell(tr, r[3] === null ? '' : String(r[3]), 'num');
    cell(tr, r[4], 'nowrap');
    cell(tr, r[5]);
    var node = cell(tr, r[6]);
    if (r[7]) { small(node, r[7]); }
    cell(tr, r[8]);
    var issuer = cell(tr, r[9]);
    if (r[10]) { small(issuer, 'self-signed'); }
    cell(tr, r[11]);
    cell(tr, r[12]);
    cell(tr, r[13]);
    var findings = cell(tr, '');
    r[14].forEach(function (f) {
      var span = document.createElement('span');
      span.title = f[2];
      span.textContent = f[0] + ': ' + f[1];
      findings.appendChild(span);
      findings.appendChild(document.createElement('br'));
    });
    return tr;
  }
  function key(r, col) {
    switch (col) {
      case 1: return r[1];
      case 2: return r[3] === null ? -1e9 : r[3];
      case 6: return r[8].toLowerCase();
      case 7: return r[9].toLowerCase();
      case 8: return r[11].toLowerCase();
      case 9: return r[12].toLowerCase();
      case 10: return r[13].toLowerCase();
      case 11: return r[14].map(function (f) { return f[1]; }).join(' ');
      default: return String([r[0], '', '', r[4], r[5], r[6]][col]).toLowerCase();
    }
  }
  function render() {
    var q = filter.value.trim().toLowerCase();
    var s = status.value;
    var visible = order.filter(function (i) {
      return (!q || texts[i].indexOf(q) >= 0) && (!s || rows[i][2] === s);
    });
    var fragment = document.createDocumentFragment();
    visible.slice(0, limit).forEach(function (i) { fragment.appendChild(build(i)); });
    body.textContent = '';
    body.appendChild(fragment);
    var on = {};
    visible.forEach(function (i) { on[i] = true; });
    Object.keys(marks).forEach(function (i) { marks[i].classList.toggle('filtered', !on[i]); });
    shown.textContent = visible.length + ' of ' + rows.length + ' certificates '
      + (visible.length > limit ? 'match; the first ' + limit + ' are shown' : 'shown');
    more.hidden = visible.length <= limit;
  }
  Array.prototype.forEach.call(document.querySelectorAll('#certs thead th'), function (th, col, all) {
    th.querySelector('button').addEventListener('click', function () {
      var up = th.getAttribute('aria-sort') !== 'ascending';
      Array.prototype.forEach.call(all, function (h) { h.setAttribute('aria-sort', 'none'); });
      th.setAttribute('aria-sort', up ? 'ascending' : 'descending');
      var keyed = rows.map(function (r, i) { return [key(r, col), i]; });
      keyed.sort(function (a, b) {
        var c = a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
        return (up ? c : -c) || a[1] - b[1];
      });
      order = keyed.map(function (k) { return k[1]; });
      render();
    });
  });
  var params = new URLSearchParams(location.search);
  if (params.has('q')) { filter.value = params.get('q'); }
  if (params.has('status')) { status.value = params.get('status'); }
  filter.addEventListener('input', function () { limit = page; render(); });
  status.addEventListener('change', function () { limit = page; render(); });
  more.addEventListener('click', function () { limit += page; render(); });
  render();
})();
)";

// The page as it is written: appended to one string reserved up front, so
// that a page of 25,000 rows is not copied from a stream's buffer as it
// grows and once more at the end.
class Page {
public:
    explicit Page(std::size_t reserve) { m_text.reserve(reserve); }
    Page& operator<<(std::string_view text)
    {
        m_text.append(text);
        return *this;
    }
    Page& operator<<(char c)
    {
        m_text += c;
        return *this;
    }
    template <typename Number>
    requires std::is_arithmetic_v<Number> Page& operator<<(Number n)
    {
        m_text += std::to_string(n);
        return *this;
    }
    std::string& text() { return m_text; }

private:
    std::string m_text;
};

// Appends a JSON string for a <script> block: "<" is escaped so that no
// text can close the block. Runs that need no escape are copied whole.
void append_json_string(std::string& out, std::string_view text)
{
    constexpr std::string_view k_hex = "0123456789abcdef";
    out += '"';
    std::size_t plain = 0; // where the run not yet copied starts
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const auto u = static_cast<unsigned char>(c);
        const bool backslash = c == '"' || c == '\\';
        if (!backslash && u >= 0x20 && c != '<' && c != '>' && c != '&') {
            continue;
        }
        out.append(text.substr(plain, i - plain));
        if (backslash) {
            out += '\\';
            out += c;
        } else {
            out += "\\u00";
            out += k_hex[u >> 4U];
            out += k_hex[u & 15U];
        }
        plain = i + 1;
    }
    out.append(text.substr(plain));
    out += '"';
}

// Appends the table's rows for the page's script, one array per row (see
// k_script).
void append_rows_json(std::string& out, const bulk::Inventory& inv, unsigned jobs)
{
    out += '[';
    append_rows(out, inv.rows, jobs, [&inv](std::size_t i, std::string& out) {
        const auto& r = inv.rows[i];
        const auto c = cells(r);
        out += i == 0 ? "\n[" : ",\n[";
        append_json_string(out, c.cluster);
        out += ',';
        out += std::to_string(static_cast<int>(r.urgency));
        out += ',';
        append_json_string(out, c.status);
        out += ',';
        out += r.not_after ? std::to_string(r.days_left) : std::string("null");
        out += ',';
        append_json_string(out, date(r.not_after));
        for (const auto* text : {&c.type, &c.node, &c.role, &c.subject, &c.issuer}) {
            out += ',';
            append_json_string(out, *text);
        }
        out += r.self_signed ? ",true," : ",false,";
        for (const auto* text : {&c.key, &c.signature, &c.stores}) {
            append_json_string(out, *text);
            out += ',';
        }
        out += '[';
        for (std::size_t k = 0; k < r.findings.size(); ++k) {
            const auto& f = r.findings[k];
            out += k == 0 ? "[" : ",[";
            append_json_string(out, severity_name(f.severity));
            out += ',';
            append_json_string(out, f.rule);
            out += ',';
            append_json_string(out, f.message);
            out += ']';
        }
        out += "],";
        append_json_string(out, c.sha256);
        out += ']';
    });
    out += "\n]";
}

// The timeline: one lane per cluster and type, one mark per certificate
// at its notAfter; the report's time as a line, the warning window shaded.
// Dates outside ten years after or five before the report's time sit at
// the edge (each mark's title gives the real date).
void timeline_svg(Page& out, const bulk::Inventory& inv)
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
    lo = std::max(lo, inv.at - k_day * 366 * 5);
    hi = std::min(hi, inv.at + k_day * 366 * 10);
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
        << (inv.rows.size() <= k_marks_each
                   ? ". One mark per certificate at its notAfter"
                   : ". One mark per group of certificates with one notAfter column (its title gives how many)")
        << ", one lane per cluster and type; squares are expired, triangles due, circles ok.</desc>\n";
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
    // One mark per certificate, or for large inventories one per lane,
    // status and pixel column (its title says how many), so that a browser
    // draws 25,000 certificates without stalling.
    const bool one_each = inv.rows.size() <= k_marks_each;
    struct Mark {
        int lane = 0;
        int x = 0;
        Urgency urgency = Urgency::ok;
        std::size_t row = 0;
        std::size_t count = 0;
        std::optional<util::UnixTime> first;
        std::optional<util::UnixTime> last;
    };
    std::map<std::tuple<int, int, Urgency>, Mark> grouped;
    std::vector<Mark> marks;
    for (std::size_t i = 0; i < inv.rows.size(); ++i) {
        const auto& r = inv.rows[i];
        const auto lane = static_cast<int>(
            std::lower_bound(lanes.begin(), lanes.end(), std::pair{r.entry->cluster, r.entry->type()}) - lanes.begin());
        Mark m{lane, x_of(r.not_after.value_or(inv.at)), r.urgency, i, 1, r.not_after, r.not_after};
        if (one_each) {
            marks.push_back(m);
            continue;
        }
        auto [it, is_new] = grouped.try_emplace({m.lane, m.x, m.urgency}, m);
        if (!is_new) {
            ++it->second.count;
            it->second.first = std::min(it->second.first, m.first);
            it->second.last = std::max(it->second.last, m.last);
        }
    }
    for (auto& [key, m] : grouped) {
        marks.push_back(m);
    }
    for (const auto& m : marks) {
        const auto& r = inv.rows[m.row];
        const int y = k_top + m.lane * k_lane + k_lane / 2;
        const std::string status(bulk::urgency_name(m.urgency));
        const std::string attributes
            = "class=\"mark " + status + "\"" + (one_each ? " data-row=\"" + std::to_string(m.row) + "\"" : "");
        if (m.urgency == Urgency::expired) {
            out << "<rect " << attributes << " x=\"" << m.x - 4 << "\" y=\"" << y - 4 << "\" width=\"8\" height=\"8\">";
        } else if (m.urgency == Urgency::due) {
            out << "<path " << attributes << " d=\"M" << m.x << " " << y - 5 << "L" << m.x + 5 << " " << y + 4 << "L"
                << m.x - 5 << " " << y + 4 << "Z\">";
        } else {
            out << "<circle " << attributes << " cx=\"" << m.x << "\" cy=\"" << y << "\" r=\"4\">";
        }
        const auto& lane = lanes[static_cast<std::size_t>(m.lane)];
        out << "<title>" << status << ": ";
        if (one_each) {
            out << html_escape(
                r.entry->cluster + " " + r.entry->type() + " " + bulk::subject_label(*r.entry->certificate))
                << ", notAfter " << html_escape(date(r.not_after));
        } else {
            out << html_escape(plural(m.count, "certificate") + " of " + lane.first + " / " + lane.second)
                << ", notAfter " << html_escape(date(m.first))
                << (date(m.first) == date(m.last) ? "" : " to " + html_escape(date(m.last)));
        }
        out << "</title>"
            << (m.urgency == Urgency::expired      ? "</rect>"
                       : m.urgency == Urgency::due ? "</path>"
                                                   : "</circle>")
            << "\n";
    }
    out << "</svg>\n";
}

} // namespace

std::string inventory_html(const bulk::Inventory& inv, const std::string& generated, unsigned jobs)
{
    // About 500 octets a row in the data, the table's script and the marks.
    Page out(inv.rows.size() * 600 + std::size_t{64} * 1024);
    out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        << "<title>Certificate report " << html_escape(date(inv.at)) << "</title>\n<style>" << k_style
        << "</style>\n</head>\n<body>\n<header>\n<h1>Certificate report</h1>\n<p>At <time>"
        << html_escape(util::format_iso(inv.at)) << "</time>, warning window " << inv.warn_days
        << " days. Generated by pkitool at <time id=\"generated\">" << html_escape(generated)
        << "</time>.</p>\n<p class=\"summary\" id=\"summary\">" << html_escape(counts_line(inv)) << "</p>\n</header>\n"
        << "<main>\n<section aria-labelledby=\"h-timeline\">\n<h2 id=\"h-timeline\">Timeline</h2>\n";
    timeline_svg(out, inv);
    out << "</section>\n<section aria-labelledby=\"h-table\">\n<h2 id=\"h-table\">Certificates</h2>\n"
        << "<div class=\"controls\"><label>Filter <input id=\"filter\" type=\"search\" "
           "placeholder=\"cluster, node, type, subject, finding\"></label>\n"
        << "<label>Status <select id=\"status\"><option value=\"\">all</option><option value=\"expired\">expired"
           "</option><option value=\"due\">due</option><option value=\"ok\">ok</option></select></label>\n"
        << "<span id=\"shown\" aria-live=\"polite\"></span></div>\n"
        << "<table id=\"certs\">\n<caption>One row per certificate, most urgent first within each cluster"
           "</caption>\n<thead><tr>";
    const std::array<const char*, 12> heads = {"Cluster", "Status", "Days left", "Not after", "Type", "Node", "Subject",
        "Issuer", "Key", "Signature", "Stores", "Findings"};
    for (const auto* h : heads) {
        out << "<th scope=\"col\" aria-sort=\"none\"><button type=\"button\">" << h << "</button></th>";
    }
    out << "</tr></thead>\n<tbody id=\"rows\"></tbody>\n</table>\n"
        << "<p><button type=\"button\" id=\"more\" hidden>Show 500 more</button></p>\n"
        << "<noscript><p>The table needs JavaScript; the text, JSON and CSV outputs of pkitool report hold the "
           "same rows.</p></noscript>\n<script type=\"application/json\" id=\"report-data\">";
    append_rows_json(out.text(), inv, jobs);
    out << "</script>\n";
    out << "</section>\n<section aria-labelledby=\"h-changes\">\n"
        << "<h2 id=\"h-changes\">Change list</h2>\n";
    bool any = false;
    for (const auto& r : inv.rows) {
        if (r.urgency == Urgency::ok) {
            continue;
        }
        out << (any ? "" : "<ol id=\"changes\">\n") << "<li><strong>"
            << html_escape(r.entry->cluster + " " + r.entry->type() + " " + r.entry->classification.host)
            << "</strong> (" << html_escape(bulk::subject_label(*r.entry->certificate) + "; " + when_text(r))
            << ")<ul>";
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
    return std::move(out.text());
}

} // namespace pkitool::report
