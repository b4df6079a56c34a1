// pkitool validate: will CUCM accept this CA response, and in which order
// does it go up?
#include "commands.hpp"

#include "pkitool/error.hpp"
#include "pkitool/json.hpp"
#include "pkitool/profile/cluster.hpp"
#include "pkitool/report/validate_report.hpp"
#include "pkitool/report/views.hpp"
#include "pkitool/util/atomic_file.hpp"
#include "pkitool/util/file.hpp"
#include "pkitool/validate/validate.hpp"

#include "pkitool/load/pem.hpp"

#include <iostream>
#include <memory>

namespace pkitool::cli {

namespace {

struct ValidateOptions {
    std::vector<std::string> files;
    std::string csr;
    std::string key;
    std::string type;
    std::vector<std::string> trust;
    std::vector<std::string> hosts;
    std::string cluster;
    std::size_t max_depth = 10;
    std::string at = "now";
    int warn_days = 30;
    std::string split;
    bool force = false;
    bool botan_check = false;
    PasswordOptions password;
};

constexpr const char* k_help
    = "Check a CA response before uploading it to CUCM, and print the upload order\n"
      "\n"
      "Examples:\n"
      "  pkitool validate response.p7b --csr cucm-pub-tomcat.csr     the chain, and the answer to that CSR\n"
      "  pkitool validate leaf.pem issuing.pem root.pem --type tomcat\n"
      "  pkitool validate leaf.cer --trust root.pem --key node.key --pass-file pw\n"
      "  pkitool validate response.p7b --split upload/             one PEM per upload step\n"
      "  pkitool validate ms.p7b --cluster lab.toml --type tomcat   the SAN names every node that shares it\n"
      "  pkitool validate leaf.pem --trust root.pem --host cucm-pub.example.com\n"
      "\n"
      "The chain is built through the response and --trust with backtracking; with --trust,\n"
      "only those certificates are anchors. Without --type the type comes from the CSR:\n"
      "csr-manifest.json beside it, then its file name (<host>-<type>.csr, <type>.csr).\n"
      "\n"
      "Exit 0 when CUCM should accept the response (warnings allowed), 1 when a check failed,\n"
      "3 when an input cannot be read.";

// Loads every certificate of `paths`. An object that cannot be read (one
// broken block of a bundle) is kept in `unreadable` and the rest is
// validated: the report is complete, and the exit code still says that an
// input was unreadable. A password that does not open a file is fatal.
std::vector<validate::Input> certificates_of(
    const std::vector<std::string>& paths, const load::LoadOptions& options, std::vector<load::LoadFailure>& unreadable)
{
    std::vector<validate::Input> out;
    for (const auto& file : load::load_files(paths, options)) {
        for (const auto& failure : file.result.failures) {
            if (failure.kind == ErrorKind::password) {
                throw PasswordError(failure.message);
            }
            if (failure.kind == ErrorKind::usage) {
                throw UsageError(failure.message);
            }
            unreadable.push_back(failure);
        }
        for (const auto& item : file.result.items) {
            if (const auto* cert = std::get_if<x509::Certificate>(&item.content)) {
                out.push_back({item.origin, *cert, false});
            }
        }
    }
    return out;
}

template <class T> T only_item(const std::string& path, const load::LoadOptions& options, const char* what)
{
    const auto files = load::load_files_or_throw({path}, options);
    const auto& result = files.front().result;
    for (const auto& item : result.items) {
        if (const auto* value = std::get_if<T>(&item.content)) {
            return *value;
        }
    }
    throw InputError(path + ": holds no " + what);
}

void split(const validate::Result& r, const std::string& dir, bool force)
{
    util::create_folder(dir);
    util::AtomicFileSet files(force ? util::Overwrite::replace : util::Overwrite::refuse);
    for (const auto& step : r.plan) {
        files.add(std::filesystem::path(dir) / step.file_name,
            load::pem_encode(r.inputs[step.input].certificate.der, "CERTIFICATE"));
    }
    files.commit();
}

} // namespace

void add_validate(CLI::App& app, Context& context)
{
    auto o = std::make_shared<ValidateOptions>();
    auto* cmd = app.add_subcommand("validate", k_help);
    cmd->add_option("RESPONSE", o->files, "What the CA returned: PEM bundles, DER files, PKCS#7 (.p7b)")->required();
    cmd->add_option("--csr", o->csr, "The request the response answers")->type_name("FILE");
    cmd->add_option("--key", o->key, "The private key (encrypted or not) the certificate must match")
        ->type_name("FILE");
    cmd->add_option("--type", o->type, "Certificate type (default: from the CSR, else from the certificate)")
        ->type_name("TYPE");
    cmd->add_option("--trust", o->trust, "Trusted root or intermediate not in the response (repeatable)")
        ->type_name("FILE");
    cmd->add_option("--host", o->hosts, "An FQDN the certificate must name in its SAN (repeatable)")->type_name("FQDN");
    cmd->add_option("--cluster", o->cluster, "Cluster file: the SAN must name the nodes that share the certificate")
        ->type_name("FILE");
    cmd->add_option("--max-depth", o->max_depth, "Longest path to try, in certificates")
        ->type_name("N")
        ->check(CLI::Range(1, 64))
        ->capture_default_str();
    cmd->add_option("--at", o->at, "Judge validity at TIME (UTC)")->type_name("TIME")->capture_default_str();
    cmd->add_option("--warn-days", o->warn_days, "Warn when the certificate expires within DAYS")
        ->type_name("DAYS")
        ->capture_default_str();
    cmd->add_option("--split", o->split, "Write each certificate of the upload plan as its own PEM into DIR")
        ->type_name("DIR");
    cmd->add_flag("--force", o->force, "With --split: overwrite existing files");
    cmd->add_flag("--botan-check", o->botan_check,
        "Also run Botan's path validation as a second opinion (a warning when it disagrees)");
    o->password.add_to(context, *cmd, "--key and PKCS#12 responses", true);

    cmd->callback([&context, o] {
        validate::Options options;
        options.at = util::parse_time_argument(o->at);
        options.warn_days = o->warn_days;
        if (!o->type.empty()) {
            options.type = &context.profiles().find(o->type);
        }
        options.max_depth = o->max_depth;
        options.botan_check = o->botan_check;
        options.names.hosts = o->hosts;
        std::optional<profile::Cluster> cluster;
        if (!o->cluster.empty()) {
            cluster = profile::read_cluster(o->cluster);
            options.names.cluster = &*cluster;
        }
        std::optional<x509::Csr> csr;
        if (!o->csr.empty()) {
            csr = only_item<x509::Csr>(o->csr, {}, "certificate request");
            options.csr = &*csr;
            const auto named = validate::type_from_csr_file(o->csr, *csr, context.profiles());
            options.csr_type = named.type;
            options.csr_type_evidence = named.evidence;
        }
        std::optional<x509::PublicKey> key;
        if (!o->key.empty()) {
            const auto info = only_item<x509::PrivateKeyInfo>(o->key, o->password.load_options(), "private key");
            if (info.public_key.spki.empty()) {
                throw UsageError(o->key + ": the key is encrypted; give its password with --pass-file or --pass-env");
            }
            key = info.public_key;
            options.key = &*key;
        }
        std::vector<load::LoadFailure> unreadable;
        const auto load_options = o->password.load_options();
        auto response = certificates_of(o->files, load_options, unreadable);
        if (response.empty()) {
            for (const auto& failure : unreadable) {
                context.error(failure.message);
            }
            throw InputError("no certificate in " + o->files.front() + (o->files.size() > 1 ? " and the others" : ""));
        }
        auto trust = certificates_of(o->trust, load_options, unreadable);
        for (const auto& failure : unreadable) {
            options.unreadable.push_back(failure.message);
        }
        const auto result = validate::validate(std::move(response), std::move(trust), context.profiles(), options);

        if (context.global.json) {
            auto doc = report::validate_json(result, options.at);
            toml::array errors;
            for (const auto& failure : unreadable) {
                errors.push_back(report::failure_json(failure));
            }
            doc.insert("errors", std::move(errors));
            std::cout << to_json(doc);
        } else {
            report::validate_text(std::cout, result, options.at, context.stdout_style());
        }
        for (const auto& failure : unreadable) {
            context.error(failure.message + " (left out; the rest was validated)");
        }
        if (!o->split.empty()) {
            if (!result.ok()) {
                context.error("validation failed: nothing written to " + o->split + "; do not upload this response");
            } else {
                split(result, o->split, o->force);
                context.say("Wrote " + std::to_string(result.plan.size()) + " files into " + o->split);
            }
        }
        if (!unreadable.empty()) {
            context.exit_code = k_exit_input;
        } else {
            context.exit_code = result.ok() ? k_exit_ok : k_exit_findings;
        }
    });
}

} // namespace pkitool::cli
