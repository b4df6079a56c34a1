// pkitool plan renew | trust-cleanup: the runbook for one cluster, step by
// step and node by node, with CUCM's hazards checked before anyone clicks.
#include "commands.hpp"

#include "pkitool/itl/itl.hpp"
#include "pkitool/json.hpp"
#include "pkitool/plan/plan.hpp"
#include "pkitool/profile/cluster.hpp"
#include "pkitool/report/plan_report.hpp"
#include "pkitool/util/file.hpp"
#include "pkitool/util/text.hpp"
#include "pkitool/util/time.hpp"

#include <filesystem>
#include <iostream>
#include <sstream>

namespace pkitool::cli {

namespace {

constexpr const char* k_help
    = "Runbooks for one cluster: certificate renewal and trust clean-up, with CUCM's hazards checked";

constexpr const char* k_renew_help
    = "The renewal runbook: every step, node by node, with the services to restart and CUCM's hazards checked\n"
      "\n"
      "Examples:\n"
      "  pkitool plan renew --cluster lab.toml --types tomcat --cucm-version 14\n"
      "  pkitool plan renew --cluster lab.toml --types CallManager,TVS --cucm-version 11.5\n"
      "  pkitool plan renew --cluster lab.toml --types CAPF --cucm-version 14 --mixed-mode --format markdown\n"
      "  pkitool plan renew --cluster lab.toml --types cup-xmpp --with ha,federation,jabber --ca-signed\n"
      "  pkitool --json plan renew --cluster lab.toml --types CallManager --itl ITLFile.tlv\n"
      "\n"
      "Order: tomcat, ipsec, CAPF, CallManager, TVS, ITLRecovery, then the IM and Presence types; within a\n"
      "type the CUCM publisher, each subscriber, then the IM and Presence publisher and its subscribers.\n"
      "CAPF is on the publisher only from 14, ITLRecovery from 12.5. Services restart where they run\n"
      "(a node's `services` in the cluster file says where a feature service such as Cisco TFTP is\n"
      "activated). The release comes from --cucm-version or the cluster file's cucm_version.\n"
      "\n"
      "Hazards: CallManager and TVS together on 10.5-11.5 are refused, with two maintenance windows\n"
      "printed instead; a new ITL signer and a weak ITLRecovery are warned about. With --itl (the\n"
      "cluster's ITLFile.tlv) the prediction of `pkitool itl check` decides whether phones keep trusting.\n"
      "\n"
      "The steps come from the runbook data (profiles/plan/runbook.toml; a plan/*.toml in a profiles\n"
      "directory overrides it) and the profiles. Exit status: 0 a plan; 1 refused; 2 usage; 3 bad input.";

constexpr const char* k_cleanup_help
    = "The trust clean-up runbook: expired trust entries deleted (never an identity certificate), with\n"
      "the services stopped first on old releases and restarted per store\n"
      "\n"
      "Examples:\n"
      "  pkitool plan trust-cleanup --cluster lab.toml --cucm-version 11.5\n"
      "  pkitool plan trust-cleanup --cluster lab.toml --cucm-version 14 report.json\n"
      "  pkitool plan trust-cleanup --cluster lab.toml --stores tomcat-trust,CallManager-trust trust/\n"
      "\n"
      "Inputs (optional): certificate files and folders as `pkitool report` reads them (a folder or file\n"
      "named after a store, such as tomcat-trust/, says where an entry sits; a consolidated set's\n"
      "import/<cluster>/<store>.pem too), or the JSON of `pkitool --json report`. The entries expired at\n"
      "--at are listed for deletion. Without inputs the plan names each store's expired entries by rule.\n"
      "Without --stores: the stores with expired entries, or every store of the cluster.\n"
      "\n"
      "Exit status: 0 a plan; 1 refused (an identity certificate named in --stores); 2 usage; 3 bad input.";

struct Common {
    std::string cluster;
    std::string version;
    std::vector<std::string> with;
    std::string format = "text";
};

struct RenewOptions {
    Common common;
    std::vector<std::string> types;
    bool mixed_mode = false;
    bool ca_signed = false;
    std::string itl;
};

struct CleanupOptions {
    Common common;
    std::vector<std::string> stores;
    std::vector<std::string> inputs;
    std::string at = "now";
    PasswordOptions password;
};

plan::Situation situation_of(const Common& o, const profile::Cluster& cluster)
{
    const std::string text = !o.version.empty() ? o.version : cluster.cucm_version.value_or("");
    if (text.empty()) {
        throw UsageError(
            "which CUCM release? Give --cucm-version (10.5, 11.5, 12.5, 14, 15) or cucm_version in " + cluster.file);
    }
    plan::Situation s;
    s.version = *plan::parse_version(text);
    s.with = o.with;
    return s;
}

void print(Context& context, const plan::Plan& plan, const std::string& format)
{
    if (context.global.json || format == "json") {
        std::cout << to_json(report::plan_json(plan));
    } else if (format == "markdown") {
        std::cout << report::plan_markdown(plan);
    } else {
        std::ostringstream out;
        report::plan_text(out, plan, context.stdout_style());
        std::cout << out.str();
    }
    if (plan.refused()) {
        context.exit_code = k_exit_findings;
    }
}

void run_renew(Context& context, const RenewOptions& o)
{
    const auto cluster = profile::read_cluster(o.common.cluster);
    plan::RenewOptions options;
    options.situation = situation_of(o.common, cluster);
    options.situation.mixed_mode = o.mixed_mode;
    options.situation.ca_signed = o.ca_signed;
    options.types = o.types;
    if (!o.itl.empty()) {
        const auto data = util::read_input(o.itl, itl::k_max_file_size);
        try {
            options.itl = itl::parse(data);
        } catch (const Error& e) {
            rethrow_with_prefix(e, o.itl + ": ");
        }
    }
    const auto runbook = plan::load_runbook(context.profile_sources());
    print(context, plan::plan_renew(cluster, context.profiles(), runbook, options), o.common.format);
}

void run_cleanup(Context& context, const CleanupOptions& o)
{
    const auto cluster = profile::read_cluster(o.common.cluster);
    plan::CleanupOptions options;
    options.situation = situation_of(o.common, cluster);
    options.stores = o.stores;
    options.at = util::parse_time_argument(o.at);
    std::vector<std::string> files;
    for (const auto& input : o.inputs) {
        if (std::filesystem::path(input).extension() == ".json" && std::filesystem::is_regular_file(input)) {
            const auto data = util::read_input(input);
            auto entries = plan::trust_entries_from_report(
                std::string_view(reinterpret_cast<const char*>(data.data()), data.size()), input);
            if (!options.entries) {
                options.entries.emplace();
            }
            options.entries->insert(options.entries->end(), entries.begin(), entries.end());
        } else {
            files.push_back(input);
        }
    }
    if (!files.empty()) {
        bulk::InventoryOptions read;
        read.read.at = options.at;
        read.cluster_files.push_back(cluster);
        auto entries = plan::trust_entries(read_inventory(context, files, read, o.password));
        if (!options.entries) {
            options.entries.emplace();
        }
        options.entries->insert(options.entries->end(), entries.begin(), entries.end());
    }
    const auto runbook = plan::load_runbook(context.profile_sources());
    print(context, plan::plan_trust_cleanup(cluster, runbook, options), o.common.format);
}

void add_common(CLI::App& cmd, Common& o, const std::vector<std::string>& with)
{
    cmd.add_option("--cluster", o.cluster, "The cluster file (nodes, roles; cucm_version)")
        ->type_name("FILE")
        ->required();
    cmd.add_option("--cucm-version", o.version, "The CUCM release (default: the cluster file's cucm_version)")
        ->type_name("VERSION")
        ->check(CLI::IsMember(profile::cucm_versions()));
    cmd.add_option("--with", o.with, "What the cluster also has: " + util::join(with, ","))
        ->type_name("LIST")
        ->expected(1)
        ->allow_extra_args(false)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
        ->delimiter(',')
        ->check(CLI::IsMember(with));
    cmd.add_option("--format", o.format, "text, markdown (for a change ticket) or json (as --json)")
        ->type_name("FORMAT")
        ->check(CLI::IsMember({"text", "markdown", "json"}))
        ->capture_default_str();
}

} // namespace

void add_plan(CLI::App& app, Context& context)
{
    auto* cmd = app.add_subcommand("plan", k_help);
    cmd->require_subcommand(1);

    auto r = std::make_shared<RenewOptions>();
    auto* renew = cmd->add_subcommand("renew", k_renew_help);
    add_common(*renew, r->common, plan::with_words());
    renew->add_option("--types", r->types, "The certificate types to renew, comma-separated (imp/TYPE: one product)")
        ->type_name("TYPES")
        ->expected(1)
        ->allow_extra_args(false)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
        ->delimiter(',')
        ->required();
    renew->add_flag("--mixed-mode", r->mixed_mode, "The cluster is in mixed mode (CTL updates, phone resets)");
    renew->add_flag("--ca-signed", r->ca_signed, "The certificates are CA-signed: new CSRs instead of regeneration");
    renew->add_option("--itl", r->itl, "The cluster's ITLFile.tlv: itl check's prediction decides the trust hazards")
        ->type_name("FILE");
    renew->callback([&context, r] { run_renew(context, *r); });

    auto c = std::make_shared<CleanupOptions>();
    auto* cleanup = cmd->add_subcommand("trust-cleanup", k_cleanup_help);
    cleanup->add_option("FILE", c->inputs, "Certificate files, folders, sets, or a pkitool report JSON");
    add_common(*cleanup, c->common, {"federation"});
    cleanup->add_option("--stores", c->stores, "The trust stores to clean, comma-separated (default: see above)")
        ->type_name("STORES")
        ->expected(1)
        ->allow_extra_args(false)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
        ->delimiter(',');
    cleanup->add_option("--at", c->at, "What counts as expired: now, 2026-11-24, 2026-11-24T10:00:00Z")
        ->type_name("TIME")
        ->capture_default_str();
    c->password.add_to(context, *cleanup, "PKCS#12 inputs", true);
    cleanup->callback([&context, c] { run_cleanup(context, *c); });
}

} // namespace pkitool::cli
