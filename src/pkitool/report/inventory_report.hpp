// `pkitool report`'s renderings of one inventory: the text table people
// read, the JSON document, RFC 4180 CSV and a self-contained HTML page with
// an SVG timeline. Every one lists the rows in the inventory's order.
#pragma once

#include "pkitool/bulk/inventory.hpp"
#include "pkitool/report/text.hpp"
#include "pkitool/toml.hpp"

#include <ostream>
#include <string>

namespace pkitool::report {

// {"schema": "pkitool-report/1", "at", "warn_days", "counts", "clusters",
// "certificates", "files", "warnings"}.
toml::table inventory_json(const bulk::Inventory& inventory);

// One table per cluster, most urgent first, then the change list: what
// renewing each expired or due certificate touches.
void inventory_text(std::ostream& out, const bulk::Inventory& inventory, const TextStyle& style);

// RFC 4180: one header line, CRLF line ends, fields quoted where needed.
// The rows are written on up to `jobs` threads (0: every core).
std::string inventory_csv(const bulk::Inventory& inventory, unsigned jobs = 0);

// One HTML file that needs nothing else (no network, scripts, fonts or
// images from elsewhere): summary, SVG timeline, sortable and filterable
// table, change list. `generated` is the only part that differs between
// two runs on the same inputs. The rows' data is written on up to `jobs`
// threads (0: every core).
std::string inventory_html(const bulk::Inventory& inventory, const std::string& generated, unsigned jobs = 0);

} // namespace pkitool::report
