// pkitool itl show | verify | diff | check | create: ITL and CTL trust lists.
#include "commands.hpp"
#include "output.hpp"

#include "pkitool/botan_compat.hpp"
#include "pkitool/itl/check.hpp"
#include "pkitool/itl/create.hpp"
#include "pkitool/itl/itl.hpp"
#include "pkitool/itl/verify.hpp"
#include "pkitool/json.hpp"
#include "pkitool/profile/cluster.hpp"
#include "pkitool/report/itl_report.hpp"
#include "pkitool/util/atomic_file.hpp"
#include "pkitool/util/file.hpp"
#include "pkitool/x509/private_key.hpp"

#include <botan/auto_rng.h>

#include <iostream>
#include <memory>

namespace pkitool::cli {

namespace {

constexpr const char* k_help
    = "ITL and CTL trust lists (ITLFile.tlv, CTLFile.tlv): show them as CUCM does, verify them, compare them,\n"
      "predict whether phones accept a new one, and write signed ones\n"
      "\n"
      "Examples:\n"
      "  pkitool itl show ITLFile.tlv                      signer, records, fingerprints\n"
      "  pkitool itl show --cli ITLFile.tlv                what `show itl` prints on the node\n"
      "  pkitool itl verify ITLFile.tlv --trust itlrecovery.pem\n"
      "  pkitool itl diff old/ITLFile.tlv new/ITLFile.tlv\n"
      "  pkitool itl check ITLFile.tlv --regenerate CallManager,TVS@cucm-pub --cucm-version 11.5\n"
      "  pkitool itl create --out ITLFile.tlv --signer sast.pem --key sast.key --record ccm+tftp=cm.pem";

constexpr const char* k_show_help
    = "List each file's header and records (--cli: CUCM's `show itl` / `show ctl` text, tab for tab)\n"
      "\n"
      "Examples:\n"
      "  pkitool itl show ITLFile.tlv CTLFile.tlv\n"
      "  pkitool itl show --cli ITLFile.tlv | diff - show-itl-from-node.txt\n"
      "  pkitool --json itl show ITLFile.tlv | jq '.files[0].records[].subject'\n"
      "\n"
      "Exit 0 when every file could be read, 3 when one could not.";

constexpr const char* k_verify_help
    = "Verify the signature (by the record the header names), each record against its certificate, the\n"
      "phones' limits (64 KB, about 39 certificates, 2 SAST), expiry, weak keys and digests, and say which\n"
      "CUCM generation signed it\n"
      "\n"
      "Examples:\n"
      "  pkitool itl verify ITLFile.tlv\n"
      "  pkitool itl verify ITLFile.tlv --trust ITLRecovery.pem --at 2027-01-01\n"
      "  pkitool itl verify ITLFile.tlv --cert tvs.pem --cert capf.pem   compare CERTHASH records\n"
      "\n"
      "Exit 0 verified (warnings allowed), 1 a check failed, 3 the file cannot be read or verified.";

constexpr const char* k_diff_help
    = "Records added, removed and changed (matched by function and subject), and a signer change\n"
      "\n"
      "Example:\n"
      "  pkitool itl diff before/ITLFile.tlv after/ITLFile.tlv\n"
      "\n"
      "Exit 0 when the records and signer are the same, 1 when they differ, 3 when a file cannot be read.";

constexpr const char* k_check_help
    = "Predict whether a phone holding CURRENT accepts a new trust list: directly (its signer is in\n"
      "CURRENT), through TVS (a TVS of CURRENT still presents its certificate and trusts the new signer),\n"
      "or not at all, and then which recovery applies\n"
      "\n"
      "Examples:\n"
      "  pkitool itl check ITLFile.tlv --regenerate CallManager,TVS@cucm-pub --cucm-version 11.5\n"
      "  pkitool itl check ITLFile.tlv --regenerate CallManager --cucm-version 12.5\n"
      "  pkitool itl check ITLFile.tlv --new new/ITLFile.tlv\n"
      "  pkitool itl check source-phone-ITL.tlv --new dest/ITLFile.tlv \\\n"
      "      --tvs-trust set/import/source/CallManager-trust.pem --tvs-trust set/import/source/Phone-SAST-trust.pem\n"
      "\n"
      "Exit 0 when phones accept it, 1 when they lose trust, 3 when a file cannot be read.";

constexpr const char* k_create_help
    = "Write a signed ITL (or with --ctl a CTL): the signer becomes the first SAST record, then each\n"
      "--record; RSA PKCS#1 v1.5 with SHA-512 unless --digest says otherwise. Written atomically.\n"
      "\n"
      "Examples:\n"
      "  pkitool itl create --out ITLFile.tlv --signer sast.pem --key sast.key \\\n"
      "      --record ccm+tftp=cucm-pub.pem --record tvs=tvs.pem --record capf=capf.pem\n"
      "  pkitool itl create --ctl --out CTLFile.tlv --signer sast.pem --key sast.key --record ccm+tftp=cm.pem\n"
      "\n"
      "Functions: sast, ccm, ccm+tftp, tftp, capf, app-server, tvs (or the number). SHA-1 and keys under\n"
      "2048 bits need --allow-weak.";

itl::File read_list(const std::string& path)
{
    const auto data = util::read_input(path, itl::k_max_file_size);
    try {
        return itl::parse(data);
    } catch (const Error& e) {
        rethrow_with_prefix(e, path + ": ");
    }
}

std::vector<x509::Certificate> certificates(const std::vector<std::string>& paths, const load::LoadOptions& options)
{
    std::vector<x509::Certificate> out;
    for (const auto& file : load::load_files_or_throw(paths, options)) {
        std::size_t found = 0;
        for (const auto& item : file.result.items) {
            if (const auto* cert = std::get_if<x509::Certificate>(&item.content)) {
                out.push_back(*cert);
                ++found;
            }
        }
        if (found == 0) {
            throw InputError(file.path + ": holds no certificate");
        }
    }
    return out;
}

x509::Certificate one_certificate(const std::string& path, const std::string& what)
{
    auto certs = certificates({path}, {});
    if (certs.size() != 1) {
        throw InputError(
            path + ": " + what + " must be one certificate, the file holds " + std::to_string(certs.size()));
    }
    return certs.front();
}

struct ShowOptions {
    std::vector<std::string> files;
    bool cli = false;
};

void show(Context& context, const ShowOptions& o)
{
    if (o.cli && context.global.json) {
        throw UsageError("--cli and --json exclude each other");
    }
    toml::array files;
    toml::array errors;
    for (std::size_t i = 0; i < o.files.size(); ++i) {
        const auto& path = o.files[i];
        itl::File file;
        try {
            file = read_list(path);
        } catch (const InputError& e) {
            context.error(e.what());
            errors.push_back(toml::table{{"file", path}, {"message", e.what()}});
            context.exit_code = k_exit_input;
            continue;
        }
        const report::ItlShown shown{path, &file, itl::check_signature(file)};
        if (context.global.json) {
            files.push_back(report::itl_file_json(shown));
        } else if (o.cli) {
            report::itl_cli_text(std::cout, shown);
        } else {
            if (i > 0) {
                std::cout << "\n";
            }
            report::itl_show_text(std::cout, shown, context.stdout_style());
        }
    }
    if (context.global.json) {
        std::cout << to_json(
            toml::table{{"schema", "pkitool-itl/1"}, {"files", std::move(files)}, {"errors", std::move(errors)}});
    }
}

struct VerifyOptions {
    std::string file;
    std::vector<std::string> trust;
    std::vector<std::string> certs;
    std::string at = "now";
    std::int64_t warn_days = 30;
};

void verify(Context& context, const VerifyOptions& o)
{
    itl::VerifyOptions options;
    options.at = util::parse_time_argument(o.at);
    options.warn_days = o.warn_days;
    options.trust = certificates(o.trust, {});
    options.certs = certificates(o.certs, {});
    const auto file = read_list(o.file);
    itl::Verification v;
    try {
        v = itl::verify(file, options);
    } catch (const Error& e) {
        rethrow_with_prefix(e, o.file + ": ");
    }
    if (context.global.json) {
        std::cout << to_json(report::itl_verify_json(o.file, file, v, options.at));
    } else {
        report::itl_verify_text(std::cout, o.file, file, v, context.stdout_style());
    }
    context.exit_code = v.failed() ? k_exit_findings : k_exit_ok;
}

struct DiffOptions {
    std::string old_file;
    std::string new_file;
};

void diff(Context& context, const DiffOptions& o)
{
    const auto old_list = read_list(o.old_file);
    const auto new_list = read_list(o.new_file);
    const auto d = itl::diff(old_list, new_list);
    if (context.global.json) {
        std::cout << to_json(report::itl_diff_json(o.old_file, o.new_file, d));
    } else {
        report::itl_diff_text(std::cout, o.old_file, o.new_file, d, context.stdout_style());
    }
    context.exit_code = d.entries.empty() && !d.signer_changed ? k_exit_ok : k_exit_findings;
}

struct CheckOptions {
    std::string current;
    std::string next;
    std::vector<std::string> regenerate;
    std::vector<std::string> tvs_trust;
    std::string version;
};

void check(Context& context, const CheckOptions& o)
{
    if (o.next.empty() == o.regenerate.empty()) {
        throw UsageError("itl check needs either --new NEW.tlv or --regenerate TYPE[@NODE] (not both)");
    }
    itl::CheckOptions options;
    if (!o.version.empty()) {
        options.cucm_version = o.version;
    }
    options.tvs_trust = certificates(o.tvs_trust, {});
    const auto current = read_list(o.current);
    itl::Prediction p;
    std::string what;
    if (!o.next.empty()) {
        const auto next = read_list(o.next);
        try {
            p = itl::check_file(current, next, options);
        } catch (const Error& e) {
            rethrow_with_prefix(e, o.next + ": ");
        }
        what = o.next;
    } else {
        std::vector<itl::Regeneration> plan;
        for (const auto& r : o.regenerate) {
            const auto parsed = itl::parse_regeneration(r);
            plan.insert(plan.end(), parsed.begin(), parsed.end());
            what += (what.empty() ? "a regeneration of " : " and ") + r;
        }
        p = itl::check_plan(current, plan, options);
    }
    if (context.global.json) {
        std::cout << to_json(report::itl_check_json(o.current, what, p));
    } else {
        report::itl_check_text(std::cout, o.current, what, p, context.stdout_style());
    }
    context.exit_code = p.acceptance == itl::Acceptance::rejected ? k_exit_findings : k_exit_ok;
}

struct CreateOptions {
    std::string out;
    std::string signer;
    std::string key;
    std::vector<std::string> records;
    bool ctl = false;
    std::string digest = "sha512";
    std::string filename;
    std::string timestamp = "now";
    bool allow_weak = false;
    bool force = false;
    PasswordOptions password;
};

void create(Context& context, const CreateOptions& o)
{
    const auto overwrite = o.force ? util::Overwrite::replace : util::Overwrite::refuse;
    check_output(context, o.out, true, overwrite);
    itl::CreateSpec spec;
    spec.signer = one_certificate(o.signer, "--signer");
    for (const auto& r : o.records) {
        const auto eq = r.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == r.size()) {
            throw UsageError("--record " + r + ": expected FUNCTION=CERT, e.g. ccm+tftp=cucm-pub.pem");
        }
        const auto function = itl::parse_function(r.substr(0, eq));
        for (auto& cert : certificates({r.substr(eq + 1)}, {})) {
            spec.records.push_back({function, std::move(cert)});
        }
    }
    spec.ctl = o.ctl;
    spec.digest = o.digest == "sha1" ? 1 : o.digest == "sha256" ? 2 : 3;
    spec.filename = o.filename;
    const auto when = util::parse_time_argument(o.timestamp);
    if (when < 0 || when > 0xFFFFFFFFLL) {
        throw UsageError("--timestamp must lie between 1970 and 2106 (4 bytes of Unix time)");
    }
    spec.timestamp = static_cast<std::uint32_t>(when);
    spec.allow_weak = o.allow_weak;

    const auto key = x509::load_pkcs8_key(load::read_private_key(o.key, o.password.load_options()), o.key);
    Botan::AutoSeeded_RNG rng;
    const auto file = itl::create(spec, *key, rng);
    // What was written must read back and verify, or nothing is written.
    const auto status = itl::check_signature(file);
    if (!status.valid) {
        throw InternalError("the trust list just made does not verify: " + status.problem);
    }
    Outputs out(context, "pkitool itl create", overwrite);
    out.add(o.out, file.bytes,
        file.kind() + ", " + std::to_string(file.records.size()) + " records, " + std::to_string(file.bytes.size())
            + " bytes, signed by " + file.signer_name(),
        true);
    out.commit();
}

} // namespace

void add_itl(CLI::App& app, Context& context)
{
    auto* itl_cmd = app.add_subcommand("itl", k_help);
    itl_cmd->require_subcommand(1);

    auto so = std::make_shared<ShowOptions>();
    auto* show_cmd = itl_cmd->add_subcommand("show", k_show_help);
    show_cmd->add_option("FILE", so->files, "ITLFile.tlv or CTLFile.tlv files; - reads standard input")->required();
    show_cmd->add_flag("--cli", so->cli, "Print what CUCM's `show itl` / `show ctl` prints");
    show_cmd->callback([&context, so] { show(context, *so); });

    auto vo = std::make_shared<VerifyOptions>();
    auto* verify_cmd = itl_cmd->add_subcommand("verify", k_verify_help);
    verify_cmd->add_option("FILE", vo->file, "The trust list")->required();
    verify_cmd->add_option("--trust", vo->trust, "The signer must be one of these certificates")->type_name("CERT");
    verify_cmd->add_option("--cert", vo->certs, "Certificates to compare CERTHASH records with")->type_name("CERT");
    verify_cmd->add_option("--at", vo->at, "Judge expiry at TIME: now, 2026-11-24, 2026-11-24T10:00:00Z")
        ->type_name("TIME")
        ->capture_default_str();
    verify_cmd->add_option("--warn-days", vo->warn_days, "Warn of certificates expiring within N days")
        ->type_name("N")
        ->check(CLI::Range(0, 36500))
        ->capture_default_str();
    verify_cmd->callback([&context, vo] { verify(context, *vo); });

    auto d = std::make_shared<DiffOptions>();
    auto* diff_cmd = itl_cmd->add_subcommand("diff", k_diff_help);
    diff_cmd->add_option("OLD", d->old_file, "The earlier trust list")->required();
    diff_cmd->add_option("NEW", d->new_file, "The later trust list")->required();
    diff_cmd->callback([&context, d] { diff(context, *d); });

    auto co = std::make_shared<CheckOptions>();
    auto* check_cmd = itl_cmd->add_subcommand("check", k_check_help);
    check_cmd->add_option("CURRENT", co->current, "The trust list the phones hold now")->required();
    auto* next = check_cmd->add_option("--new", co->next, "The trust list they will be offered")->type_name("NEW.tlv");
    check_cmd
        ->add_option("--regenerate", co->regenerate,
            "Certificates a plan regenerates: TYPE[,TYPE]...[@NODE] (CallManager, TVS, ITLRecovery, CAPF, ...)")
        ->type_name("PLAN")
        ->excludes(next);
    check_cmd
        ->add_option("--tvs-trust", co->tvs_trust, "What the phones' TVS trusts (e.g. consolidate's import stores)")
        ->type_name("PEM");
    check_cmd->add_option("--cucm-version", co->version, "The cluster's version (default: inferred from the signer)")
        ->type_name("VERSION")
        ->check(CLI::IsMember(profile::cucm_versions()));
    check_cmd->callback([&context, co] { check(context, *co); });

    auto cr = std::make_shared<CreateOptions>();
    auto* create_cmd = itl_cmd->add_subcommand("create", k_create_help);
    create_cmd->add_option("--out", cr->out, "The file to write (- for standard output, not a terminal)")
        ->required()
        ->type_name("FILE");
    create_cmd->add_option("--signer", cr->signer, "The signing certificate (also the first SAST record)")
        ->required()
        ->type_name("CERT");
    create_cmd->add_option("--key", cr->key, "The signer's private key")->required()->type_name("KEY");
    create_cmd->add_option("--record", cr->records, "A record: FUNCTION=CERT (repeatable)")->type_name("FUNCTION=CERT");
    create_cmd->add_flag("--ctl", cr->ctl, "Write a CTL (CTLFile.tlv) instead of an ITL");
    create_cmd->add_option("--digest", cr->digest, "The signature's digest")
        ->check(CLI::IsMember({"sha1", "sha256", "sha512"}))
        ->capture_default_str();
    create_cmd->add_option("--filename", cr->filename, "The FILENAME field (default ITLFile.tlv or CTLFile.tlv)")
        ->type_name("NAME");
    create_cmd->add_option("--timestamp", cr->timestamp, "The TIMESTAMP field: now or a time")
        ->type_name("TIME")
        ->capture_default_str();
    create_cmd->add_flag("--allow-weak", cr->allow_weak, "Allow SHA-1 and keys under 2048 bits");
    create_cmd->add_flag("--force", cr->force, "Replace an existing --out file");
    cr->password.add_to(context, *create_cmd, "an encrypted --key");
    create_cmd->callback([&context, cr] { create(context, *cr); });
}

} // namespace pkitool::cli
