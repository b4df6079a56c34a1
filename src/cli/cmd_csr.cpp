// pkitool csr: multi-SAN certificate signing requests with exactly the key
// usage each CUCM or IM and Presence certificate type needs.
#include "commands.hpp"

#include "console.hpp"
#include "pkitool/csr/output.hpp"
#include "pkitool/csr/plan.hpp"
#include "pkitool/error.hpp"
#include "pkitool/json.hpp"
#include "pkitool/util/file.hpp"
#include "pkitool/util/parallel.hpp"

#include <iostream>
#include <memory>
#include <mutex>

namespace pkitool::cli {

namespace {

struct CsrOptions {
    std::string cluster;
    std::string type;
    std::string node;
    bool multi_server = false;
    bool all = false;
    std::string cn;
    std::string subject;
    std::vector<std::string> sans;
    bool no_parent_domain = false;
    std::size_t key_size = 0;
    std::string curve;
    std::string hash;
    bool allow_weak = false;
    std::string out_dir = ".";
    bool force = false;
    bool no_encrypt = false;
    bool insecure = false;
    unsigned jobs = 0;
    PasswordOptions password;
};

constexpr const char* k_help
    = "Make certificate signing requests with exactly the extensions each certificate type needs\n"
      "\n"
      "Examples:\n"
      "  pkitool csr --cluster c.toml --type tomcat --node cucm-sub1     one node (CN and SAN = its FQDN)\n"
      "  pkitool csr --cluster c.toml --type tomcat --multi-server       one certificate for every node\n"
      "  pkitool csr --cluster c.toml --all --out-dir csrs               every request the cluster needs\n"
      "  pkitool csr --type tomcat --cn cucm.example.com --subject \"O=Example,L=Austin,ST=Texas,C=US\"\n"
      "  pkitool csr --type tomcat --cn uc.example.com --san DNS:uc-alt.example.com --subject 'O=Acme\\, Inc.,C=US'\n"
      "\n"
      "Writes <out-dir>/<host>-<type>.csr, <host>-<type>.key (PKCS#8, AES-256, mode 0600) and\n"
      "csr-manifest.json (an existing one gains the new requests); never overwrites a .csr or .key without\n"
      "--force, and checks that before any key is generated. -ECDSA single-node requests carry the CN\n"
      "<host>-EC.<domain>. The cluster file's types = [...] and ecdsa = false choose what --all makes.\n"
      "The key password comes from --pass-file, --pass-env or a prompt on a terminal; --no-encrypt\n"
      "--insecure writes keys in the clear.";

// The password the keys are encrypted with, asked before any work.
std::optional<util::SecretString> key_password(const CsrOptions& o)
{
    if (o.no_encrypt) {
        return std::nullopt;
    }
    auto password = new_password(o.password, "the new keys", false);
    if (!password) {
        throw UsageError("keys are written encrypted: give --pass-file FILE or --pass-env VAR "
                         "(or --no-encrypt --insecure for keys in the clear)");
    }
    return password;
}

std::vector<csr::RequestSpec> plan(Context& context, const CsrOptions& o)
{
    csr::KeyOverrides key;
    if (o.key_size != 0) {
        key.rsa_bits = o.key_size;
    }
    if (!o.curve.empty()) {
        key.curve = o.curve;
    }
    if (!o.hash.empty()) {
        key.hash = o.hash;
    }
    if (!o.cluster.empty()) {
        if (!o.cn.empty() || !o.subject.empty()) {
            throw UsageError("--cn and --subject are for requests without a cluster file; the cluster file names the "
                             "nodes and the subject");
        }
        const auto cluster = profile::read_cluster(o.cluster);
        csr::ClusterPlanOptions options;
        if (!o.type.empty()) {
            options.type = o.type;
        }
        if (!o.node.empty()) {
            options.node = o.node;
        }
        options.multi_server = o.multi_server;
        options.all = o.all;
        options.extra_sans = o.sans;
        options.parent_domain = !o.no_parent_domain;
        options.key = key;
        return csr::plan_cluster(cluster, context.profiles(), options);
    }
    if (o.all || o.multi_server || !o.node.empty()) {
        throw UsageError("--all, --multi-server and --node need --cluster FILE");
    }
    if (o.type.empty() || o.cn.empty() || o.subject.empty()) {
        throw UsageError("without --cluster, give --type TYPE --cn FQDN --subject \"O=..,L=..,ST=..,C=..\"");
    }
    return {csr::plan_standalone(context.profiles(), {o.type, o.cn, o.sans, o.subject, key})};
}

} // namespace

void add_csr(CLI::App& app, Context& context)
{
    auto o = std::make_shared<CsrOptions>();
    auto* cmd = app.add_subcommand("csr", k_help);
    cmd->add_option("--cluster", o->cluster, "Cluster file (TOML) naming the domain, subject and nodes")
        ->type_name("FILE");
    cmd->add_option("--type", o->type, "Certificate type (pkitool profiles list)")->type_name("TYPE");
    cmd->add_option("--node", o->node, "The node to make the request for")->type_name("HOST");
    cmd->add_flag("--multi-server", o->multi_server, "One certificate for every node that shares the type");
    cmd->add_flag("--all", o->all, "Every request the cluster needs (with --type: every request of that type)");
    cmd->add_option("--cn", o->cn, "Without a cluster file: the FQDN for CN and the first SAN")->type_name("FQDN");
    cmd->add_option("--subject", o->subject,
        "Without a cluster file: \"O=..,OU=..,L=..,ST=..,C=..\" (RFC 4514: O=Acme\\, Inc. or O=\"Acme, Inc.\")");
    cmd->add_option("--san", o->sans, "Add NAME, DNS:NAME or IP:ADDRESS to the subjectAltName (repeatable)")
        ->type_name("NAME");
    cmd->add_flag("--no-parent-domain", o->no_parent_domain, "Leave the parent domain out of a multi-server SAN");
    cmd->add_option("--key-size", o->key_size, "RSA key size: 2048 (default), 3072, 4096")->type_name("BITS");
    cmd->add_option("--curve", o->curve, "EC curve for -ECDSA types: P-256 (default), P-384")->type_name("CURVE");
    cmd->add_option("--hash", o->hash, "Signature hash: SHA-256 (default; SHA-384 for P-384), SHA-384, SHA-512");
    cmd->add_flag("--allow-weak", o->allow_weak, "Allow RSA 1024 and SHA-1 for clusters that need them");
    cmd->add_option("--out-dir", o->out_dir, "Folder for the requests, keys and manifest")->capture_default_str();
    cmd->add_flag("--force", o->force, "Overwrite existing files");
    auto* insecure = cmd->add_flag("--insecure", o->insecure, "Confirms --no-encrypt");
    cmd->add_flag("--no-encrypt", o->no_encrypt, "Write keys in the clear (needs --insecure)")->needs(insecure);
    cmd->add_option("--jobs", o->jobs, "Threads for key generation (default: every core)");
    o->password.add_to(context, *cmd, "the new keys");

    cmd->callback([&context, o] {
        const auto specs = plan(context, *o);
        for (const auto& spec : specs) {
            csr::check(spec, o->allow_weak);
        }
        // Everything that can refuse the run does so before any key is
        // generated, and before any warning is said.
        const auto overwrite = o->force ? util::Overwrite::replace : util::Overwrite::refuse;
        csr::check_outputs(o->out_dir, specs, overwrite);
        const auto password = key_password(*o);
        std::vector<Warning> warnings;
        for (const auto& spec : specs) {
            for (auto& w : csr::warnings(spec)) {
                warnings.push_back({spec.basename, std::move(w)});
            }
        }
        say_grouped(context, warnings, "requests");
        if (o->no_encrypt) {
            context.say("warning: keys are written in the clear (--no-encrypt --insecure)");
        }

        const unsigned jobs = util::thread_count(o->jobs);
        const bool show_progress = specs.size() > 1 && stderr_is_terminal() && !context.global.quiet;
        std::mutex progress_mutex;
        const auto progress = [&](std::size_t done) {
            if (show_progress) {
                const std::lock_guard lock(progress_mutex);
                std::cerr << "\rgenerating keys: " << done << "/" << specs.size() << std::flush;
            }
        };
        const auto requests = csr::generate_all(specs, password ? &*password : nullptr, jobs, progress);
        if (show_progress) {
            std::cerr << '\n';
        }
        const auto written = csr::write_requests(o->out_dir, requests, overwrite);
        for (std::size_t i = 0; i < requests.size(); ++i) {
            const auto& spec = requests[i].spec;
            const std::size_t sans = spec.dns_names.size() + spec.ip_addresses.size();
            context.say("Wrote " + (std::filesystem::path(o->out_dir) / written[i].csr_file).string() + " ("
                + spec.profile->type + ", " + std::to_string(sans) + " SAN" + (sans == 1 ? "" : "s") + "); key: "
                + written[i].key_file + " (0600, " + (requests[i].key_encrypted ? "encrypted" : "NOT encrypted") + ")");
        }
        context.say("Wrote " + (std::filesystem::path(o->out_dir) / csr::k_manifest_name).string());
        if (context.global.json) {
            std::cout << to_json(csr::manifest(requests, written));
        }
    });
}

} // namespace pkitool::cli
