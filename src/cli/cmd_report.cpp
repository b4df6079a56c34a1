// pkitool report: every certificate of every cluster, what expires when,
// what is wrong with it and what renewing it touches.
#include "commands.hpp"
#include "output.hpp"

#include "console.hpp"
#include "memory.hpp"
#include "pkitool/bulk/inventory.hpp"
#include "pkitool/json.hpp"
#include "pkitool/profile/cluster.hpp"
#include "pkitool/report/inventory_report.hpp"
#include "pkitool/util/file.hpp"
#include "pkitool/util/parallel.hpp"
#include "pkitool/util/time.hpp"

#include <filesystem>
#include <iostream>
#include <memory>
#include <sstream>

namespace pkitool::cli {

namespace {

constexpr const char* k_help
    = "Every certificate of every cluster: what expires when, what is wrong with it, what renewing it touches\n"
      "\n"
      "Examples:\n"
      "  pkitool report exports/ --pass-file pw\n"
      "  pkitool report east/ west/ --cluster east.toml --cluster west.toml --pass-file pw --html report.html\n"
      "  pkitool report set/ --pass-file setpw --warn-days 120 --csv expiry.csv\n"
      "  pkitool --json report exports.tar.gz downloads/*.pem --at 2027-01-01 --pass-file pw\n"
      "\n"
      "Inputs: what consolidate reads (PKCS#12 of any flavour, PEM, DER and PKCS#7 files, tar or tar.gz\n"
      "archives, folders), consolidated sets (a set's folder, archive or manifest.json: the manifest gives\n"
      "each certificate's cluster), and cluster files (*.toml, or --cluster FILE): their DNS domain claims\n"
      "the files whose certificates are in it, and their nodes give each certificate's role. A file's\n"
      "cluster otherwise comes as for consolidate (--cluster NAME=GLOB, a <cluster>_ prefix, the DNS\n"
      "domain); a file nothing attributes is listed under \"(no cluster)\".\n"
      "\n"
      "One row per unique certificate (SHA-256), classified as consolidate classifies it, grouped by\n"
      "cluster and most urgent first: expired, then due within --warn-days, then the rest by notAfter.\n"
      "Each row has lint's findings and the report's own (a certificate that outlives its issuer, an\n"
      "expired trust entry that CUCM 12.5(1)SU6 and 14SU2 drop on upgrade). The change list says what\n"
      "renewing each expired or due certificate touches: services to restart, whether phones reset, and\n"
      "the trust stores on this and the other clusters that must get it.\n"
      "\n"
      "Output: a text table on stdout (--json: the pkitool-report/1 document), --csv FILE (RFC 4180)\n"
      "and --html FILE (one self-contained page with a timeline, sortable and filterable; it opens\n"
      "offline; ?q=TEXT&status=expired in its address pre-fills the filter). --csv - or --html -\n"
      "write that to stdout instead of the table.\n"
      "\n"
      "Exit status: 0 nothing expired or due; 1 something expired or due within --warn-days; 2 usage;\n"
      "3 unreadable input; 4 no password opens a file; 5 output refused.";

struct Options {
    std::vector<std::string> inputs;
    std::vector<std::string> clusters;
    std::string at = "now";
    std::int64_t warn_days = 90;
    std::string html;
    std::string csv;
    unsigned jobs = 0;
    bool keep_going = false;
    bool force = false;
    PasswordOptions password;
};

// The inventory, left to the end of the process (see run); reachable, so a
// leak checker does not count it.
const bulk::Inventory* g_released = nullptr;

bool is_cluster_file(const std::string& path)
{
    return std::filesystem::path(path).extension() == ".toml" && std::filesystem::is_regular_file(path);
}

// A consolidated set's manifest.json given by name stands for its folder.
std::string input_of(const std::string& path)
{
    const std::filesystem::path p(path);
    if (p.filename() == "manifest.json" && std::filesystem::is_regular_file(p)) {
        return p.parent_path().empty() ? std::string(".") : p.parent_path().string();
    }
    return path;
}

void run(Context& context, const Options& o)
{
    if (o.inputs.empty()) {
        throw UsageError("no input: give exported PKCS#12 files, certificate files, archives, sets or folders");
    }
    if (o.warn_days < 0) {
        throw UsageError("--warn-days " + std::to_string(o.warn_days) + ": give 0 or more days");
    }
    if (o.html == "-" && o.csv == "-") {
        throw UsageError("--html - and --csv -: only one of them can take standard output");
    }
    const auto overwrite = o.force ? util::Overwrite::replace : util::Overwrite::refuse;
    for (const auto* path : {&o.html, &o.csv}) {
        if (!path->empty()) {
            check_output(context, *path, false, overwrite);
        }
    }
    bulk::InventoryOptions options;
    options.warn_days = o.warn_days;
    for (const auto& rule : o.clusters) {
        if (rule.find('=') == std::string::npos || is_cluster_file(rule)) {
            options.cluster_files.push_back(profile::read_cluster(rule));
        } else {
            options.read.clusters.push_back(bulk::parse_cluster_rule(rule));
        }
    }
    std::vector<std::string> arguments;
    for (const auto& input : o.inputs) {
        if (is_cluster_file(input)) {
            options.cluster_files.push_back(profile::read_cluster(input));
        } else {
            arguments.push_back(input_of(input));
        }
    }
    if (arguments.empty()) {
        throw UsageError("no certificate input: cluster files say which nodes there are; give the exports too");
    }
    options.read.at = util::parse_time_argument(o.at);
    options.read.keep_going = o.keep_going;
    options.read.jobs = o.jobs;
    // Before anything is read (see memory.hpp), and only for a run that reads.
    start_bulk_reading(util::thread_count(o.jobs));
    auto kept = std::make_unique<const bulk::Inventory>(read_inventory(context, arguments, options, o.password));
    const auto& inventory = *kept;

    // "-" sends that output to standard output in place of the table.
    util::AtomicFileSet files(overwrite);
    std::string to_stdout;
    const auto output = [&](const std::string& path, std::string text) {
        if (path == "-") {
            to_stdout = std::move(text);
        } else if (!path.empty()) {
            files.add(path, text);
        }
    };
    if (!o.html.empty()) {
        output(o.html, report::inventory_html(inventory, util::format_iso(util::now()), o.jobs));
    }
    if (!o.csv.empty()) {
        output(o.csv, report::inventory_csv(inventory, o.jobs));
    }
    files.commit();
    if (context.global.json) {
        std::cout << to_json(report::inventory_json(inventory));
    } else if (!to_stdout.empty()) {
        std::cout << to_stdout;
    } else {
        std::ostringstream text;
        report::inventory_text(text, inventory, context.stdout_style());
        std::cout << text.str();
    }
    if (!o.html.empty() && o.html != "-") {
        context.say("Wrote " + o.html + " (the report as an HTML page)");
    }
    if (!o.csv.empty() && o.csv != "-") {
        context.say("Wrote " + o.csv + " (the report as CSV)");
    }
    if (inventory.needs_attention()) {
        context.exit_code = k_exit_findings;
    }
    // A file that could not be read (--keep-going) weighs more than a date.
    for (const auto& f : inventory.result.files) {
        if (f.status == bulk::FileStatus::skipped) {
            context.exit_code = std::max(context.exit_code, exit_code_for(f.error_kind));
        }
    }
    // The process ends with this command: giving tens of thousands of
    // parsed certificates back to the allocator one by one would be a
    // twentieth of the run, and the system takes the memory back at once.
    g_released = kept.release();
}

} // namespace

bulk::Inventory read_inventory(Context& context, const std::vector<std::string>& arguments,
    bulk::InventoryOptions options, const PasswordOptions& password)
{
    const auto load = password.load_options();
    options.read.passwords = load.pkcs12_passwords;
    options.read.limits = load.pkcs12_limits;
    if (stdin_is_terminal()) {
        options.read.ask = [](const std::string& what) { return prompt_password("Password for " + what + ": "); };
    }
    const auto inputs = bulk::expand_inputs(arguments, {}, true);
    if (inputs.empty()) {
        throw InputError("no file found in " + arguments.front() + (arguments.size() > 1 ? " and the others" : ""));
    }
    ProgressBar bar("Reading", stderr_is_terminal() && !context.global.quiet);
    options.read.progress = [&bar](std::size_t done, std::size_t total) { bar.update(done, total); };
    return bulk::make_inventory(inputs, context.profiles(), options);
}

void add_report(CLI::App& app, Context& context)
{
    auto o = std::make_shared<Options>();
    auto* cmd = app.add_subcommand("report", k_help);
    cmd->add_option(
           "FILE", o->inputs, "Exports, certificate files, archives, consolidated sets, cluster files, folders")
        ->required();
    cmd->add_option("--cluster", o->clusters,
           "A cluster file (node roles; its DNS domain claims files), or NAME=GLOB as for consolidate (repeat)")
        ->type_name("FILE|NAME=GLOB");
    cmd->add_option("--at", o->at, "Judge expiry at this time: now, 2026-11-24, 2026-11-24T10:00:00Z")
        ->type_name("TIME")
        ->capture_default_str();
    cmd->add_option("--warn-days", o->warn_days, "Certificates expiring within N days are due")
        ->type_name("N")
        ->capture_default_str();
    cmd->add_option("--html", o->html, "Also write the report as one self-contained HTML page")->type_name("FILE");
    cmd->add_option("--csv", o->csv, "Also write the rows as CSV (RFC 4180)")->type_name("FILE");
    cmd->add_option("--jobs,-j", o->jobs, "Threads (default: every core)")->type_name("N")->check(CLI::Range(1, 1024));
    cmd->add_flag("--keep-going", o->keep_going, "Skip (and report) files that cannot be read");
    cmd->add_flag("--force", o->force, "Replace existing --html and --csv files");
    o->password.add_to(context, *cmd, "the PKCS#12 inputs", true);
    cmd->callback([&context, o] { run(context, *o); });
}

} // namespace pkitool::cli
